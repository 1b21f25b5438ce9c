"""The case app's URLs, by topic. No case content in any URL: only the case reference and row
numbers."""

from django.urls import path

from haven.cases.views import chronology, contact, lifecycle, record, safeguarding

app_name = "cases"

urlpatterns = [
    # Intake and finding cases
    path("concern/", record.log_concern, name="log-concern"),
    path("concern/thank-you/", record.concern_logged, name="concern-logged"),
    path("new/", record.record_disclosure, name="new"),
    path("triage/", record.triage, name="triage"),
    path("", record.case_list, name="list"),
    path("search/", record.search, name="search"),
    # The coordinator's oversight
    path("reviews/", lifecycle.reviews, name="reviews"),
    path("reviews/<int:review_id>/", lifecycle.review, name="review"),
    path("oversight/contact-overrides/", contact.plan_overrides, name="contact-overrides"),
    path(
        "oversight/contact-overrides/<int:contact_id>/followed-up/",
        contact.follow_up_override,
        name="contact-override-follow-up",
    ),
    # The case record
    path("<str:reference>/", record.detail, name="detail"),
    path("<str:reference>/record/", record.record, name="record"),
    path("<str:reference>/summary/", record.edit_summary, name="edit-summary"),
    path("<str:reference>/survivor/", record.edit_survivor, name="edit-survivor"),
    path("<str:reference>/needs/", record.edit_needs, name="edit-needs"),
    path("<str:reference>/equality/", record.edit_equality, name="edit-equality"),
    path("<str:reference>/tenancy/", record.edit_tenancy, name="edit-tenancy"),
    path("<str:reference>/abuse/", record.edit_abuse, name="edit-abuse"),
    path("<str:reference>/children/", record.edit_children, name="edit-children"),
    path("<str:reference>/household/add/", record.household_add, name="household-add"),
    path(
        "<str:reference>/household/<int:member_id>/",
        record.household_edit,
        name="household-edit",
    ),
    path("<str:reference>/perpetrators/add/", record.perpetrator_add, name="perpetrator-add"),
    path(
        "<str:reference>/perpetrators/<int:perpetrator_id>/",
        record.perpetrator_edit,
        name="perpetrator-edit",
    ),
    # Safeguarding decisions: kind is "children" or "adult"
    path(
        "<str:reference>/safeguarding/<str:kind>/",
        safeguarding.decision,
        name="safeguarding-decision",
    ),
    # Lifecycle
    path("<str:reference>/manage/", lifecycle.manage, name="manage"),
    path("<str:reference>/allocate/", lifecycle.allocate, name="allocate"),
    path("<str:reference>/status/", lifecycle.change_status, name="status"),
    path("<str:reference>/close/", lifecycle.close, name="close"),
    path("<str:reference>/reopen/", lifecycle.reopen, name="reopen"),
    path("<str:reference>/restrict/", lifecycle.restrict, name="restrict"),
    # Contact and the safe-contact plan
    path("<str:reference>/contact/", contact.contact_overview, name="contact"),
    path("<str:reference>/contact/plan/", contact.edit_plan, name="safe-contact-plan"),
    path("<str:reference>/contact/record/", contact.record_contact, name="contact-record"),
    path("<str:reference>/contact/schedule/", contact.schedule_contact, name="contact-schedule"),
    path(
        "<str:reference>/contact/<int:contact_id>/outcome/",
        contact.complete_contact,
        name="contact-outcome",
    ),
    path(
        "<str:reference>/contact/<int:contact_id>/cancel/",
        contact.cancel_contact,
        name="contact-cancel",
    ),
    # Chronology and documents
    path("<str:reference>/chronology/", chronology.chronology, name="chronology"),
    path("<str:reference>/chronology/note/", chronology.add_note, name="chronology-note"),
    path(
        "<str:reference>/chronology/incident/", chronology.add_incident, name="chronology-incident"
    ),
    path(
        "<str:reference>/chronology/<int:entry_id>/correct/",
        chronology.correct_entry,
        name="chronology-correct",
    ),
    path("<str:reference>/documents/", chronology.documents, name="documents"),
    path(
        "<str:reference>/documents/<int:document_id>/download/",
        chronology.download_document,
        name="document-download",
    ),
]
