from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Support services (national and local), and the signposting and referrals made from a case."""

    name = "haven.directory"
    label = "directory"
    verbose_name = "Support services directory"

    def ready(self) -> None:
        from haven.directory import hooks
        from haven.platform.registries import plug_in

        plug_in(self.label, hooks.register)
