"""The worked cases in cases/*.yaml, written for a legal officer to read and extend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from fazhi.rules import Pause, compute

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(
                pytest.param(case, id=f"{path.stem}:{case['rule']}:{case['start']}")
            )
    return found


ALL_CASES = _load()


def test_there_are_at_least_sixty_cases_across_the_statutes():
    prefixes = {param.values[0]["rule"].split(".")[0] for param in ALL_CASES}

    assert len(ALL_CASES) >= 60
    assert {
        "reconsideration",
        "ogi",
        "penalty",
        "licensing",
        "coercion",
        "transfer",
    } <= prefixes


@pytest.mark.parametrize("case", ALL_CASES)
def test_case(case):
    pauses = [Pause(start, end) for start, end in case.get("pauses", [])]

    deadline = compute(
        case["rule"],
        case["start"],
        extend=case.get("extend", 0),
        pauses=pauses,
        variant=case.get("variant"),
    )

    assert deadline.due == case["due"], f"{case['name']}: {deadline.explanation}"
    if "unit" in case:
        assert deadline.unit == case["unit"]
    assert isinstance(case["due"], dt.date)
