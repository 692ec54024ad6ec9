"""The labelled set through every public output: 100% of identity, telephone and bank
numbers masked, ≥ 99% of natural persons' names, legal persons kept.

520 synthetic decisions (tests/data/publicity_decisions.py) are published through
the service, then read back as the public reads them: the HTML list and decision
pages, the API list and detail, the JSON Lines export, and search snippets (HTML
and API) positioned on a labelled number. Run with ``-s`` to print the figures.
"""

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fazhi.core.tests.data.masking_labels import parse_marked
from fazhi.enforcement import services
from fazhi.enforcement.models import PenaltyCase, PublishedDecision
from fazhi.enforcement.tests.data.publicity_decisions import (
    Label,
    LabelledDecision,
    generate,
)

pytestmark = pytest.mark.django_db

NUMBERS = ("id", "phone", "bank")
_NOT_DIGIT = re.compile(r"[^0-9Xx]")


@dataclass
class Tally:
    total: Counter[str] = field(default_factory=Counter)
    masked: Counter[str] = field(default_factory=Counter)
    leaks: list[tuple[str, str, str]] = field(default_factory=list)

    def rate(self, kinds: tuple[str, ...]) -> tuple[int, int]:
        return sum(self.masked[k] for k in kinds), sum(self.total[k] for k in kinds)


def _digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


def _gone(label: Label, shown: str, kept: list[str]) -> bool:
    """Whether ``label`` is absent from ``shown`` (the kept names removed first: an
    operator's name inside a shop's name is the shop's)."""
    if label.kind in NUMBERS:
        return _digits(label.text) not in _digits(shown) and label.text not in shown
    for name in kept:
        shown = shown.replace(name, "")
    return label.text not in shown


def score(
    tally: Tally,
    output: str,
    decision: LabelledDecision,
    shown: str,
    fields: tuple[str, ...],
    only: Label | None = None,
) -> None:
    kept = [lab.text for lab in decision.labels if lab.keep]
    for label in decision.labels:
        if label.field not in fields or (only is not None and label is not only):
            continue
        tally.total[label.kind] += 1
        ok = (label.text in shown) if label.keep else _gone(label, shown, kept)
        if ok:
            tally.masked[label.kind] += 1
        else:
            tally.leaks.append((output, decision.ident, label.text))


def _decided_case(w, d: LabelledDecision, index: int) -> PenaltyCase:
    return PenaltyCase.objects.create(
        organization=w.subject.organization,
        subject=w.subject,
        number=f"2025-{index:05d}",
        state="served",
        summary=d.summary,
        received_on=dt.date(2025, 5, 1),
        party_kind=d.party_kind,
        party_name=d.party_name,
        party_id_number=d.party_id_number,
        party_address=d.party_address,
        outcome=PenaltyCase.Outcome.PENALTY,
        kinds=["fine"],
        fine_fen=d.fine_yuan * 100,
        decided_on=dt.date(2025, 5, 20),
        decision_number=f"长市监罚〔2025〕{index + 1}号",
        served_on=dt.date(2025, 5, 21),
    )


def _targets(d: LabelledDecision, masked: str) -> list[tuple[Label, str]]:
    """The first labelled number and the first labelled name in the facts, each with
    the four characters before it (a search term that survives masking), so that a
    snippet window covers it."""
    found: list[tuple[Label, str]] = []
    for kinds in (NUMBERS, ("name",)):
        for label in d.labels:
            if label.kind not in kinds or label.field != "facts":
                continue
            at = d.facts.find(label.text)
            context = d.facts[max(0, at - 4) : at]
            if (
                at >= 4
                and not any(c.isdigit() or c == "\n" for c in context)
                and context in masked  # not itself masked (乔文与 → 乔某与)
            ):
                found.append((label, context))
                break
    return found


