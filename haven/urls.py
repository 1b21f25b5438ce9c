from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("", include("haven.core.urls")),
    path("account/", include("haven.accounts.urls")),
    # django-otp-webauthn's URL names and paths, served by views fitted to Haven's sign-in.
    path("webauthn/", include("haven.accounts.webauthn_urls", namespace="otp_webauthn")),
    path("cases/", include("haven.cases.urls")),
    path("audit/", include("haven.audit.urls", namespace="audit")),
    path("directory/", include("haven.directory.urls")),
    # /get-help/ in English, /cy/get-help/ in Welsh.
    *i18n_patterns(path("get-help/", include("haven.public.urls")), prefix_default_language=False),
]

handler400 = "haven.core.views.bad_request"
handler403 = "haven.core.views.permission_denied"
handler404 = "haven.core.views.page_not_found"
handler500 = "haven.core.views.server_error"
