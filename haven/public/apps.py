from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public "Get help" site: information, 999 guidance and a safe call-back request.

    It knows nothing of staff: no navigation, capabilities or case pages of its own. A call-back
    request is handed to the case app's web intake, which puts it in the triage queue.
    """

    name = "haven.public"
    label = "public"
    verbose_name = "Get help (public site)"
