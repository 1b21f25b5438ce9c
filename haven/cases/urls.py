from django.urls import path

from haven.cases import urls_contact, views

app_name = "cases"

urlpatterns = [
    path("concern/", views.log_concern, name="log-concern"),
    path("concern/thank-you/", views.concern_logged, name="concern-logged"),
    path("new/", views.record_disclosure, name="new"),
    path("triage/", views.triage, name="triage"),
    path("", views.case_list, name="list"),
    path("search/", views.search, name="search"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/summary/", views.edit_summary, name="edit-summary"),
    path("<str:reference>/survivor/", views.edit_survivor, name="edit-survivor"),
    path("<str:reference>/needs/", views.edit_needs, name="edit-needs"),
    path("<str:reference>/equality/", views.edit_equality, name="edit-equality"),
    path("<str:reference>/tenancy/", views.edit_tenancy, name="edit-tenancy"),
    path("<str:reference>/abuse/", views.edit_abuse, name="edit-abuse"),
    path("<str:reference>/household/add/", views.household_add, name="household-add"),
    path(
        "<str:reference>/household/<int:member_id>/",
        views.household_edit,
        name="household-edit",
    ),
    path("<str:reference>/perpetrators/add/", views.perpetrator_add, name="perpetrator-add"),
    path(
        "<str:reference>/perpetrators/<int:perpetrator_id>/",
        views.perpetrator_edit,
        name="perpetrator-edit",
    ),
    path("<str:reference>/manage/", views.manage, name="manage"),
    path("<str:reference>/allocate/", views.allocate, name="allocate"),
    path("<str:reference>/status/", views.change_status, name="status"),
    path("<str:reference>/close/", views.close, name="close"),
    path("<str:reference>/reopen/", views.reopen, name="reopen"),
    path("<str:reference>/restrict/", views.restrict, name="restrict"),
]

# Safe-contact plan, contacts, chronology and documents: same "cases" namespace.
urlpatterns += urls_contact.urlpatterns
