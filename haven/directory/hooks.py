"""How the directory plugs into Haven (docs/adding-an-app.md). Called once, from ready()."""

from haven.directory import events
from haven.platform import registries as hooks

CASE_PAGES = ("directory:signpost", "directory:refer", "directory:referral-outcome")


def register() -> None:
    from haven.directory import demo, services, worklist

    hooks.event_types.register_all(events.EVENT_TYPES)
    hooks.capabilities.register(
        hooks.Capability(
            "directory.manage_services",
            "Keep the directory of support services up to date",
            granted_with="accounts.manage_users",
        )
    )
    # Caseworkers find services for survivors; administrators see what they keep up to date.
    hooks.capabilities.register(
        hooks.Capability(
            "directory.view_services",
            "Find support services",
            granted_with=("cases.view_case", "directory.manage_services"),
        )
    )
    hooks.navigation.register(
        hooks.NavItem("Support services", "directory:list", "directory.view_services", order=50)
    )
    hooks.work_sections.register(
        hooks.WorkSection(
            "directory-referrals",
            "Referrals to follow up",
            worklist.referrals_to_follow_up,
            "cases.view_case",
            order=60,
        )
    )
    hooks.case_tabs.register(
        hooks.CaseTab("Support services", "directory:case", also_for=CASE_PAGES, order=60)
    )
    for kind in (
        hooks.ChronologyKind(
            "signposting",
            "Information given",
            "directory/chronology/signposting.html",
            order=60,
            related=("signposting__service",),
        ),
        hooks.ChronologyKind(
            "referral",
            "Referral",
            "directory/chronology/referral.html",
            order=70,
            related=("referral__service",),
        ),
    ):
        hooks.chronology_kinds.register(kind)
    hooks.closure_blockers.register(
        hooks.ClosureBlocker("referrals", services.open_referral_sentences, order=40)
    )
    hooks.demo_seeders.register(
        hooks.DemoSeeder("directory", "Signposting and referrals", demo.seed, order=40)
    )
    hooks.bench_pages.register(
        hooks.BenchPage(
            "support services tab", "directory:case", "cases.view_case", kind="case", order=60
        )
    )
