"""The layering of Haven's packages, checked on every run (as import-linter would).

Lower layers never import higher ones, counting imports inside functions too (a lazy import
is still a dependency, only a hidden one):

    lib  <-  platform  <-  audit  <-  accounts  <-  cases  <-  feature apps (risk, support, ...)
                                      core (home, errors, demo) sits beside cases

Core and cases never import a feature app: feature apps plug in through their ready().
No module of Haven is in an import cycle with another.
"""

import ast
from pathlib import Path

HAVEN = Path(__file__).resolve().parent.parent / "haven"

# Each package and the Haven packages it may import (besides itself).
ALLOWED = {
    "lib": set(),
    "platform": {"lib"},
    "audit": {"lib", "platform"},
    "accounts": {"lib", "platform", "audit"},
    "cases": {"lib", "platform", "audit", "accounts"},
    "core": {"lib", "platform", "audit", "accounts"},
    "directory": {"lib", "platform", "audit", "accounts", "cases"},
    "public": {"lib", "platform", "audit", "accounts", "cases", "directory"},
    "support": {"lib", "platform", "audit", "accounts", "cases"},
    "risk": {"lib", "platform", "audit", "accounts", "cases"},
}
FEATURE_APPS = {"risk", "support", "directory", "public", "reports", "api"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HAVEN.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def haven_modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in HAVEN.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every haven module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("haven."))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("haven."):
                continue
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in modules
            )
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    modules = haven_modules()
    return {name: imports_of(path, modules) for name, path in modules.items()}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_lower_layers_never_import_higher_ones():
    wrong = []
    for module, imported in import_graph().items():
        package = package_of(module)
        if package not in ALLOWED:
            continue
        for target in imported:
            other = package_of(target)
            if other and other != package and other not in ALLOWED[package]:
                wrong.append(f"{module} imports {target} ({package} may not import {other})")
    assert not wrong, "Imports against the layering:\n" + "\n".join(sorted(wrong))


def test_core_and_cases_never_import_a_feature_app():
    wrong = [
        f"{module} imports {target}"
        for module, imported in import_graph().items()
        if package_of(module) in {"core", "cases"}
        for target in imported
        if package_of(target) in FEATURE_APPS
    ]
    assert not wrong, "Register through the app's ready() instead:\n" + "\n".join(wrong)


# Inside the case app, topics are layered too: services, views and forms of a lower topic never
# import a higher one's. Each topic and the topics it may use.
CASE_TOPICS = {
    "access": set(),
    "chronology": {"access"},
    # Which safeguarding prompts a case shows, and the decisions: the triage queue shows them.
    "safeguarding": {"access"},
    "lifecycle": {"access", "chronology"},
    "record": {"access", "chronology", "lifecycle", "safeguarding"},
    "contact": {"access", "chronology", "lifecycle"},
    # A call-back request from the public site: a new case (record) with its plan (contact).
    "web_intake": {"access", "chronology", "lifecycle", "record", "contact"},
}
CASE_LAYERS = ("services", "views", "forms")


def case_topic_of(module: str) -> tuple[str, str] | None:
    parts = module.split(".")
    if len(parts) == 4 and parts[:2] == ["haven", "cases"] and parts[2] in CASE_LAYERS:
        return parts[2], parts[3]
    return None


def test_case_topics_never_import_a_higher_topic():
    wrong = []
    for module, imported in import_graph().items():
        here = case_topic_of(module)
        if here is None or here[1] not in CASE_TOPICS:
            continue
        for target in imported:
            there = case_topic_of(target)
            if there is None or there[1] == here[1] or there[1] not in CASE_TOPICS:
                continue
            if there[1] not in CASE_TOPICS[here[1]]:
                wrong.append(f"{module} imports {target} ({here[1]} may not use {there[1]})")
    assert not wrong, "Case topics against their layering:\n" + "\n".join(sorted(wrong))


def test_no_module_is_in_an_import_cycle():
    graph = import_graph()
    # A module importing its own package's __init__ (or the reverse) is not a cycle of code.
    edges = {
        module: {t for t in targets if not module.startswith(t + ".") and t != module}
        for module, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    assert not cycles, "Modules importing each other:\n" + "\n".join(map(str, cycles))


def test_the_checks_see_the_imports_they_police():
    # Guard against a checker that silently finds nothing: these imports are known to exist.
    graph = import_graph()
    assert "haven.platform.registries" in graph["haven.cases.hooks"]
    assert "haven.audit.services" in graph["haven.accounts.services"]
