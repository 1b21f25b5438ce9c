"""Every access-log action the code writes is declared by an app, even on paths no other test
walks: a declaration missed on a rare path would only show in production otherwise."""

import ast
from pathlib import Path

from haven.platform.registries import event_types

HAVEN = Path(__file__).resolve().parents[2] / "haven"


def written_actions() -> dict[str, str]:
    """Literal action names passed to record_event (or case_event), with where they are."""
    found: dict[str, str] = {}
    for path in HAVEN.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if called not in {"record_event", "case_event", "_log_contact"}:
                continue
            first = node.args[0]
            names = []
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = [first.value]
            elif isinstance(first, ast.IfExp):
                names = [
                    branch.value
                    for branch in (first.body, first.orelse)
                    if isinstance(branch, ast.Constant)
                ]
            for name in names:
                found[name] = f"{path.relative_to(HAVEN.parent)}:{node.lineno}"
    return found


def test_every_action_written_is_declared():
    actions = written_actions()
    assert len(actions) > 40  # the scan sees the calls it is meant to police
    undeclared = [f"{name} ({where})" for name, where in actions.items() if name not in event_types]
    assert not undeclared, "Declare these in the app's events.py:\n" + "\n".join(undeclared)
