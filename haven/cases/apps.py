from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "haven.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from haven.cases import hooks, signals  # noqa: F401  (signals: safeguarding reminders)
        from haven.platform.registries import plug_in

        plug_in(self.label, hooks.register)
