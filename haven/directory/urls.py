from django.urls import path

from haven.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("add/", views.service_add, name="add"),
    path("export/", views.export, name="export"),
    path("import/", views.import_file, name="import"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("services/<slug:key>/", views.service_detail, name="detail"),
    path("services/<slug:key>/edit/", views.service_edit, name="edit"),
    path("cases/<str:reference>/", views.case_services, name="case"),
    path("cases/<str:reference>/signpost/<slug:key>/", views.signpost, name="signpost"),
    path("cases/<str:reference>/refer/<slug:key>/", views.refer, name="refer"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/outcome/",
        views.referral_outcome,
        name="referral-outcome",
    ),
]
