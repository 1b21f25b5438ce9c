"""Synthetic risk work for demo and benchmark cases (filled in below)."""

from haven.platform.registries import DemoRun


def seed(run: DemoRun) -> int:
    return 0
