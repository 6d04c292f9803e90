"""What a document says and what it is made from: the digests the ledger keeps, and what changed since.

`document_values` is what a document says (the ledger's `innhold`); `record_inputs` what it is made
from, as its kind declares it (files and the fields within them, core.fieldpath); `changed_inputs`
what changed in those since they were recorded, each change at its field with the value before (from
the copy in arkivert/) and now.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from politidok.build import state
from politidok.build.ledger import Kilde, copy_data
from politidok.core import fieldpath
from politidok.core.errors import quote
from politidok.documents import Document, Item, Package, Plan

if TYPE_CHECKING:
    from politidok.load import Region


def document_values(item: Document) -> str:
    """A digest of what a document says: its values, title, date, målform, signature fields, whether it
    is closed to the public — not its archive references (they go to the arkivmelding only), the other-
    language names politidok tags in it, the template or politidok's code."""
    return state.fingerprint(
        item.kind,
        _without_references(item.context),
        dataclasses.replace(item.info, title=item.base_title, other_languages=()),
        item.malform,
        [(f.name, f.title) for f in item.signature_fields],
        item.skjerming,
        item.codes,
        item.attachments,
    )


# the letterhead's archive references (context.letterhead): added to the input after a document went out,
# they are the record system's business, and never block what went out without them
REFERENCES = ("arkivsak", "var_referanse", "deres_referanse", "arkivkode")


def _without_references(context: Mapping[str, Any]) -> Mapping[str, Any]:
    head = context.get("brevhode")
    if not isinstance(head, Mapping):
        return context
    return {**context, "brevhode": {k: v for k, v in head.items() if k not in REFERENCES}}


def legacy_values(item: Item, parts: dict[str, str] | None = None) -> str:
    """What a ledger written before 2026-12 recorded as `innhold` (archive references and the tagged
    names included): a document recorded then is still the same when this matches."""
    if isinstance(item, Package):
        return state.fingerprint(
            item.kind,
            dataclasses.replace(item.info, title=item.base_title, author=""),
            item.malform,
            item.arkiv,
            item.skjerming,
            item.codes,
            [(r.title, (parts or {}).get(r.stem) if r.stem else _sha(r.path)) for r in item.parts],
        )
    # then a document had no letterhead, and its metadata no author
    return state.fingerprint(
        item.kind,
        {k: v for k, v in item.context.items() if k != "brevhode"},
        dataclasses.replace(item.info, title=item.base_title, author=""),
        item.malform,
        [(f.name, f.title) for f in item.signature_fields],
        item.arkiv,
        item.skjerming,
        item.codes,
        item.attachments,
    )


def legacy_digests(todo: Plan) -> dict[str, set[str]]:
    """stem -> what a ledger written before 2026-12 would have recorded for it: as it is now, and as it
    was before archive references were added (the usual edit after archiving)."""
    out: dict[str, set[str]] = {}
    bare = Plan(
        tuple(dataclasses.replace(d, arkiv=None) for d in todo.documents),
        tuple(dataclasses.replace(p, arkiv=None) for p in todo.packages),
    )
    for plan in (todo, bare):
        values = {d.stem: legacy_values(d) for d in plan.documents}
        values |= {p.stem: legacy_values(p, values) for p in plan.packages}
        for stem, value in values.items():
            out.setdefault(stem, set()).add(value)
    return out


def all_values(todo: Plan) -> dict[str, str]:
    """stem -> values digest, for every document and package of a plan (packages from their parts')."""
    out = {d.stem: document_values(d) for d in todo.documents}
    for pack in todo.packages:
        parts = [(r.title, out.get(r.stem) if r.stem else _sha(r.path)) for r in pack.parts]
        out[pack.stem] = state.fingerprint(
            pack.kind,
            dataclasses.replace(pack.info, title=pack.base_title),
            pack.malform,
            pack.skjerming,
            pack.codes,
            parts,
        )
    return out


def _sha(path: Path | None) -> str:
    return state.file_sha(path) if path and path.is_file() else ""


def inputs_of(item: Item, todo: Plan) -> dict[str, tuple[str, ...]]:
    """The region inputs an item is made from, as its kind declared them: file -> the fields it shows
    (empty: the whole file). A package's are its own and its parts'."""
    found: dict[str, set[str] | None] = {}
    inputs = list(item.inputs)
    if isinstance(item, Package):
        documents = {d.stem: d for d in todo.documents}
        for part in item.parts:
            if part.stem and part.stem in documents:
                inputs += documents[part.stem].inputs
    for i in inputs:
        if not i.fields:
            found[i.file] = None  # the whole file
        else:
            fields = found.setdefault(i.file, set())
            if fields is not None:
                fields.update(i.fields)
    return {name: tuple(sorted(fields or ())) for name, fields in sorted(found.items())}


