from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Safety and housing support: securing the home, action plans and reviews, property safety
    alerts, rehousing and action against perpetrators."""

    name = "haven.support"
    label = "support"
    verbose_name = "Safety and housing support"

    def ready(self) -> None:
        from haven.platform.registries import plug_in
        from haven.support import hooks

        plug_in(self.label, hooks.register)
