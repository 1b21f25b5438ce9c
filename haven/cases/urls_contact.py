"""URLs for the safe-contact plan, contacts, chronology and documents of a case.

Included into haven/cases/urls.py under the same "cases" namespace. No case content in any URL:
only the case reference and row numbers.
"""

from django.urls import path

from haven.cases import contact_views as views

urlpatterns = [
    path("oversight/contact-overrides/", views.plan_overrides, name="contact-overrides"),
    path("<str:reference>/contact/", views.contact_overview, name="contact"),
    path("<str:reference>/contact/plan/", views.edit_plan, name="safe-contact-plan"),
    path("<str:reference>/contact/record/", views.record_contact, name="contact-record"),
    path("<str:reference>/contact/schedule/", views.schedule_contact, name="contact-schedule"),
    path(
        "<str:reference>/contact/<int:contact_id>/outcome/",
        views.complete_contact,
        name="contact-outcome",
    ),
    path(
        "<str:reference>/contact/<int:contact_id>/cancel/",
        views.cancel_contact,
        name="contact-cancel",
    ),
    path("<str:reference>/chronology/", views.chronology, name="chronology"),
    path("<str:reference>/chronology/note/", views.add_note, name="chronology-note"),
    path("<str:reference>/chronology/incident/", views.add_incident, name="chronology-incident"),
    path(
        "<str:reference>/chronology/<int:entry_id>/correct/",
        views.correct_entry,
        name="chronology-correct",
    ),
    path("<str:reference>/documents/", views.documents, name="documents"),
    path(
        "<str:reference>/documents/<int:document_id>/download/",
        views.download_document,
        name="document-download",
    ),
]
