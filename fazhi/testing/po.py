"""A small reader of gettext ``.po`` files, enough to check the committed catalogs.

The test suite compares each ``.po`` with its committed ``.mo`` (read by the
standard library's :mod:`gettext`), so a newcomer never needs GNU gettext.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalog."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str) -> str:
    value = ast.literal_eval(text.strip())
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text!r}")
    return value


def read_po(path: Path) -> list[Entry]:
    """Return the entries of a ``.po`` file, the header (msgid "") included."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            finish()
            continue  # obsolete entries are not compiled
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if current is not None and target is not None:
                finish()
            current = current or Entry()
            current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        if current is None or (
            target is not None
            and target[0] == "msgstr"
            and (line.startswith(("msgid ", "msgctxt ")))
        ):
            if current is not None and target is not None:
                finish()
            current = current or Entry()
        if line.startswith("msgctxt "):
            current.msgctxt = _unquote(line[8:])
            target = ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            current.msgid_plural = _unquote(line[13:])
            target = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            current.msgid = _unquote(line[6:])
            target = ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            current.msgstr[index] = _unquote(line[line.index("]") + 1 :])
            target = ("msgstr", index)
        elif line.startswith("msgstr "):
            current.msgstr[0] = _unquote(line[7:])
            target = ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            kind, index = target
            piece = _unquote(line)
            if kind == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + piece
            elif kind == "msgid":
                current.msgid += piece
            elif kind == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + piece
            else:
                current.msgstr[index] += piece
        else:
            raise ValueError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


def compiled_catalog(entries: list[Entry]) -> dict[str | tuple[str, int], str]:
    """What msgfmt would put in the ``.mo`` (fuzzy and untranslated entries left out),
    keyed as :class:`gettext.GNUTranslations` keys its ``_catalog``."""
    catalog: dict[str | tuple[str, int], str] = {}
    for entry in entries:
        if entry.msgid and ("fuzzy" in entry.flags or not entry.is_translated):
            continue
        if entry.msgid_plural is None:
            catalog[entry.key] = entry.msgstr.get(0, "")
        else:
            for index, text in entry.msgstr.items():
                catalog[(entry.key, index)] = text
    return catalog
