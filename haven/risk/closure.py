"""Risk work's closure blocker: an open MARAC action must be done before the case closes (each
agency owns its MARAC actions; they cannot be handed over by closing the case)."""

from haven.cases.models import Case
from haven.risk import services


def open_marac_actions(case: Case) -> list[str]:
    return services.open_action_sentences(case)
