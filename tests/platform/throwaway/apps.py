"""A throwaway capability app, used only by tests/platform: it plugs into Haven exactly as
docs/adding-an-app.md says, through its ready() and nothing else."""

from django.apps import AppConfig

# Cases with an unfinished throwaway task: its closure blocker refuses to let them close.
OPEN_TASKS: set[int] = set()


class ThrowawayConfig(AppConfig):
    name = "tests.platform.throwaway"
    label = "throwaway"
    verbose_name = "Throwaway test app"

    def ready(self) -> None:
        from haven.platform.registries import plug_in

        plug_in(self.label, register)


def _open_tasks(case) -> list[str]:
    return ["1 throwaway task is still open"] if case.pk in OPEN_TASKS else []


def _card(case, user):
    return {"reference": case.reference, "viewer": user.full_name}


def _work(user, now):
    from haven.platform.registries import WorkBatch, WorkItem

    item = WorkItem("Poke the throwaway", "/throwaway/", state="due_today", due_at=now)
    return WorkBatch(items=[item], total=1, summary="1 throwaway thing is due today.")


# Cases the throwaway app marks "Poked": shown as a header badge and a case-list column.
POKED: set[int] = set()


def _badges(case, user) -> list[tuple[str, str]]:
    return [("Poked", "flag")] if case.pk in POKED else []


def _cells(cases) -> dict[int, tuple[str, str]]:
    return {case.pk: ("Poked", "flag") for case in cases if case.pk in POKED}


def _filter(cases, value):
    return cases.filter(pk__in=POKED) if value == "poked" else cases.exclude(pk__in=POKED)


def _poked_first():
    from django.db.models import Case, IntegerField, Value, When

    poked = When(pk__in=sorted(POKED), then=Value(0))
    return (Case(poked, default=Value(1), output_field=IntegerField()).asc(),)


def register() -> None:
    from haven.platform import registries as hooks

    hooks.capabilities.register(
        hooks.Capability("throwaway.use", "Use the throwaway app", granted_with="cases.view_case")
    )
    hooks.navigation.register(
        hooks.NavItem("Throwaway", "throwaway:home", "throwaway.use", order=45)
    )
    hooks.case_tabs.register(
        hooks.CaseTab(
            "Throwaway tab", "throwaway:case", also_for=("throwaway:case-edit",), order=45
        )
    )
    hooks.case_cards.register(hooks.CaseCard("throwaway", "throwaway/card.html", _card))
    hooks.case_badges.register(hooks.CaseBadge("throwaway", _badges))
    hooks.case_list_columns.register(
        hooks.CaseListColumn(
            "poke",
            "Throwaway state",
            _cells,
            empty="Not poked",
            filter_label="Poked or not",
            filter_choices=(("poked", "Poked"), ("not", "Not poked")),
            apply_filter=_filter,
            sort_label="Poked first",
            sort_by=_poked_first,
        )
    )
    hooks.chronology_kinds.register(
        hooks.ChronologyKind("throwaway_entry", "Throwaway entry", "throwaway/entry.html")
    )
    hooks.closure_blockers.register(
        hooks.ClosureBlocker("throwaway-tasks", _open_tasks, may_hand_over=False)
    )
    hooks.work_sections.register(
        hooks.WorkSection("throwaway", "Throwaway work", _work, "throwaway.use", order=60)
    )
    hooks.event_types.register(
        hooks.EventType("throwaway.poked", "Throwaway poked", "cases.case", frozenset({"times"}))
    )
