from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "haven.core"
    label = "core"
    verbose_name = "Haven core"

    def ready(self) -> None:
        # Registers `check --deploy --database default`'s check of the database's walls.
        from haven.core import checks  # noqa: F401
        from haven.platform.registries import plug_in

        plug_in(self.label, _register)


def _register() -> None:
    from haven.core import events
    from haven.platform import registries as hooks

    hooks.event_types.register_all(events.EVENT_TYPES)
    hooks.navigation.register(hooks.NavItem("Home", "core:home", order=0))
    # The minimal signed-in page: every other page's time is a ratio to it.
    hooks.bench_pages.register(hooks.BenchPage("home", "core:home", order=0))
