from django.urls import path

from haven.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log, name="log"),
    path("check/", views.check_chain, name="check"),
]
