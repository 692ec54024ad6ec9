"""Declared state machines for statutory procedures.

A procedure (a penalty case, a normative document, a reconsideration) is a set
of states and named steps. Each step says from which states it may be taken,
where it leads, which article requires it and which guards must hold (a passed
legal review, two certified officers, a closed comment period…). Services call
:meth:`Workflow.check` before they change anything, so a step the law requires
cannot be skipped, and the refusal names the article::

    CASE = Workflow(
        "penalty",
        states={"filed": _("已立案"), "decided": _("已决定")},
        initial="filed",
        steps=[
            Step("decide", _("作出决定"), sources={"filed"}, target="decided",
                 basis="《中华人民共和国行政处罚法》第57条",
                 guards=[require_review]),
        ],
    )
    step = CASE.check(case, "decide")   # raises StepRefusedError, changes nothing
    case.state = step.target

A guard is a function ``guard(obj) -> Refusal | None``. The machine is checked
when it is declared: every step leads to a known state, every state is reachable
from the initial one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import override

from fazhi.core.errors import DomainError

Text = str | Promise


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a step cannot be taken now, in both languages, with the article that requires it."""

    zh: str
    en: str
    basis: str = ""
    code: str = "step_refused"
    field: str | None = None


Guard = Callable[[Any], Refusal | None]


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    label: Text
    sources: frozenset[str] | set[str]
    target: str
    basis: str = ""
    guards: Sequence[Guard] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "guards", tuple(self.guards))


class StepRefusedError(DomainError):
    """A step was asked for in a state that does not allow it, or a guard failed."""

    def __init__(self, refusal: Refusal, *, step: str) -> None:
        super().__init__(
            refusal.zh,
            refusal.en,
            code=refusal.code,
            status=409,
            field=refusal.field,
            basis=refusal.basis,
        )
        self.refusal = refusal
        self.step = step


def _plain(text: Text, language: str) -> str:
    with override(language):
        return str(text)


@dataclass(frozen=True)
class Workflow:
    name: str
    states: Mapping[str, Text]
    initial: str
    steps: Sequence[Step]
    final: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        names = [step.name for step in self.steps]
        duplicated = {name for name in names if names.count(name) > 1}
        if duplicated:
            raise ValueError(f"{self.name}: steps declared twice: {sorted(duplicated)}")
        known = set(self.states)
        if self.initial not in known:
            raise ValueError(f"{self.name}: unknown initial state {self.initial!r}")
        for step in self.steps:
            unknown = (set(step.sources) | {step.target}) - known
            if unknown:
                raise ValueError(
                    f"{self.name}.{step.name}: unknown states {sorted(unknown)}"
                )
        unreachable = known - self.reachable_from(self.initial)
        if unreachable:
            raise ValueError(f"{self.name}: unreachable states {sorted(unreachable)}")
        object.__setattr__(self, "_by_name", {step.name: step for step in self.steps})

    def step(self, name: str) -> Step:
        by_name: dict[str, Step] = self._by_name  # type: ignore[attr-defined]
        try:
            return by_name[name]
        except KeyError:
            raise DomainError(
                f"没有名为「{name}」的程序步骤。",
                f"There is no procedural step named {name!r}.",
                code="unknown_step",
                status=400,
            ) from None

    def reachable_from(self, state: str) -> set[str]:
        seen = {state}
        frontier = [state]
        while frontier:
            current = frontier.pop()
            for step in self.steps:
                if current in step.sources and step.target not in seen:
                    seen.add(step.target)
                    frontier.append(step.target)
        return seen

    def state_label(self, state: str) -> Text:
        return self.states.get(state, state)

    def steps_from(self, state: str) -> list[Step]:
        """The steps the procedure allows from ``state``, guards not yet considered."""
        return [step for step in self.steps if state in step.sources]

    def refusal(
        self, obj: Any, name: str, *, state: str | None = None
    ) -> Refusal | None:
        """Why ``name`` cannot be taken now, or None when it can."""
        step = self.step(name)
        current = obj.state if state is None else state
        if current not in step.sources:
            return self._wrong_state(step, current)
        for guard in step.guards:
            refusal = guard(obj)
            if refusal is not None:
                return refusal
        return None

    def check(self, obj: Any, name: str, *, state: str | None = None) -> Step:
        """Return the step when it may be taken now; otherwise raise :class:`StepRefusedError`."""
        refusal = self.refusal(obj, name, state=state)
        if refusal is not None:
            raise StepRefusedError(refusal, step=name)
        return self.step(name)

    def available(self, obj: Any, *, state: str | None = None) -> list[Step]:
        """The steps that may be taken now (state and every guard)."""
        current = obj.state if state is None else state
        return [
            step
            for step in self.steps_from(current)
            if self.refusal(obj, step.name, state=current) is None
        ]

    def _wrong_state(self, step: Step, current: str) -> Refusal:
        allowed_zh = "、".join(
            sorted(_plain(self.state_label(s), "zh-hans") for s in step.sources)
        )
        allowed_en = ", ".join(
            sorted(_plain(self.state_label(s), "en") for s in step.sources)
        )
        basis = f"（{step.basis}）" if step.basis else ""
        basis_en = f" ({step.basis})" if step.basis else ""
        return Refusal(
            zh=(
                f"当前状态为「{_plain(self.state_label(current), 'zh-hans')}」，不能"
                f"「{_plain(step.label, 'zh-hans')}」；只有在「{allowed_zh}」时才可以{basis}。"
            ),
            en=(
                f"The step “{_plain(step.label, 'en')}” cannot be taken in the state "
                f"“{_plain(self.state_label(current), 'en')}”; it requires: {allowed_en}"
                f"{basis_en}."
            ),
            basis=step.basis,
            code="step_not_allowed",
        )

    def describe(self) -> Iterable[tuple[str, str, str, str]]:
        """(step, from, to, basis) rows for the documentation and the case page."""
        for step in self.steps:
            yield (
                step.name,
                ", ".join(sorted(step.sources)),
                step.target,
                step.basis,
            )
