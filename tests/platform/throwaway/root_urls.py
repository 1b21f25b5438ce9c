"""Haven's URLs plus the throwaway app's: the one line an app adds to haven/urls.py."""

from django.urls import include, path

from haven.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

urlpatterns = [
    *urlpatterns,
    path("throwaway/", include("tests.platform.throwaway.urls")),
]
