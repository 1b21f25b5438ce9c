"""How safety and housing support plugs into Haven (docs/adding-an-app.md). Called once, from
ready()."""

from haven.platform import registries as hooks
from haven.support import events

CASE_PAGES = (
    "support:security-request",
    "support:security-complete",
    "support:plan-agree",
    "support:action-add",
    "support:action-update",
    "support:plan-review",
    "support:alert-add",
    "support:alert-end",
    "support:rehousing",
    "support:perpetrator-action-add",
    "support:perpetrator-action-update",
    "support:breach-add",
)


def register() -> None:
    from haven.support import chronology, demo, presentation, services

    hooks.event_types.register_all(events.EVENT_TYPES)
    for capability in (
        hooks.Capability(
            "support.give_support",
            "Secure homes, agree and review action plans, rehousing and perpetrator actions",
            granted_with="cases.view_case",
        ),
        hooks.Capability(
            "support.oversee_support",
            "See every case's support work: lock changes past the clock, reviews and actions due",
            granted_with="cases.view_all_cases",
        ),
        # Repairs, rent and neighbourhood staff must know before they knock: every member of
        # staff may look a property up, and sees what to do and whom to call, nothing more.
        hooks.Capability(
            "support.look_up_property",
            "Look up a property's safety alerts before a visit",
            granted_with="cases.log_concern",
        ),
    ):
        hooks.capabilities.register(capability)
    for item in (
        hooks.NavItem("Support work", "support:work", "support.give_support", order=45),
        hooks.NavItem("Lock changes", "support:lock-changes", "support.oversee_support", order=46),
        hooks.NavItem(
            "Property alerts", "support:property-lookup", "support.look_up_property", order=70
        ),
    ):
        hooks.navigation.register(item)
    from haven.support import worklist

    for section in (
        hooks.WorkSection(
            "support-due",
            "Safety and housing",
            worklist.support_due,
            "support.give_support",
            order=55,
        ),
        hooks.WorkSection(
            "support-late-locks",
            "Lock changes past the clock",
            worklist.late_lock_changes,
            "support.oversee_support",
            order=25,
        ),
    ):
        hooks.work_sections.register(section)
    hooks.case_tabs.register(
        hooks.CaseTab(
            "Safety and housing",
            "support:case",
            also_for=CASE_PAGES,
            order=55,
            permission="support.give_support",
        )
    )
    hooks.case_cards.register(
        hooks.CaseCard("support", "support/card.html", presentation.card_context, order=20)
    )
    # Each step of support (work asked for and done, the plan agreed and reviewed, alerts,
    # rehousing, action against a perpetrator) is an entry of its area's kind; one card
    # template draws them all from the step's SupportEntry.
    for order, (key, label) in enumerate(chronology.KINDS, start=100):
        hooks.chronology_kinds.register(
            hooks.ChronologyKind(
                key,
                label,
                "support/chronology/step.html",
                order=order,
                related=("support_entry",),
            )
        )
    hooks.closure_blockers.register(
        hooks.ClosureBlocker(
            "securing-the-home", services.open_security_sentences, may_hand_over=False, order=30
        )
    )
    hooks.closure_blockers.register(
        hooks.ClosureBlocker("action-plan", services.plan_sentences, may_hand_over=False, order=35)
    )
    hooks.demo_seeders.register(
        hooks.DemoSeeder(
            "support",
            "Lock changes, action plans, property alerts, rehousing and perpetrator actions",
            demo.seed,
            order=45,
        )
    )
    for page in (
        hooks.BenchPage(
            "safety and housing tab", "support:case", "support.give_support", kind="case", order=55
        ),
        hooks.BenchPage("support work list", "support:work", "support.give_support", order=56),
        hooks.BenchPage(
            "lock changes (coordinator)",
            "support:lock-changes",
            "support.oversee_support",
            order=57,
        ),
    ):
        hooks.bench_pages.register(page)
