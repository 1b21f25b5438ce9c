from django.urls import path

from haven.support import views

app_name = "support"

CASE = "cases/<str:reference>/"

urlpatterns = [
    path("", views.work, name="work"),
    path("lock-changes/", views.lock_changes, name="lock-changes"),
    path("properties/", views.property_lookup, name="property-lookup"),
    path(CASE, views.case_support, name="case"),
    path(CASE + "security/new/", views.security_request, name="security-request"),
    path(CASE + "security/<int:pk>/done/", views.security_complete, name="security-complete"),
    path(CASE + "plan/new/", views.plan_agree, name="plan-agree"),
    path(CASE + "plan/actions/new/", views.action_add, name="action-add"),
    path(CASE + "plan/actions/<int:pk>/", views.action_update, name="action-update"),
    path(CASE + "plan/review/", views.plan_review, name="plan-review"),
    path(CASE + "alerts/new/", views.alert_add, name="alert-add"),
    path(CASE + "alerts/<int:pk>/end/", views.alert_end, name="alert-end"),
    path(CASE + "rehousing/", views.rehousing, name="rehousing"),
    path(
        CASE + "perpetrator-actions/new/",
        views.perpetrator_action_add,
        name="perpetrator-action-add",
    ),
    path(
        CASE + "perpetrator-actions/<int:pk>/",
        views.perpetrator_action_update,
        name="perpetrator-action-update",
    ),
    path(CASE + "perpetrator-actions/<int:pk>/breach/", views.breach_add, name="breach-add"),
]
