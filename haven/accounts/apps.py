from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "haven.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from haven.accounts import signals  # noqa: F401  (connects sign-in auditing)
        from haven.platform.registries import plug_in

        plug_in(self.label, _register)


def _register() -> None:
    from haven.accounts import events, permissions
    from haven.platform import registries as hooks

    permissions.register_base_capabilities()
    hooks.event_types.register_all(events.EVENT_TYPES)
    hooks.navigation.register(
        hooks.NavItem("Users", "accounts:user-list", "accounts.manage_users", order=90)
    )
    hooks.navigation.register(hooks.NavItem("Your account", "accounts:account", order=100))
