from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "haven.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from haven.platform.registries import plug_in

        plug_in(self.label, _register)


def _register() -> None:
    from haven.audit import events
    from haven.platform import registries as hooks

    hooks.event_types.register_all(events.EVENT_TYPES)
    hooks.navigation.register(
        hooks.NavItem("Access log", "audit:log", "audit.view_access_log", order=80)
    )
