"""Serving the public "Get help" site alone on its own host name (HAVEN_PUBLIC_HOST), as a
landlord would put it on its website: on that host only the public pages exist, and staff pages
are simply not there (404), whatever the path."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_ONLY_URLCONF = "haven.public.host_urls"


class PublicHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public_host = settings.HAVEN_PUBLIC_HOST
        if public_host and request.get_host().split(":")[0].lower() == public_host:
            request.urlconf = PUBLIC_ONLY_URLCONF
        return self.get_response(request)
