"""`politidok status REGION`: the secretary's one screen, decided here and printed by the CLI.

For every document the region makes: whether output/ has it as the input and templates make it now
(«oppdatert»), made from input that has changed since («endret», with the fields), not at all
(«ikke bygget»), or whether it has gone out and would change («stoppet», with the build's message);
when it was sent and archived; the recorded documents that are no longer made under that name (a
corrected version replaced them); and what `next-year` would carry over. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from politidok import documents
from politidok.build import nextyear, outgoing, provenance, state
from politidok.build.commands import load, region_dir
from politidok.core import fieldpath
from politidok.core.errors import Problem
from politidok.core.paths import Paths

CURRENT = "oppdatert"
CHANGED = "endret"
NOT_BUILT = "ikke bygget"
MISSING = "mangler"
BLOCKED = "stoppet"


@dataclass(frozen=True)
class Row:
    """One document of the region."""

    dokument: str  # its name in output/ (the newest version)
    kind: str
    bygget: str  # CURRENT, CHANGED, NOT_BUILT, MISSING (recorded, a file is not in output/) or BLOCKED
    sendt: date | None = None
    arkivert: date | None = None
    merknad: str = ""  # a short note: what changed, what it replaces, what replaced it
    endret: tuple[str, ...] = ()  # what changed since it was built: «moter/x.yaml: saker[2].tittel»


@dataclass(frozen=True)
class RegionStatus:
    region: str
    navn: str  # the council's name
    folder: Path
    rows: tuple[Row, ...]
    blocked: tuple[Problem, ...] = ()  # what stops the next build, as the build says it
    next_year: nextyear.Carry | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def count(self, bygget: str) -> int:
        return sum(1 for r in self.rows if r.bygget == bygget)


def region_status(region: str, paths: Paths = Paths(), today: date | None = None) -> RegionStatus:
    """What is built, current, changed, sent, archived and blocked in a region, and what next year takes."""
    folder = region_dir(region, paths)
    loaded = load(folder)
    planned = documents.plan(loaded, paths.templates)
    todo, guard, problems = outgoing.assess(loaded, planned, (), region, paths.templates, today)
    target = paths.output / region
    built = state.load(paths.output, region)
    saved, outputs = built.get("documents", {}), built.get("outputs", {})
    prints = state.fingerprints(todo)
    rows: list[Row] = []
    for item in todo.items():
        stem = item.stem
        entry = guard.ledger.get(stem)
        sendt, arkivert = (entry.sendt, entry.arkivert) if entry else (None, None)
        replaces = f"rettet versjon {item.supersedes.version}" if item.supersedes else ""
        if stem in guard.blocked:
            blocked = guard.blocked[stem]
            fields = sorted({f"{f.fil} ({f.field})" if f.field else f.fil for f in blocked.found})
            rows.append(Row(stem, item.kind, BLOCKED, sendt, arkivert, _join("", fields, 1), tuple(fields)))
            continue
        if stem in guard.frozen:
            whole = guard.intact(target, stem)
            rows.append(Row(stem, item.kind, CURRENT if whole else MISSING, sendt, arkivert, replaces))
            continue
        old = saved.get(stem)
        if not old or not state.intact(target, {n: outputs.get(n, "") for n in old["files"]}):
            rows.append(Row(stem, item.kind, NOT_BUILT, merknad=replaces))
            continue
        if old.get("fingerprint") == prints[stem]:
            rows.append(Row(stem, item.kind, CURRENT, merknad=replaces))
            continue
        changed = _changed_since(old.get("kilder") or {}, provenance.state_inputs(loaded, item, todo))
        note = _join("", changed, 1) if changed else "malen eller politidok er endret"
        rows.append(Row(stem, item.kind, CHANGED, merknad=note, endret=tuple(changed)))
    rows = _with_originals(rows, guard.ledger, target)
    carry = None
    if loaded.evalueringer:
        carry = nextyear.preview(loaded, max(loaded.evalueringer))
    return RegionStatus(
        region, loaded.avtale.politirad.navn, folder, tuple(rows), tuple(problems), carry, tuple(guard.notes)
    )


def _with_originals(rows: list[Row], ledger: dict, target: Path) -> list[Row]:
    """The rows, each newest version followed by the recorded versions it replaces (which stay as they
    went out), and the recorded documents the input no longer makes."""
    planned = {r.dokument for r in rows}
    replaced = {e.erstattet_av: e for e in ledger.values() if e.erstattet_av}
    out: list[Row] = []
    for row in rows:
        out.append(row)
        stem = row.dokument
        while stem in replaced:
            entry = replaced[stem]
            suffix = entry.erstattet_av.removeprefix(entry.dokument) if entry.erstattet_av else ""
            bygget = CURRENT if state.intact(target, entry.filer) else MISSING
            out.append(Row(entry.dokument, row.kind, bygget, entry.sendt, entry.arkivert, f"erstattet av {suffix}"))
            stem = entry.dokument
    shown = {r.dokument for r in out}
    for stem, entry in sorted(ledger.items()):
        if stem not in shown and stem not in planned:
            bygget = CURRENT if state.intact(target, entry.filer) else MISSING
            out.append(Row(stem, "", bygget, entry.sendt, entry.arkivert, "lages ikke lenger av inndataene"))
    return out


def _join(prefix: str, items: list[str], limit: int = 2) -> str:
    if not items:
        return ""
    shown = ", ".join(items[:limit])
    return prefix + shown + (f" og {len(items) - limit} til" if len(items) > limit else "")


def _changed_since(then: dict, now: dict) -> list[str]:
    """The inputs whose recorded digests differ between the last build and now: «file (field, field)»."""
    out = []
    for name in sorted(set(then) | set(now)):
        before, after = then.get(name) or {}, now.get(name) or {}
        if before.get("sha256") == after.get("sha256"):
            continue
        old, new = before.get("felt") or {}, after.get("felt") or {}
        fields = sorted(f for f in set(old) | set(new) if old.get(f) != new.get(f))
        if fields:
            out.append(f"{name} ({', '.join(_short(f) for f in fields)})")
        elif not old and not new:
            out.append(name)
    return out


def _short(path: str) -> str:
    return path if len(path) <= 60 else fieldpath.top(path) + "[…]"
