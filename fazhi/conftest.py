"""Fixtures shared by every app's tests, and the authorization-matrix report."""

from __future__ import annotations

from typing import Any

import pytest

# One session-wide Chromium for every app's page tests: a process cannot hold
# two sync Playwright instances at once.
from fazhi.testing.browser import chromium, page  # noqa: F401

_MATRIX = {"cells": 0, "leaks": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up the cells each matrix test recorded (also from xdist workers)."""
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "authorization_matrix_cells":
            _MATRIX["cells"] += int(str(value))
        elif name == "authorization_matrix_leaks":
            _MATRIX["leaks"] += int(str(value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _MATRIX["cells"]:
        terminalreporter.write_line(
            f"authorization matrix: {_MATRIX['cells']} cells, {_MATRIX['leaks']} leaks"
        )
