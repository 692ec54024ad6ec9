"""Every deadline of the catalogue (statutory-rules §14.2) exists, and docs/rules.md is current."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from fazhi.rules import compute, get_rule, rule_ids
from fazhi.rules.catalogue import markdown_table
from fazhi.rules.parameters import parameters

SPEC = Path(__file__).resolve().parents[4] / "shared" / "docs" / "statutory-rules.md"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"

# The §14.2 ids, kept here so that the check runs without the specification file.
CATALOGUE = [
    "reconsideration.application_deadline",
    "reconsideration.absolute_bar",
    "reconsideration.acceptance.review_deadline",
    "reconsideration.supplement.notice",
    "reconsideration.supplement.deadline",
    "reconsideration.via_penalizing_organ",
    "reconsideration.send_copy",
    "reconsideration.reply",
    "reconsideration.hearing.notice",
    "reconsideration.ordinary.decision_deadline",
    "reconsideration.simplified.decision_deadline",
    "reconsideration.suspension_to_termination",
    "reconsideration.incidental.handle",
    "reconsideration.incidental.notify_enactor",
    "reconsideration.incidental.transferee_reply",
    "reconsideration.opinion_letter",
    "reconsideration.litigation_after_refusal",
    "reconsideration.impl.remake_deadline",
    "ogi.proactive.deadline",
    "ogi.request.supplement",
    "ogi.request.reply_deadline",
    "ogi.request.third_party",
    "ogi.request.joint_info",
    "ogi.annual_report",
    "mad.public.comment_period",
    "mad.hearing.materials",
    "mad.legality.review_time",
    "filing.deadline",
    "filing.deferred_resubmission",
    "review.active_deadline",
    "review.enactor_response",
    "filing.annual_catalogue",
    "penalty.limitation",
    "penalty.evidence_preservation",
    "penalty.decision_deadline",
    "penalty.service",
    "penalty.hearing.request_deadline",
    "penalty.hearing.notice",
    "penalty.payment_deadline",
    "penalty.late_surcharge",
    "penalty.handover",
    "penalty.publicity.withdrawal",
    "penalty.court_enforcement",
    "licensing.supplement_notice",
    "licensing.decision_deadline",
    "licensing.joint_deadline",
    "licensing.lower_review_deadline",
    "licensing.certificate_delivery",
    "licensing.hearing.request",
    "licensing.hearing.hold_deadline",
    "licensing.hearing.notice",
    "licensing.special.inspection",
    "licensing.renewal",
    "licensing.temporary_licence",
    "licensing.reapplication_ban",
    "coercion.emergency_report",
    "coercion.seizure.term",
    "coercion.freeze.decision_delivery",
    "coercion.freeze.term",
    "coercion.money.enforce_after_30",
    "coercion.substitute.demand",
    "coercion.court.window",
    "coercion.court.demand_wait",
    "coercion.court.acceptance",
    "coercion.court.ruling",
    "coercion.court.immediate",
    "coercion.enforcement.suspension_end",
    "coercion.enforcement.time_window",
    "transfer.approval_deadline",
    "transfer.transfer_deadline",
    "transfer.psb.forward",
    "transfer.psb.review",
    "transfer.psb.reconsideration",
    "transfer.handover",
    "rules.drafting.public_comment",
    "rules.hearing.notice",
    "rules.effective_date",
    "biz.docs.public_comment",
    "inspect.review",
]


def _spec_ids() -> list[str]:
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("### 14.2", 1)[1].split("### 14.3", 1)[0]
    ids: list[str] = []
    for cell in re.findall(r"^\| ([a-z][a-z0-9_.]+(?: / [a-z_]+)?) \|", section, re.M):
        head, _, tail = cell.partition(" / ")
        ids.append(head)
        if tail:  # "coercion.court.acceptance / ruling"
            ids.append(head.rsplit(".", 1)[0] + "." + tail)
    return ids


def test_every_catalogue_id_is_a_rule():
    assert sorted(set(CATALOGUE) - set(rule_ids())) == []
    assert len(CATALOGUE) == 79


@pytest.mark.skipif(
    not SPEC.exists(), reason="statutory-rules.md is not beside the checkout"
)
def test_every_id_of_the_specification_is_a_rule():
    ids = _spec_ids()

    assert len(ids) >= 79
    assert sorted(set(ids) - set(rule_ids())) == []
    assert sorted(set(ids)) == sorted(set(CATALOGUE))


def test_every_rule_has_a_citation_and_computes_today():
    today = dt.date(2025, 6, 2)
    for rule_id in rule_ids():
        rule = get_rule(rule_id)
        for name, variant in rule.current().variants.items():
            start = (
                dt.datetime(2025, 6, 2, 10, 0)
                if variant.declared_unit
                in (
                    "hours",
                    "time_window",
                )
                or variant.kind == "window"
                else today
            )

            deadline = compute(rule_id, start, variant=name)

            assert variant.basis.startswith("《"), rule_id
            assert "第" in variant.basis or "无" in variant.basis, rule_id
            assert deadline.explanation
            assert deadline.explanation_en


def test_every_parameter_value_has_a_reference():
    for parameter in parameters().values():
        assert parameter.description
        for dated in parameter.history:
            assert dated.reference.startswith("《"), parameter.name


def test_working_day_definitions_cover_every_statute_of_the_brief():
    names = {
        name.split(".", 1)[1]
        for name in parameters()
        if name.startswith("working_days.")
    }

    assert {"reconsideration", "penalty", "licensing", "coercion", "ogi"} <= names


def test_docs_rules_md_contains_the_current_table():
    text = DOCS.read_text(encoding="utf-8")

    assert markdown_table() in text, (
        "run: python -m fazhi.rules.catalogue and paste into docs/rules.md"
    )
