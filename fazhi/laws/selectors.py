"""Reads of the reference corpus. It is public data: no scope applies."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.laws import validity
from fazhi.laws.models import Instrument, Provision, Version
from fazhi.laws.search import indexing
from fazhi.laws.search.base import SearchQuery, SearchResults
from fazhi.laws.search.indexing import get_backend

MAX_LIMIT = 100


def today() -> dt.date:
    """Today in the platform's time zone (Asia/Shanghai)."""
    return indexing.today()


def search_laws(*, query: SearchQuery) -> SearchResults:
    """Search the index; ``as_of`` defaults to today (the versions in force now)."""
    if not query.text.strip():
        raise DomainError(
            "请输入检索词。", "Enter something to search for.", code="laws_empty_query"
        )
    if not 1 <= query.limit <= MAX_LIMIT or query.offset < 0:
        raise DomainError(
            "每页条数须在 1 至 100 之间。",
            "The page size must be between 1 and 100.",
            code="laws_bad_limit",
        )
    if query.as_of is None and query.status != "any":
        query = replace(query, as_of=today())
    return get_backend().search(query)


def status_of(version: Version, day: dt.date | None = None) -> validity.Status:
    return version.status_on(day or today())


def get_instrument(*, slug: str) -> Instrument:
    instrument = Instrument.objects.filter(slug=slug).first()
    if instrument is None:
        raise NotFoundError("未找到该法律法规。", "No such instrument.")
    return instrument


def list_versions(*, instrument: Instrument) -> QuerySet[Version]:
    return instrument.versions.order_by("promulgated_on", "id")


def get_version(*, instrument: Instrument, date: str) -> Version:
    qs = list_versions(instrument=instrument)
    if date == "undated":
        version = qs.filter(promulgated_on__isnull=True).first()
    else:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            version = None
        else:
            version = qs.filter(promulgated_on=day).first()
    if version is None:
        raise NotFoundError("未找到该版本。", "No such version.")
    return version


def get_article(*, version: Version, article: str) -> Provision:
    number, _, suffix = article.partition("-")
    eid = f"art_{number}_{suffix}" if suffix else f"art_{number}"
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise NotFoundError("未找到该条文。", "No such article.")
    return provision


def resolve_reference(*, reference: dict[str, object], version: Version) -> str:
    """The URL a detected cross-reference points to, or "" when it does not resolve."""
    eid = str(reference.get("target_eid") or "")
    if not eid:
        return ""
    title = str(reference.get("target_title") or "")
    target_version = version
    if title:
        short = title.removeprefix("中华人民共和国")
        instrument = Instrument.objects.filter(short_title=short).first()
        if instrument is None:
            return ""
        candidates = [
            v
            for v in list_versions(instrument=instrument)
            if v.status_on(today()) == validity.Status.IN_FORCE
        ]
        if not candidates:
            return ""
        target_version = candidates[-1]
    article = eid.split("__", 1)[0]
    target = target_version.provisions.filter(eid=article).first()
    if target is None:
        return ""
    url = target.get_absolute_url()
    return url if "__" not in eid else f"{url}#{eid}"


# -- pages and API: catalogue, timeline, comparison, export ----------------------

STATUS_LABELS = {
    validity.Status.NOT_YET_IN_FORCE: _("尚未施行"),
    validity.Status.IN_FORCE: _("现行有效"),
    validity.Status.AMENDED: _("已被修改"),
    validity.Status.REPEALED: _("已废止"),
    validity.Status.EXPIRED: _("已失效"),
}
CATALOGUE_STATUSES = ("in_force", "not_in_force", "any")


def status_label(status: validity.Status) -> str:
    return str(STATUS_LABELS[status])


def in_force_versions(day: dt.date) -> Q:
    """Versions in force on ``day``, as a query (the same rule as validity.status_on)."""
    started = (
        Q(effective_on__lte=day)
        | Q(effective_on__isnull=True, promulgated_on__lte=day)
        | Q(effective_on__isnull=True, promulgated_on__isnull=True)
    )
    open_end = (
        (Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=day))
        & (Q(expired_on__isnull=True) | Q(expired_on__gt=day))
        & (
            Q(ended_undated=False)
            | Q(superseded_on__isnull=False)
            | Q(repealed_on__isnull=False)
            | Q(expired_on__isnull=False)
        )
    )
    return started & open_end


def list_instruments(
    *,
    kind: str = "",
    region: str = "",
    status: str = "any",
    title: str = "",
    day: dt.date | None = None,
) -> QuerySet[Instrument]:
    """The catalogue (法规目录): instruments by kind, region and status on ``day``."""
    if status not in CATALOGUE_STATUSES:
        raise DomainError(
            "效力状态只能是 in_force、not_in_force 或 any。",
            "The status must be in_force, not_in_force or any.",
            code="laws_bad_status",
            field="status",
        )
    qs = Instrument.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=None if region == "national" else region)
    if title:
        qs = qs.filter(short_title__contains=title)
    if status != "any":
        current = Version.objects.filter(
            in_force_versions(day or today()), instrument=OuterRef("pk")
        )
        qs = qs.filter(Exists(current) if status == "in_force" else ~Exists(current))
    return qs.order_by("-rank", "short_title", "id")


