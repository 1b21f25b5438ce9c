"""How the case app plugs into the platform: the same recipe every capability app follows
(docs/adding-an-app.md). Called once, from CasesConfig.ready()."""

from haven.cases import events
from haven.platform import registries as hooks

RECORD_PAGES = (
    "cases:edit-summary",
    "cases:edit-survivor",
    "cases:edit-needs",
    "cases:edit-equality",
    "cases:edit-tenancy",
    "cases:edit-abuse",
    "cases:edit-children",
    "cases:household-add",
    "cases:household-edit",
    "cases:perpetrator-add",
    "cases:perpetrator-edit",
    "cases:safeguarding-decision",
)


def register() -> None:
    hooks.event_types.register_all(events.EVENT_TYPES)
    _register_record_and_lifecycle()
    _register_contact()
    _register_chronology_and_documents()
    _register_safeguarding()


def _register_record_and_lifecycle() -> None:
    from haven.cases import closure, demo, worklist

    for item in (
        hooks.NavItem("Log a concern", "cases:log-concern", "cases.log_concern", order=10),
        hooks.NavItem("Triage", "cases:triage", "cases.view_triage", order=20),
        hooks.NavItem("Cases", "cases:list", "cases.view_case", order=30),
        hooks.NavItem("Search", "cases:search", "cases.view_case", order=40),
    ):
        hooks.navigation.register(item)
    # The case opens on its overview; the long record has a tab of its own.
    hooks.case_tabs.register(hooks.CaseTab("Overview", "cases:detail", order=5))
    hooks.case_tabs.register(
        hooks.CaseTab("Case record", "cases:record", also_for=RECORD_PAGES, order=10)
    )
    hooks.case_tabs.register(
        hooks.CaseTab(
            "Allocation and status",
            "cases:manage",
            also_for=(
                "cases:allocate",
                "cases:status",
                "cases:close",
                "cases:reopen",
                "cases:restrict",
            ),
            order=20,
        )
    )
    hooks.closure_blockers.register(
        hooks.ClosureBlocker("coordinator-reviews", closure.open_reviews, order=10)
    )
    for section in worklist.SECTIONS:
        hooks.work_sections.register(section)
    hooks.demo_seeders.register(
        hooks.DemoSeeder(
            "cases", "Cases, survivors, households and perpetrators", demo.seed, order=10
        )
    )
    for page in (
        hooks.BenchPage("case list", "cases:list", "cases.view_case", order=20),
        hooks.BenchPage("triage queue", "cases:triage", "cases.view_triage", order=30),
        hooks.BenchPage("case page", "cases:detail", "cases.view_case", kind="case", order=60),
        hooks.BenchPage("case record", "cases:record", "cases.view_case", kind="case", order=65),
    ):
        hooks.bench_pages.register(page)
    _register_bench_searches()


def _register_bench_searches() -> None:
    from haven.cases import bench

    # The searches an officer types, from the rarest answer to the commonest; `shows_case`
    # where the sample case is sure to be on the first page of results.
    searches = (
        ("reference", bench.reference, True),
        ("full name", bench.full_name, False),
        ("date of birth", bench.date_of_birth, True),
        ("postcode", bench.postcode, True),
        ("phone", bench.phone, False),
        ("surname", bench.surname, False),
        ("first name", bench.first_name, False),
        ("partial name", bench.partial_name, False),
    )
    for order, (label, form, shows_case) in enumerate(searches, start=40):
        hooks.bench_pages.register(
            hooks.BenchPage(
                f"search: {label}",
                "cases:search",
                "cases.view_case",
                kind="search",
                order=order,
                form=form,
                shows_case=shows_case,
            )
        )


def _register_contact() -> None:
    from haven.cases import closure, demo_contact

    hooks.navigation.register(
        hooks.NavItem(
            "Plan overrides", "cases:contact-overrides", "cases.view_plan_overrides", order=60
        )
    )
    hooks.case_tabs.register(
        hooks.CaseTab(
            "Contact and safe-contact plan",
            "cases:contact",
            also_for=(
                "cases:safe-contact-plan",
                "cases:contact-record",
                "cases:contact-schedule",
                "cases:contact-outcome",
                "cases:contact-cancel",
            ),
            order=30,
        )
    )
    hooks.closure_blockers.register(
        hooks.ClosureBlocker("planned-contacts", closure.planned_contacts, order=20)
    )
    hooks.demo_seeders.register(
        hooks.DemoSeeder(
            "contact",
            "Safe-contact plans, contacts, notes and incidents",
            demo_contact.seed,
            order=20,
        )
    )


def _register_chronology_and_documents() -> None:
    from haven.cases.services import chronology as chronology_services

    hooks.case_tabs.register(
        hooks.CaseTab(
            "Chronology",
            "cases:chronology",
            also_for=(
                "cases:chronology-note",
                "cases:chronology-incident",
                "cases:chronology-correct",
            ),
            order=40,
        )
    )
    hooks.case_tabs.register(hooks.CaseTab("Documents", "cases:documents", order=50))
    # `related`: the reverse names of the models holding each kind's link (ContactRecord.entry,
    # Incident.entry, Document.entry), fetched with the entries in the chronology's one query.
    for kind in (
        hooks.ChronologyKind("note", "Note", "cases/chronology/note.html", order=10),
        hooks.ChronologyKind(
            "contact_attempt",
            "Contact attempt",
            "cases/chronology/contact.html",
            order=20,
            related=("contact_record",),
        ),
        hooks.ChronologyKind(
            "contact",
            "Contact",
            "cases/chronology/contact.html",
            order=30,
            related=("contact_record",),
        ),
        hooks.ChronologyKind(
            "incident",
            "Incident",
            "cases/chronology/incident.html",
            order=40,
            related=("incident",),
        ),
        hooks.ChronologyKind(
            "document",
            "Document",
            "cases/chronology/document.html",
            order=50,
            related=("document_record",),
        ),
    ):
        hooks.chronology_kinds.register(kind)
    hooks.stored_file_kinds.register(
        hooks.StoredFileKind(
            "documents", "Uploaded documents", chronology_services.rotate_document_files
        )
    )


def _register_safeguarding() -> None:
    from haven.cases import closure
    from haven.cases.services import safeguarding

    hooks.closure_blockers.register(
        hooks.ClosureBlocker(
            "safeguarding-decisions",
            closure.missing_safeguarding_decisions,
            may_hand_over=False,
            order=25,
        )
    )

    # Near the top of the record: the decision in force for each kind, or the prompt waiting.
    hooks.case_cards.register(
        hooks.CaseCard(
            "safeguarding", "cases/safeguarding/card.html", safeguarding.card_for, order=10
        )
    )
