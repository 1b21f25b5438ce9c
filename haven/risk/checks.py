"""`manage.py check` names a risk setting that is not allowed (the page uses the default)."""

from collections.abc import Sequence
from typing import Any

from django.core import checks

from haven.risk import config


def check_risk_settings(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, id=f"risk.E{number:03d}")
        for number, problem in enumerate(config.problems(), 1)
    ]
