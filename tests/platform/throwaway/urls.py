from django.urls import path

from tests.platform.throwaway import views

app_name = "throwaway"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/edit/", views.case_page, name="case-edit"),
]
