"""How risk work plugs into Haven (docs/adding-an-app.md). Called once, from ready()."""

from typing import Any

from haven.platform import registries as hooks
from haven.risk import events

CASE_PAGES = (
    "risk:dash-new",
    "risk:dash-edit",
    "risk:dash-detail",
    "risk:dash-other",
    "risk:marac-refer",
    "risk:marac-form",
    "risk:action-add",
    "risk:action-start",
    "risk:action-done",
    "risk:mappa-add",
    "risk:dvds-add",
    "risk:dvds-decision",
    "risk:safeguarding-add",
    "risk:safeguarding-outcome",
)


def register() -> None:
    from haven.risk import closure, demo, presentation

    hooks.event_types.register_all(events.EVENT_TYPES)
    # The level other apps read without importing this one (support's review schedule).
    hooks.risk_levels.register(hooks.RiskLevelSource("dash", _current_level))
    hooks.capabilities.register(
        hooks.Capability(
            "risk.assess_risk",
            "Complete DASH risk assessments; record MARAC referrals and actions, MAPPA liaison "
            "and Clare's Law applications, on the cases in their scope",
            granted_with="cases.view_case",
        )
    )
    hooks.capabilities.register(
        hooks.Capability(
            "risk.coordinate_marac",
            "Record MARAC meetings and oversee every MARAC action",
            granted_with="cases.view_all_cases",
        )
    )
    hooks.navigation.register(
        hooks.NavItem("Risk and MARAC", "risk:overview", "risk.assess_risk", order=35)
    )
    from haven.risk import worklist

    hooks.work_sections.register(
        hooks.WorkSection(
            "risk-marac-actions",
            "MARAC actions",
            worklist.marac_actions,
            "risk.assess_risk",
            order=35,
        )
    )
    hooks.case_tabs.register(
        hooks.CaseTab(
            "Risk and MARAC",
            "risk:case",
            also_for=CASE_PAGES,
            order=35,
            permission="risk.assess_risk",
        )
    )
    hooks.case_cards.register(
        hooks.CaseCard("risk", "risk/card.html", presentation.card_context, order=10)
    )
    hooks.case_badges.register(hooks.CaseBadge("risk", presentation.header_badges, order=10))
    hooks.case_list_columns.register(
        hooks.CaseListColumn(
            "risk",
            "DASH risk",
            presentation.list_cells,
            empty="Not assessed",
            order=10,
            filter_label="DASH risk level",
            filter_choices=presentation.FILTER_CHOICES,
            apply_filter=presentation.filter_cases,
            sort_label=presentation.SORT_LABEL,
            sort_by=presentation.sort_by_level,
        )
    )
    for kind in (
        hooks.ChronologyKind(
            "dash",
            "DASH risk assessment",
            "risk/chronology/dash.html",
            order=80,
            related=("dash_assessment",),
        ),
        hooks.ChronologyKind(
            "marac_referral",
            "MARAC referral",
            "risk/chronology/marac_referral.html",
            order=90,
            related=("marac_referral",),
        ),
        hooks.ChronologyKind(
            "safeguard_referral",
            "Safeguarding referral",
            "risk/chronology/safeguarding_referral.html",
            order=95,
            related=("safeguarding_referral",),
        ),
        hooks.ChronologyKind(
            "safeguard_outcome",
            "Safeguarding referral outcome",
            "risk/chronology/safeguarding_outcome.html",
            order=96,
            related=("safeguarding_outcome__referral",),
        ),
    ):
        hooks.chronology_kinds.register(kind)
    hooks.closure_blockers.register(
        hooks.ClosureBlocker(
            "marac-actions", closure.open_marac_actions, may_hand_over=False, order=30
        )
    )
    hooks.demo_seeders.register(
        hooks.DemoSeeder(
            "risk",
            "DASH assessments, MARAC referrals, meetings and actions, Clare's Law applications, "
            "safeguarding decisions and referrals",
            demo.seed,
            order=30,
        )
    )
    for page in (
        hooks.BenchPage("high-risk cases", "risk:high-risk", "risk.assess_risk", order=70),
        hooks.BenchPage(
            "case list filtered to high risk",
            "cases:list",
            "risk.assess_risk",
            order=69,
            query="risk=high",
        ),
        hooks.BenchPage("MARAC overview", "risk:marac", "risk.coordinate_marac", order=71),
        hooks.BenchPage("risk tab", "risk:case", "risk.assess_risk", kind="case", order=72),
    ):
        hooks.bench_pages.register(page)


def _current_level(case: Any) -> str | None:
    from haven.risk.models import CaseRisk

    state = CaseRisk.objects.filter(case=case).values_list("level", flat=True).first()
    return state or None