def measure(client, published: dict[int, LabelledDecision]) -> dict[str, Tally]:
    """Read every public output back and score it against the labels."""
    numbers = {
        p.decision_number: pk
        for pk, p in ((p.pk, p) for p in PublishedDecision.objects.all())
    }
    tallies: dict[str, Tally] = {}

    def tally(name: str) -> Tally:
        return tallies.setdefault(name, Tally())

    # Decision pages (HTML) and the API detail: every field.
    for pk, d in published.items():
        page = client.get(f"/enforcement/decisions/{pk}/").content.decode()
        score(
            tally("HTML decision page"), "page", d, page, ("party", "summary", "facts")
        )
        api = client.get(f"/api/v1/enforcement/decisions/{pk}").content.decode()
        api_text = json.dumps(json.loads(api), ensure_ascii=False)
        score(tally("API detail"), "api", d, api_text, ("party", "summary", "facts"))

    # The lists (HTML pages of 20, API pages of 200): party and summary.
    html_pages = -(-len(published) // 20)
    listing = "".join(
        client.get("/enforcement/decisions/", {"page": n}).content.decode()
        for n in range(1, html_pages + 1)
    )
    api_listing = "".join(
        json.dumps(
            client.get(
                "/api/v1/enforcement/decisions", {"page": n, "page_size": 200}
            ).json(),
            ensure_ascii=False,
        )
        for n in range(1, -(-len(published) // 200) + 1)
    )
    for d in published.values():
        score(tally("HTML list"), "list", d, listing, ("party", "summary"))
        score(tally("API list"), "api-list", d, api_listing, ("party", "summary"))

    # The export: one JSON line per decision.
    export = client.get("/api/v1/enforcement/decisions/export.jsonl")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == len(published)
    for line in lines:
        row = json.loads(line)
        d = published[numbers[row["decision_number"]]]
        score(
            tally("export"),
            "export",
            d,
            json.dumps(row, ensure_ascii=False),
            ("party", "summary", "facts"),
        )

    # Search snippets, on the HTML list and the API list, positioned on a number.
    searched = 0
    for pk, d in published.items():
        publication = PublishedDecision.objects.get(pk=pk)
        number = publication.decision_number
        for label, context in _targets(d, publication.facts):
            q = f"{number} {context}"
            html = client.get("/enforcement/decisions/", {"q": q}).content.decode()
            snippets = re.findall(r'<p class="decision-snippet">(.*?)</p>', html, re.S)
            items = client.get("/api/v1/enforcement/decisions", {"q": q}).json()[
                "items"
            ]
            assert len(snippets) == 1, (d.ident, q)
            assert len(items) == 1, (d.ident, q)
            plain = re.sub(r"</?mark>", "", snippets[0])
            score(tally("HTML search snippet"), "snippet", d, plain, ("facts",), label)
            score(
                tally("API search snippet"),
                "api-snippet",
                d,
                items[0]["snippet"],
                ("facts",),
                label,
            )
            stored = PublishedDecision.objects.get(pk=pk).facts
            assert items[0]["snippet"].strip("…") in stored  # cut from the masked text
            searched += 1
    assert searched >= len(published)  # every decision searched at least once

    return tallies


def test_every_public_output_masks_the_labelled_set(client, world):
    decisions = generate()
    assert len(decisions) >= 500
    published: dict[int, LabelledDecision] = {}
    for index, d in enumerate(decisions):
        publication = services.publish_decision(
            actor=world.user1,
            case=_decided_case(world, d, index),
            facts=d.facts,
            legal_basis=d.legal_basis,
        )
        published[publication.pk] = d
    tallies = measure(client, published)
    print(report(tallies, f"{len(published)} generated decisions published"))  # noqa: T201
    for name, t in tallies.items():
        numbers_masked, numbers_total = t.rate(NUMBERS)
        names_masked, names_total = t.rate(("name",))
        orgs_kept, orgs_total = t.rate(("org", "orgaddr"))
        assert numbers_masked == numbers_total, (name, t.leaks[:5])
        assert names_total == 0 or names_masked / names_total >= 0.99, (
            name,
            t.leaks[:5],
        )
        assert orgs_kept == orgs_total, (name, t.leaks[:5])


def report(tallies: dict[str, Tally], title: str) -> str:
    """The figures per output, one line each."""
    lines_out = ["", title]
    for name, t in tallies.items():
        numbers_masked, numbers_total = t.rate(NUMBERS)
        names_masked, names_total = t.rate(("name",))
        orgs_kept, orgs_total = t.rate(("org", "orgaddr"))
        lines_out.append(
            f"{name}: ID/phone/bank {numbers_masked}/{numbers_total}, "
            f"names {names_masked}/{names_total}, legal persons kept "
            f"{orgs_kept}/{orgs_total} (their addresses "
            f"{t.masked['orgaddr']}/{t.total['orgaddr']}), home addresses "
            f"{t.masked['address']}/{t.total['address']}"
        )
    return "\n".join(lines_out)


HELDOUT = Path(__file__).parent / "data" / "publicity_heldout.txt"
#: Written after the role-noun rule, measured once with the rules frozen.
HELDOUT_ROLES = Path(__file__).parent / "data" / "publicity_heldout2.txt"


def load_heldout(path: Path = HELDOUT) -> list[LabelledDecision]:
    """The hand-written decisions of ``path`` as labelled decisions."""
    found: list[LabelledDecision] = []
    for block in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, *lines = block.strip("\n").splitlines()
        meta = {
            line.split(" ", 1)[0]: line.split(" ", 1)[1]
            for line in lines
            if line.startswith("@")
        }
        marked = "\n".join(line for line in lines if not line.startswith("@"))
        parsed = parse_marked(head.strip(), marked.strip())
        natural = "@person" in meta
        name, id_number, address = (
            meta["@person"].split("|") if natural else (meta["@org"], "", "")
        )
        labels = [Label(span.kind, span.text, "facts") for span in parsed.spans]
        labels.append(Label("name" if natural else "org", name, "party"))
        found.append(
            LabelledDecision(
                ident=parsed.ident,
                party_kind="natural_person" if natural else "legal_person",
                party_name=name,
                party_id_number=id_number,
                party_address=address,
                summary=meta["@summary"],
                facts=parsed.text,
                legal_basis=meta["@basis"],
                fine_yuan=1000,
                labels=labels,
            )
        )
    return found


def test_the_heldout_decisions_through_every_output(client, world):
    """Measured once, after the rules were changed for the generated set: the
    numbers must all go; the names' rate is reported (docs/benchmarks.md)."""
    decisions = load_heldout()
    assert len(decisions) >= 15
    published: dict[int, LabelledDecision] = {}
    for index, d in enumerate(decisions):
        publication = services.publish_decision(
            actor=world.user1,
            case=_decided_case(world, d, index),
            facts=d.facts,
            legal_basis=d.legal_basis,
        )
        published[publication.pk] = d

    tallies = measure(client, published)

    print(report(tallies, f"{len(published)} held-out decisions published"))  # noqa: T201
    for name, t in tallies.items():
        numbers_masked, numbers_total = t.rate(NUMBERS)
        assert numbers_masked == numbers_total, (name, t.leaks)


def test_the_second_heldout_set_through_every_output(client, world):
    """Twenty decisions with other trades and role nouns (docs/masking.md): every
    number goes and every legal person and officer stays; the names' rate is
    reported, with a floor below the measured 50 of 67 in the facts."""
    decisions = load_heldout(HELDOUT_ROLES)
    assert len(decisions) == 20
    published: dict[int, LabelledDecision] = {}
    for index, d in enumerate(decisions):
        publication = services.publish_decision(
            actor=world.user1,
            case=_decided_case(world, d, index),
            facts=d.facts,
            legal_basis=d.legal_basis,
        )
        published[publication.pk] = d

    tallies = measure(client, published)

    print(report(tallies, f"{len(published)} second held-out decisions"))  # noqa: T201
    for name, t in tallies.items():
        numbers_masked, numbers_total = t.rate(NUMBERS)
        names_masked, names_total = t.rate(("name",))
        orgs_kept, orgs_total = t.rate(("org", "orgaddr"))
        assert numbers_masked == numbers_total, (name, t.leaks)
        assert orgs_kept == orgs_total, (name, t.leaks)
        assert names_total == 0 or names_masked / names_total >= 0.7, (name, t.leaks)
