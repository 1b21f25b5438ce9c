from django.apps import AppConfig


class RiskConfig(AppConfig):
    """DASH RIC risk assessment, risk over time, MARAC, MAPPA liaison and Clare's Law (DVDS)."""

    name = "haven.risk"
    label = "risk"
    verbose_name = "Risk and multi-agency working"

    def ready(self) -> None:
        from haven.platform.registries import plug_in
        from haven.risk import hooks

        plug_in(self.label, hooks.register)
