"""Values every page template needs: service name, landlord, and role-aware navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from haven.core.navigation import navigation_for


def haven(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "landlord_name": settings.HAVEN_LANDLORD_NAME,
        "service_name": settings.HAVEN_SERVICE_NAME,
        "navigation": navigation_for(request) if user is not None else [],
        "demo_mode": settings.DEMO_MODE,
    }
