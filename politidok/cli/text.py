"""Texts for the command line beside click: `politidok status` (a table of at most 100
columns, the details below it) and `next-year`. The decisions are the library's (build/status.py,
build/nextyear.py); this only lays them out, in Norwegian."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import TYPE_CHECKING

from politidok.core.tekst import antall

if TYPE_CHECKING:
    from politidok.build.nextyear import NextYear
    from politidok.build.status import RegionStatus


def status_lines(status: RegionStatus, width: int = 100) -> list[str]:
    """politidok status as a table of at most `width` columns, the details below it."""

    def cut(text: str, n: int) -> str:
        return text if len(text) <= n else text[: n - 1] + "…"

    def day(d: date | None) -> str:
        return d.isoformat() if d else "–"

    name = min(max([len(r.dokument) for r in status.rows] + [8]), 44)
    note = max(width - name - 41, 12)

    def row(doc: str, built: str, sent: str, archived: str, merknad: str) -> str:
        return f"{doc:<{name}}  {built:<11}  {sent:<10}  {archived:<10}  {merknad}".rstrip()

    out = [
        f"{status.navn}: status for {status.region}",
        "",
        row("Dokument", "Bygget", "Sendt", "Arkivert", "Merknad"),
    ]
    out += [
        row(cut(r.dokument, name), r.bygget, day(r.sendt), day(r.arkivert), cut(r.merknad, note)).rstrip()
        for r in status.rows
    ]
    counts = ", ".join(
        f"{status.count(b)} {b}"
        for b in ("oppdatert", "endret", "ikke bygget", "mangler", "stoppet")
        if status.count(b)
    )
    sent, archived = sum(1 for r in status.rows if r.sendt), sum(1 for r in status.rows if r.arkivert)
    out += ["", f"{antall(len(status.rows), 'dokument', 'dokumenter')}: {counts}; {sent} sendt, {archived} arkivert."]
    changed = [r for r in status.rows if r.bygget == "endret" and r.endret]
    if changed:
        out += ["", "Endret siden siste bygging (lages på nytt ved neste bygging):"]
        for r in changed:
            out += textwrap.wrap(
                f"{r.dokument}: {'; '.join(r.endret)}", width, initial_indent="  ", subsequent_indent="    "
            )
    if status.blocked:
        out += ["", "Stopper neste bygging (sett endringen tilbake, eller lag en rettet versjon):"]
        for p in status.blocked:
            out += textwrap.wrap(str(p), width, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False)
    carry = status.next_year
    if carry is not None and carry.has_plan:
        nxt = carry.year + 1
        made = f" (handlingsplan/{nxt}.yaml finnes allerede)" if carry.begun else ""
        out += ["", f"Neste år: politidok nytt-år {status.region} --år {carry.year}{made}"]
        ids = ", ".join(m.id + (" (frist passert)" if m.past else "") for m in carry.carried) or "ingen"
        out += textwrap.wrap(
            f"fører videre til {nxt} (vedtatt, ikke gjennomført): {ids}",
            width,
            initial_indent="  ",
            subsequent_indent="    ",
        )
        if carry.proposed:
            left = ", ".join(m.id for m in carry.proposed)
            out += textwrap.wrap(
                f"fører ikke videre (aldri vedtatt): {left}", width, initial_indent="  ", subsequent_indent="    "
            )
    return out


def next_year_lines(made: NextYear, year: int) -> list[str]:
    """What next-year wrote, carried over and left to fill in (at the lines of the fields)."""
    out: list[str] = []
    out.append(f"Skrev {made.evaluation}: evalueringen for {year + 1}, med læringspunktene fra {year}.")
    if made.plan is not None:
        out.append(f"Skrev {made.plan}: handlingsplanen for {year + 1}.")
    if made.plan_kept is not None:
        out.append(
            f"Handlingsplanen for {year + 1} ({made.plan_kept}) finnes allerede og er ikke endret "
            "(--overskriv skriver den på nytt)."
        )
    carry = made.carry
    if carry is not None and carry.has_plan:
        verb = "Ført videre" if made.plan is not None else "Ville blitt ført videre"
        if carry.carried:
            out.append(f"{verb} med samme id (vedtatt, ikke gjennomført ved årets slutt):")
            for m in carry.carried:
                out.append(f"  {m.id} {m.tiltak} ({m.status})")
        else:
            out.append("Ingen tiltak å føre videre: de vedtatte tiltakene er gjennomført eller utgått.")
        for m in carry.proposed:
            out.append(f"Ikke ført videre (aldri vedtatt): {m.id} {m.tiltak}")
    if made.todo:
        out.append("Gjenstår:")
        for problem in made.todo:
            out.append(f"  {problem}")
    return out
