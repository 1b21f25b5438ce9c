from django.urls import path

from haven.risk import views

app_name = "risk"

CASE = "cases/<str:reference>/"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("high-risk/", views.high_risk, name="high-risk"),
    path("marac/", views.marac_overview, name="marac"),
    path("marac/meetings/add/", views.meeting_add, name="meeting-add"),
    path("marac/meetings/<int:pk>/", views.meeting, name="meeting"),
    path(CASE, views.case_risk, name="case"),
    path(CASE + "dash/new/", views.dash_new, name="dash-new"),
    path(CASE + "dash/other-agency/", views.dash_other, name="dash-other"),
    path(CASE + "dash/<int:pk>/", views.dash_detail, name="dash-detail"),
    path(CASE + "dash/<int:pk>/edit/", views.dash_edit, name="dash-edit"),
    path(CASE + "marac/refer/", views.marac_refer, name="marac-refer"),
    path(CASE + "marac/referrals/<int:pk>/form/", views.marac_form, name="marac-form"),
    path(CASE + "marac/actions/add/", views.action_add, name="action-add"),
    path(CASE + "marac/actions/<int:pk>/start/", views.action_start, name="action-start"),
    path(CASE + "marac/actions/<int:pk>/done/", views.action_done, name="action-done"),
    path(CASE + "mappa/add/", views.mappa_add, name="mappa-add"),
    path(CASE + "dvds/add/", views.dvds_add, name="dvds-add"),
    path(CASE + "dvds/<int:pk>/decision/", views.dvds_decision, name="dvds-decision"),
    path(CASE + "safeguarding/add/", views.safeguarding_add, name="safeguarding-add"),
    path(
        CASE + "safeguarding/<int:pk>/outcome/",
        views.safeguarding_outcome,
        name="safeguarding-outcome",
    ),
]