def count_catalogue(*, day: dt.date | None = None) -> dict[str, dict[str, int]]:
    """How many instruments per kind and per region (the catalogue's facets)."""
    kinds = dict(
        Instrument.objects.values_list("kind").annotate(n=Count("id")).order_by()
    )
    regions = {
        (code or "national"): n
        for code, n in Instrument.objects.values_list("region")
        .annotate(n=Count("id"))
        .order_by()
    }
    return {"kind": kinds, "region": regions}


def current_version(
    *, instrument: Instrument, day: dt.date | None = None
) -> Version | None:
    """The version in force on ``day`` (else the latest one)."""
    versions = list(list_versions(instrument=instrument))
    day = day or today()
    in_force = [v for v in versions if v.status_on(day) == validity.Status.IN_FORCE]
    if in_force:
        return in_force[-1]
    return versions[-1] if versions else None


def list_timeline(
    *, instrument: Instrument, day: dt.date | None = None
) -> list[dict[str, object]]:
    """Every version with its dates and its status on ``day`` (the version timeline)."""
    day = day or today()
    rows = []
    for version in list_versions(instrument=instrument):
        status = version.status_on(day)
        rows.append(
            {
                "version": version,
                "status": status,
                "status_label": status_label(status),
                "ends_on": (
                    None
                    if validity.end(version.dates) == validity.OPEN_END
                    else validity.end(version.dates)
                ),
            }
        )
    return rows


def list_articles(*, version: Version) -> QuerySet[Provision]:
    """The structure shown on a version page: headings, articles, loose paragraphs."""
    return version.provisions.exclude(
        kind__in=[
            Provision.Kind.PARAGRAPH,
            Provision.Kind.ITEM,
            Provision.Kind.SUBITEM,
        ]
    ).order_by("order")


@dataclass(frozen=True)
class ArticleChange:
    """One row of a comparison: the same article number in two versions."""

    label: str
    number: int
    suffix: int
    change: str  # added | removed | changed | same
    old_text: str
    new_text: str
    diff_html: str


def compare_versions(*, old: Version, new: Version) -> list[ArticleChange]:
    """Article by article, aligned by number (第十条之一 after 第十条); a changed
    article shows the characters deleted and inserted."""
    if old.instrument_id != new.instrument_id:
        raise DomainError(
            "只能比较同一法律法规的两个版本。",
            "Only two versions of the same instrument can be compared.",
            code="laws_compare_other_instrument",
        )

    def articles(version: Version) -> dict[tuple[int, int], Provision]:
        return {
            (p.number, p.suffix): p
            for p in version.provisions.filter(kind=Provision.Kind.ARTICLE)
        }

    before, after = articles(old), articles(new)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        old_text = a.text if a else ""
        new_text = b.text if b else ""
        if a is None:
            change = "added"
        elif b is None:
            change = "removed"
        else:
            change = "same" if old_text == new_text else "changed"
        rows.append(
            ArticleChange(
                label=(b or a).label,  # type: ignore[union-attr]
                number=key[0],
                suffix=key[1],
                change=change,
                old_text=old_text,
                new_text=new_text,
                diff_html=diff_html(old_text, new_text),
            )
        )
    return rows


def diff_html(old: str, new: str) -> str:
    """Character diff as HTML: <del> for deleted, <ins> for inserted (escaped)."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[i1:i2]))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return "".join(out)


def iter_export(
    *,
    kind: str = "",
    region: str = "",
    status: str = "in_force",
    day: dt.date | None = None,
    instrument: str = "",
) -> Iterator[dict[str, object]]:
    """Every article of the selected versions, one dict each (bulk export)."""
    day = day or today()
    versions = Version.objects.select_related("instrument").order_by(
        "instrument__short_title", "instrument_id", "promulgated_on", "id"
    )
    if status == "in_force":
        versions = versions.filter(in_force_versions(day))
    elif status != "any":
        raise DomainError(
            "导出的效力状态只能是 in_force 或 any。",
            "The export status must be in_force or any.",
            code="laws_bad_status",
            field="status",
        )
    if kind:
        versions = versions.filter(instrument__kind=kind)
    if region:
        versions = versions.filter(
            instrument__region=None if region == "national" else region
        )
    if instrument:
        versions = versions.filter(instrument__slug=instrument)
    for version in versions.iterator(chunk_size=200):
        head = {
            "instrument": version.instrument.short_title,
            "title": version.title,
            "kind": version.instrument.kind,
            "region": version.instrument.region or "",
            "promulgated_on": _iso(version.promulgated_on),
            "effective_on": _iso(version.effective_on),
            "status": version.status_on(day).value,
        }
        provisions = (
            version.provisions.filter(kind=Provision.Kind.ARTICLE)
            .order_by("order")
            .values_list("eid", "label", "heading_path", "text")
        )
        for eid, label, heading_path, text in provisions:
            yield {
                **head,
                "eid": eid,
                "article": label,
                "heading_path": heading_path,
                "text": text,
            }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
