from django.apps import AppConfig


class RiskConfig(AppConfig):
    """DASH RIC risk assessment, risk over time, MARAC, MAPPA liaison and Clare's Law (DVDS)."""

    name = "haven.risk"
    label = "risk"
    verbose_name = "Risk and multi-agency working"

    def ready(self) -> None:
        from django.core import checks

        from haven.platform.registries import plug_in
        from haven.risk import hooks
        from haven.risk.checks import check_risk_settings

        plug_in(self.label, hooks.register)
        checks.register(check_risk_settings)
