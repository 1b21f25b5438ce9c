"""The URLs of the public host (HAVEN_PUBLIC_HOST): the Get help pages, and nothing of staff."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView

from haven.accounts.decorators import public_site_page

urlpatterns = [
    path("", public_site_page(RedirectView.as_view(pattern_name="public:home"))),
    *i18n_patterns(path("get-help/", include("haven.public.urls")), prefix_default_language=False),
]

handler404 = "haven.public.views.page_not_found"
handler500 = "haven.core.views.server_error"
