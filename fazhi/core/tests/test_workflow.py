from dataclasses import dataclass

import pytest

from fazhi.core.errors import DomainError
from fazhi.core.workflow import Refusal, Step, StepRefusedError, Workflow


@dataclass
class Case:
    state: str = "filed"
    reviewed: bool = False


def needs_review(case: Case) -> Refusal | None:
    if case.reviewed:
        return None
    return Refusal(
        zh="重大案件须先经法制审核。",
        en="A major case needs the legal review first.",
        basis="《中华人民共和国行政处罚法》第58条",
        code="legal_review_required",
    )


CASE = Workflow(
    "test",
    states={"filed": "已立案", "investigated": "已调查", "decided": "已决定"},
    initial="filed",
    steps=[
        Step("investigate", "调查", sources={"filed"}, target="investigated"),
        Step(
            "decide",
            "作出决定",
            sources={"investigated"},
            target="decided",
            basis="《中华人民共和国行政处罚法》第57条",
            guards=[needs_review],
        ),
    ],
)


def test_a_step_from_the_wrong_state_names_the_states_and_the_article():
    with pytest.raises(StepRefusedError) as caught:
        CASE.check(Case(), "decide")

    error = caught.value
    assert error.code == "step_not_allowed"
    assert error.status == 409
    assert "已调查" in error.zh
    assert "第57条" in error.zh
    assert error.basis == "《中华人民共和国行政处罚法》第57条"
    assert "investigated" not in error.en  # labels, not internal names


def test_a_failing_guard_refuses_with_its_own_reason():
    case = Case(state="investigated")

    with pytest.raises(StepRefusedError) as caught:
        CASE.check(case, "decide")

    assert caught.value.code == "legal_review_required"
    assert caught.value.basis.endswith("第58条")


def test_a_step_allowed_returns_its_target():
    case = Case(state="investigated", reviewed=True)

    assert CASE.check(case, "decide").target == "decided"
    assert [step.name for step in CASE.available(case)] == ["decide"]
    assert CASE.available(Case(state="investigated")) == []


def test_unknown_step_is_a_clear_error():
    with pytest.raises(DomainError) as caught:
        CASE.check(Case(), "teleport")
    assert getattr(caught.value, "code", "") == "unknown_step"


@pytest.mark.parametrize(
    ("states", "steps", "message"),
    [
        ({"a": "A"}, [Step("x", "X", sources={"a"}, target="b")], "unknown states"),
        ({"a": "A", "b": "B"}, [], "unreachable"),
        (
            {"a": "A", "b": "B"},
            [
                Step("x", "X", sources={"a"}, target="b"),
                Step("x", "X", sources={"a"}, target="b"),
            ],
            "twice",
        ),
    ],
)
def test_a_malformed_machine_is_refused_when_declared(states, steps, message):
    with pytest.raises(ValueError, match=message):
        Workflow("bad", states=states, initial="a", steps=steps)