def record_inputs(region: Region, item: Item, todo: Plan) -> dict[str, Kilde]:
    """What an item is made from now: each input file's SHA-256 and the digest of each field it shows."""
    out = {}
    for name, fields in inputs_of(item, todo).items():
        data = region.data(name)
        felt = {f: fieldpath.digest(data, f) for f in fields} if fields and data is not None else {}
        out[name] = Kilde(name, _sha(region.layout.path(name)), felt)
    return out


def state_inputs(region: Region, item: Item, todo: Plan) -> dict[str, dict[str, Any]]:
    """What an item was built from, for the build state (output/.politidok): file -> its SHA-256 and
    the digests of the fields it shows."""
    return {k.fil: {"sha256": k.sha256, "felt": k.felt} for k in record_inputs(region, item, todo).values()}


# --- what changed in the inputs ---------------------------------------------------------------------

UNKNOWN: Any = object()  # the value before is not known (no copy in arkivert/)


@dataclass(frozen=True)
class Found:
    """One change in an input since a document went out."""

    fil: str
    loc: fieldpath.Loc  # where in the file now (keys and 0-based indices)
    old: Any  # fieldpath.MISSING: not there; UNKNOWN: not known
    new: Any
    what: str = ""  # for a change of a whole file: what it is
    path: str = ""  # the declared field, when the change within it is not known (no copy)

    @property
    def field(self) -> str:
        return self.path or fieldpath.show(self.loc)

    def text(self) -> str:
        """«old» → «new», as a message says it."""
        if self.what:
            return self.what
        if self.old is UNKNOWN:
            return f"endret til {_show(self.new)} (den gamle verdien er ukjent: kopien i arkivert/ mangler)"
        before = "(ingen)" if self.old is fieldpath.MISSING else _show(self.old)
        after = "(fjernet)" if self.new is fieldpath.MISSING else _show(self.new)
        return f"{before} → {after}"


def _show(value: Any) -> str:
    if value is fieldpath.MISSING or value is None or value == "" or value == [] or value == {}:
        return "(tomt)"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {_flat(v)}" for k, v in value.items() if not isinstance(v, (dict, list)))
    elif isinstance(value, list):
        text = ", ".join(_flat(v) for v in value)
    else:
        text = _flat(value)
    return f"«{quote(' '.join(text.split()), 70)}»"


def _flat(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return str(value)


def changed_inputs(region: Region, kilder: dict[str, Kilde], now: dict[str, tuple[str, ...]]) -> list[Found]:
    """What changed in the recorded inputs (`kilder`) that a document shows, read against the inputs it is
    made from `now` (file -> fields); each change at its field, old and new value where they are known."""
    out: list[Found] = []
    layout = region.layout
    for name in sorted(set(kilder) | set(now)):
        kilde = kilder.get(name)
        if kilde is None:
            out.append(Found(name, (), None, None, f"{name} er blant det dokumentet nå lages av, men var ikke det"))
            continue
        if _sha(layout.path(name)) == kilde.sha256:
            continue
        data = region.data(name)
        if not layout.path(name).is_file():
            out.append(Found(name, (), None, None, f"{name} finnes ikke lenger"))
            continue
        if name not in now:  # no longer read: not why it says something else
            continue
        if data is None:  # a PDF attachment
            out.append(Found(name, (), None, None, f"filen {name} er endret"))
            continue
        if kilde.felt:
            paths = [f for f, d in kilde.felt.items() if fieldpath.digest(data, f) != d]
        else:  # the whole file recorded (an older ledger): what the document shows of it now
            paths = list(now.get(name) or ("",))
        if not paths:
            continue
        old = copy_data(layout, kilde)
        if old is fieldpath.MISSING:
            for path in paths:
                picked = fieldpath.select(data, path)
                top = fieldpath.top(path)
                loc = picked[0][0] if picked else ((top,) if top else ())
                out.append(Found(name, loc, UNKNOWN, fieldpath.value(data, path), path=path))
            continue
        out += [Found(name, c.loc, c.old, c.new) for c in fieldpath.changes(old, data, paths)]
    return out
