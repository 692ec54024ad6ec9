"""Masking personal information: recall, over-masking and throughput.

Goal (reliability-performance anchors §6, and the enforcement issue): on a labelled
set of ≥ 500 synthetic decisions, 100% of identity, telephone and bank numbers
masked and ≥ 99% of natural persons' names, with legal persons kept.

Sets (fazhi/core/tests/data/): 500 generated decisions (masking_generator.py,
seeded), 30 hand-written ones (masking_handwritten.txt) and 12 held-out ones written
after the rules were frozen (masking_heldout.txt). Each is scored twice: with the
parties of the case passed as known persons (what a decision page does) and on the
text alone (a citizen's comment, a search snippet). Throughput is one process
masking the generated set, text only, best of three rounds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.core.masking import mask
from fazhi.core.tests.data.masking_generator import generate
from fazhi.core.tests.data.masking_labels import (
    HELDOUT,
    Score,
    load_handwritten,
    score,
)

COUNT = 500
ROUNDS = 3


def _pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def _identifiers(s: Score) -> str:
    kinds = ("id", "phone", "bank")
    return f"{sum(s.hit[k] for k in kinds)}/{sum(s.total[k] for k in kinds)}"


def _figures(label: str, s: Score) -> dict[str, object]:
    names = s.total["name"] + s.total["minor"]
    return {
        f"{label}: ID/phone/bank masked": _identifiers(s),
        f"{label}: names masked": f"{_pct(s.name_recall())} of {names}",
    }


def run(count: int = COUNT) -> dict[str, object]:
    """Score the three sets and time the generated one; figures for bench/run.py."""
    generated = generate(count)
    handwritten = load_handwritten()
    heldout = load_handwritten(HELDOUT)
    parties = score(generated, with_parties=True)
    text = score(generated, with_parties=False)
    hw_parties = score(handwritten, with_parties=True)
    hw_text = score(handwritten, with_parties=False)
    ho_parties = score(heldout, with_parties=True)
    ho_text = score(heldout, with_parties=False)

    chars = sum(len(d.text) for d in generated)
    best = float("inf")
    for _ in range(ROUNDS):
        began = time.perf_counter()
        for d in generated:
            mask(d.text)
        best = min(best, time.perf_counter() - began)

    figures: dict[str, object] = {"generated decisions": len(generated)}
    for kind in ("id", "phone", "bank", "address", "plate", "email", "qq", "wechat"):
        figures[f"generated, text only: {kind} recall"] = (
            f"{_pct(text.recall(kind))} of {text.total[kind]}"
        )
    figures.update(_figures("generated, with parties", parties))
    figures.update(_figures("generated, text only", text))
    figures["generated: names in the SPC form (姓+某, 某某)"] = _pct(
        text.spc_form / max(text.names, 1)
    )
    for kind, label in (
        ("org", "organizations"),
        ("uscc", "credit codes"),
        ("officer", "officers"),
        ("cert", "officers' certificates"),
        ("orgaddr", "organizations' addresses"),
    ):
        figures[f"generated, text only: {label} kept"] = (
            f"{_pct(text.kept(kind))} of {text.total[kind]}"
        )
    figures.update(_figures("hand-written (30), with parties", hw_parties))
    figures.update(_figures("hand-written (30), text only", hw_text))
    figures["hand-written: organizations kept"] = _pct(hw_text.kept("org"))
    figures.update(_figures("held-out (12), with parties", ho_parties))
    figures.update(_figures("held-out (12), text only", ho_text))
    figures["held-out: organizations kept"] = _pct(ho_text.kept("org"))
    figures["characters per second (one process)"] = round(chars / best)
    figures["decisions per second (one process)"] = round(len(generated) / best)
    figures["mean decision length, characters"] = round(chars / len(generated))

    met = (
        len(generated) >= 500
        and all(
            text.recall(k) == 1.0 and parties.recall(k) == 1.0
            for k in ("id", "phone", "bank")
        )
        and text.name_recall() >= 0.99
        and parties.name_recall() >= 0.99
        and text.kept("org") >= 0.99
        and text.kept("uscc") == 1.0
    )
    return {
        "name": "masking",
        "figures": figures,
        "goal": "≥ 500 synthetic decisions: 100% ID/phone/bank and ≥ 99% names masked, legal persons kept",
        "met": met,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
