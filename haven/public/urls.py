from django.urls import path

from haven.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("what-is-domestic-abuse/", views.what_is_abuse, name="what-is-abuse"),
    path("how-we-can-help/", views.how_we_help, name="how-we-help"),
    path("staying-safe-online/", views.staying_safe_online, name="staying-safe-online"),
    path("support-services/", views.find_services, name="services"),
    path("call-back/", views.call_back, name="call-back"),
    # Last: any other address under Get help is this site's own "Page not found", with the way
    # out and 999, never the staff page.
    path("<path:rest>", views.not_found, name="not-found"),
]
