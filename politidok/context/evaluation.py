"""Year-end evaluation: the facts of a year computed from its minutes, and the
template context of the evaluation report and of the saksframlegg that presents it.

Everything counted comes from the held meetings (those with minutes) of the year; only what
people must judge (effects, expected challenges, self-evaluation, læringspunkter) comes from
evaluering/<year>.yaml. Follow-up actions of items closed to the public (unntatt offentlighet)
are left out of the report, which goes to the kommunestyrer; the report says how many measures
that is (each measure once: a status reported in a closed item is no measure of its own). A plan
measure adopted in a closed item is left out too, unless it has a public wording (offentlig_tekst):
then the report shows it under that wording, without its indicator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from politidok.context import avsnitt, dato
from politidok.context.evaluation_meetings import MeetingRow, held_meetings, meeting_rows, missing_minutes
from politidok.context.evaluation_nn import sak as _sak_nn
from politidok.context.evaluation_nn import statusliste_nn, tall_i
from politidok.core.status import Status
from politidok.core.tekst import liste, organ_bestemt, stor_forbokstav, tall
from politidok.core.words import rolle, word
from politidok.load.evalmodels import Evaluering
from politidok.load.models import Avtale, Mote, Sak
from politidok.load.planmodels import Handlingsplan

OTHER = "Andre tiltak"  # the same in nynorsk


@dataclass(frozen=True)
class Action:
    tiltak: str
    ansvarlig: str
    frist: date | None
    status: str
    omrade: str | None  # satsingsområde id
    mote: str  # meeting file stem
    sak: str
    effekt: str
    forfalt: bool
    id: str = ""  # the measure's id in the action plan ("" for actions written in the minutes)
    historikk: tuple = ()  # handlingsplan.Report per meeting where it was reported on
    frist_vurdering: str = ""  # "overholdt", "ikke overholdt", … (plan measures; see deadline_verdict)
    indikator: str = ""
    meldt: date | None = None  # the meeting that reported it done, when that is all the input says


@dataclass
class Facts:
    year: int
    report_date: date
    actions: list[Action]
    meetings: list[MeetingRow]
    closed_left_out: int = 0
    counts: dict[str | None, Counter] = field(default_factory=dict)
    # plan measures adopted in a closed item and left out of the report, with their status from every
    # report (closed items too): for next year's plan, which is input, never a public document
    hidden: list[Action] = field(default_factory=list)

    @property
    def total(self) -> Counter:
        out: Counter = Counter()
        for c in self.counts.values():
            out.update(c)
        return out

    @property
    def overdue(self) -> list[Action]:
        return [a for a in self.actions if a.forfalt]


def facts(avtale: Avtale, moter: dict[str, Mote], evaluering: Evaluering, plan: Handlingsplan | None = None) -> Facts:
    """The year's facts: from the action plan and the statuses reported at the meetings when the
    year has a plan, else from the actions written in the minutes."""
    year, when = evaluering.ar, evaluering.report_date
    effects = {e.tiltak: e.effekt for e in evaluering.effekter}
    actions: list[Action] = []
    hidden: list[Action] = []
    closed = 0
    if plan is not None:
        actions, hidden = _plan_actions(plan, held_meetings(moter, year), effects, when, moter)
        closed = len(hidden)
    for name, mote in held_meetings(moter, year).items():
        for sak in mote.saker:
            if sak.unntatt_offentlighet:
                closed += len(sak.tiltak)
                continue
            for t in sak.tiltak:
                actions.append(
                    Action(
                        t.tiltak,
                        t.ansvarlig or "–",
                        t.frist,
                        t.status,
                        t.satsingsomrade,
                        name,
                        sak.nummer,
                        effects.get(t.tiltak, ""),
                        t.frist is not None and t.frist < when and t.status.open,
                    )
                )
    areas = [o.id for o in avtale.satsingsomrader.omrader] if avtale.satsingsomrader else []
    counts: dict[str | None, Counter] = {a: Counter() for a in areas}
    for a in actions:
        counts.setdefault(a.omrade, Counter())[a.status] += 1
    rows = meeting_rows(avtale, moter, year, when)
    return Facts(year, when, actions, rows, closed, counts, hidden)


def _plan_actions(
    plan: Handlingsplan, held: dict[str, Mote], effects: dict[str, str], when: date, moter: dict[str, Mote]
) -> tuple[list[Action], list[Action]]:
    """Each measure of the plan with its status history (open items only) and year-end status:
    (the measures the report shows, the measures adopted in a closed item that it leaves out)."""
    from politidok.context import handlingsplan

    reports = [r for r in handlingsplan.reports(held) if r.dato <= when]
    out, hidden = [], []
    for t in plan.tiltak:
        closed = handlingsplan.closed_adoption(t, moter) is not None
        if closed and not t.offentlig_tekst:
            every = [r for r in reports if r.tiltak == t.id]
            status = every[-1].status if every else Status.IKKE_STARTET
            hidden.append(Action(t.tiltak, t.ansvarlig, t.frist, status, t.satsingsomrade, "", "", "", False, t.id))
            continue
        if closed:
            t = handlingsplan.public_view(t, "nb")  # its public wording: the language does not matter
        hist = tuple(r for r in reports if r.tiltak == t.id and not r.closed)
        status = hist[-1].status if hist else Status.IKKE_STARTET
        verdict, meldt = deadline_verdict(t.frist, hist, status, when)
        forfalt = bool(t.frist and t.frist < when and status.open)
        m = held.get(t.vedtatt.mote) if t.vedtatt else None
        where = (
            f"{m.kommune or 'fellesmøtet'} {_short(m.dato)}" if m else (t.vedtatt.mote if t.vedtatt else "ikke vedtatt")
        )
        lines = tuple(
            (r.dato, held[r.mote].kommune or "fellesmøtet", r.status, r.kommentar, r.gjennomfort) for r in hist
        )
        out.append(
            Action(
                t.tiltak,
                t.ansvarlig,
                t.frist,
                status,
                t.satsingsomrade,
                where,
                t.vedtatt.sak if t.vedtatt else "–",
                effects.get(t.id) or effects.get(t.tiltak, ""),
                forfalt,
                t.id,
                lines,
                verdict,
                t.effektindikator or "",
                meldt,
            )
        )
    return out, hidden


def deadline_verdict(frist: date | None, hist: tuple, status: Status, when: date) -> tuple[str, date | None]:
    """Whether a measure kept its deadline, judged only on what the input says: (verdict, the meeting date
    that reported it done when that is all there is to go by).

    A measure done is late only when a report gives the day it was done (`gjennomfort`) and that day is after
    the deadline; reported done at a meeting on or before the deadline it kept it; reported done later
    without a day, it is «rapportert» (reported done at that meeting, not judged: it may well have been done
    in time). An open measure past its deadline has not kept it; before it, the deadline is not reached."""
    if frist is None:
        return "ingen frist", None
    done = [r for r in hist if r.status == Status.GJENNOMFORT]
    if done:
        day = next((r.gjennomfort for r in done if r.gjennomfort is not None), None)
        if day is not None:
            return ("overholdt" if day <= frist else "etter fristen"), None
        if done[0].dato <= frist:
            return "overholdt", None
        return "rapportert", done[0].dato
    if status in (Status.UTGATT, Status.VIDEREFORT):
        return str(status), None
    return ("ikke overholdt" if frist < when else "ikke nådd"), None


def area_titles(avtale: Avtale) -> dict[str | None, str]:
    titles: dict[str | None, str] = {
        o.id: o.tittel for o in (avtale.satsingsomrader.omrader if avtale.satsingsomrader else [])
    }
    titles[None] = OTHER
    return titles


def chart_alt(f: Facts, titles: dict[str | None, str], malform: str = "nb") -> str:
    """The chart's alternative text, from the numbers it draws (the PDF Figure's /Alt)."""

    def counts(c: Counter) -> str:
        return ", ".join(f"{c[s]} {word(s, malform)}" for s in Status if c[s])

    total = f.total
    text = f"Stolpediagram: {sum(total.values())} tiltak; {counts(total) or 'ingen'}."
    for k, c in f.counts.items():
        if sum(c.values()):
            text += f" {titles.get(k, str(k))}: {counts(c)}."
    return text


def _short(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


STATUS_VERB = {
    "gjennomført": "er gjennomført",
    "pågår": "pågår",
    "ikke startet": "er ikke startet",
    "utgått": "er utgått",
    "videreført": "er videreført",
}


def statusliste(total: Counter, malform: str = "nb") -> str:
    """«ett er gjennomført og ett pågår»: the statuses that occur, none that is zero."""
    if malform == "nn":
        return statusliste_nn(total)
    return liste([f"{tall(total[s], 'n')} {STATUS_VERB[s]}" for s in STATUS_VERB if total[s]])


def _words(counts: dict[str, int], malform: str = "nb") -> dict[str, str]:
    words = {k: tall_i(v, malform) for k, v in counts.items()}
    return {**words, **{f"{k}_stor": stor_forbokstav(v) for k, v in words.items()}}


def report_context(avtale: Avtale, evaluering: Evaluering, f: Facts, chart, malform: str = "nb") -> dict:
    """The report's template values; `malform` ('nb' or 'nn', see malform()) is the målform of the words
    politidok writes (statuses, deadlines, counts in words); the rest of the wording is in the template."""
    titles = area_titles(avtale)
    total = f.total
    w = lambda text: word(text, malform)
    uten_referat = sum(len(m.uten_referat) for m in f.meetings)  # meetings called, without minutes

    def row(label: str, c: Counter) -> dict:
        return {
            "omrade": label,
            "gjennomfort": c["gjennomført"],
            "pagar": c["pågår"],
            "ikke_startet": c["ikke startet"],
            "utgatt": c["utgått"],
            "viderefort": c["videreført"],
            "totalt": sum(c.values()),
        }

    def status(a: Action) -> str:
        return f"{w(a.status)} – {w('forfalt')}" if a.forfalt else w(a.status)

    def name(a: Action) -> str:
        return f"{a.id} {a.tiltak}" if a.id else a.tiltak

    def frist(a: Action) -> str:
        if not (a.frist and a.frist_vurdering):
            return _short(a.frist)
        if a.frist_vurdering == "rapportert":  # reported done after the deadline, no day given: not judged
            return f"{_short(a.frist)} ({w('rapportert gjennomført i møtet {}').format(_short(a.meldt))})"
        return f"{_short(a.frist)} ({w(a.frist_vurdering)})"

    def reported(line) -> str:
        day, where, state, comment, done = line
        return (
            f"{_short(day)}, {where}: {w(state)}"
            + (f" {_short(done)}" if done else "")
            + (f" – {comment}" if comment else "")
        )

    return {
        "ar": f.year,
        "politirad": avtale.politirad.navn,
        "dato": dato(f.report_date),
        "sammendrag": {
            "holdt": sum(m.holdt for m in f.meetings),
            "planlagt": sum(m.planlagt for m in f.meetings),
            "totalt": sum(total.values()),
            "gjennomfort": total["gjennomført"],
            "pagar": total["pågår"],
            "ikke_startet": total["ikke startet"],
            "utgatt": total["utgått"],
            "viderefort": total["videreført"],
            "forfalt": len(f.overdue),
            "uten_referat": uten_referat,
            # the same counts as words for running text (Språkrådet), «ingen» for none; a sentence
            # that starts with a count uses the capitalised form
            "ord": _words(
                {
                    "holdt": sum(m.holdt for m in f.meetings),
                    "planlagt": sum(m.planlagt for m in f.meetings),
                    "totalt": sum(total.values()),
                    "gjennomfort": total["gjennomført"],
                    "pagar": total["pågår"],
                    "ikke_startet": total["ikke startet"],
                    "utgatt": total["utgått"],
                    "forfalt": len(f.overdue),
                    "uten_referat": uten_referat,
                },
                malform,
            ),
            # «ett er gjennomført og ett pågår»: the statuses that occur, none that is zero
            "statusliste": statusliste(total, malform),
        },
        "utfordringer": avsnitt(evaluering.utfordringer),
        "egenevaluering": avsnitt(evaluering.egenevaluering),
        "laeringspunkter": list(evaluering.laeringspunkter),
        "fra_forrige_ar": list(evaluering.fra_forrige_ar),
        "moter": [
            {
                "rad": m.rad,
                # a council that meets as needed plans no number: «etter behov», not 0
                "planlagt": m.planlagt or ("etter behov" if avtale.moter.ved_behov else 0),
                "holdt": m.holdt,
                "datoer": ", ".join(
                    [_short(d) for d in m.datoer] + [f"{_short(d)} ({w('uten referat')})" for d in m.uten_referat]
                )
                or "–",
            }
            for m in f.meetings
        ],
        "statustabell": [row(titles.get(k, str(k)), c) for k, c in f.counts.items()] + [row("Sum", total)],
        "figur": chart,
        "omrader": [
            {
                "tittel": titles.get(k, str(k)),
                "tiltak": [
                    {
                        "tiltak": name(a),
                        "ansvarlig": rolle(a.ansvarlig, malform),
                        "frist": frist(a),
                        "status": status(a),
                        "effekt": a.effekt or "–",
                    }
                    for a in f.actions
                    if a.omrade == k
                ],
            }
            for k in f.counts
            if any(a.omrade == k for a in f.actions)
        ],
        "forfalte": [
            {
                "tiltak": name(a),
                "ansvarlig": rolle(a.ansvarlig, malform),
                "frist": _short(a.frist),
                "status": w(a.status),
            }
            for a in f.overdue
        ],
        "handlingsplan": any(a.id for a in f.actions),
        "historikk": [
            {
                "tiltak": name(a),
                "slutt": w(a.status),
                "frist": frist(a),
                "indikator": a.indikator or "",  # none: the template leaves the sentence out
                "linjer": [reported(line) for line in a.historikk],
            }
            for a in f.actions
            if a.id and a.historikk
        ],
        "ikke_rapportert": [
            {"tiltak": name(a), "ansvarlig": rolle(a.ansvarlig, malform), "vedtatt": f"sak {a.sak}, {w(a.mote)}"}
            for a in f.actions
            if a.id and not a.historikk
        ],
        "lukket": f.closed_left_out,
        "lukket_ord": stor_forbokstav(tall_i(f.closed_left_out, malform)),
    }


def sak(avtale: Avtale, evaluering: Evaluering, f: Facts, malform: str = "nb") -> Sak:
    """The saksframlegg presenting the report (figures from the facts, judgement from the YAML)."""
    if malform == "nn":
        return _sak_nn(avtale, evaluering, f)
    sf = evaluering.saksframlegg
    assert sf is not None  # called only for an evaluation with a saksframlegg
    total = f.total
    held, planned = sum(m.holdt for m in f.meetings), sum(m.planlagt for m in f.meetings)
    missing = missing_minutes(f.meetings)
    n = lambda k: tall(k, "n")  # numbers as words in running text (Språkrådet), «ingen» for none
    held_text = (
        f"I {f.year} ble det holdt {n(held)} av {n(planned)} planlagte politirådsmøter"
        if planned
        else f"I {f.year} ble det holdt {n(held)} politirådsmøte{'' if held == 1 else 'r'} (politirådet møtes ved behov)"
    )
    overdue = len(f.overdue)
    facts_text = (
        held_text
        + (f"; det mangler referat fra {', '.join(missing)}" if missing else "")
        + f". {'Møtet' if held == 1 else 'Møtene'} vedtok {n(sum(total.values()))} tiltak"
        + (f": {statusliste(total, 'nb')}. " if sum(total.values()) else ". ")
        + (
            f"{stor_forbokstav(n(overdue))} tiltak har passert fristen uten å være gjennomført."
            if overdue
            else "Ingen tiltak har passert fristen uten å være gjennomført."
        )
    )
    return Sak.model_validate(
        {
            "tittel": f"Årlig evaluering av politirådsarbeidet {f.year} – {avtale.politirad.navn}",
            "organ": sf.organ,
            "dato": sf.dato,
            "saksnummer": sf.saksnummer,
            "saksbehandler": sf.saksbehandler,
            "ingress": (
                f"Evalueringsrapporten for {f.year} legges fram for {organ_bestemt(sf.organ)}. Samarbeidsavtalen skal "
                + (
                    f"evalueres årlig i forbindelse med {avtale.gyldighet.evaluering} som egen sak."
                    if avtale.gyldighet.evaluering
                    else "evalueres årlig."
                )
            ),
            "saksopplysninger": [
                {"avsnitt": facts_text},
                {
                    "sitat": "Ved årets slutt bør politirådet motta en evalueringsrapport og vurdere effekten av "
                    "iverksatte tiltak opp mot forventede utfordringer. Eventuelle læringspunkter videreføres til "
                    "neste års arbeid.",
                    "kilde": f"Samarbeidsavtalen, {avtale.politirad.navn}",
                },
                {"avsnitt": evaluering.utfordringer},
            ],
            "vurdering": evaluering.egenevaluering,
            "tilradning_overskrift": sf.tilradning_overskrift,
            "tilradning": sf.tilradning,
            "saksgang": [g.model_dump() for g in sf.saksgang],
        }
    )


def next_year(evaluering: Evaluering, f: Facts, carried: Collection[str] | None = None, malform: str = "nb") -> dict:
    """What next year's evaluation starts from: the year's læringspunkter and its unfinished measures,
    described in the council's målform (build/nextyear.py writes it as evaluering/<year+1>.yaml).
    `carried`: the ids of the plan's measures that are carried over (adopted and unfinished); None: every
    unfinished one."""
    responsible = "ansvarleg" if malform == "nn" else "ansvarlig"
    unfinished = [
        f"{(a.id + ' ') if a.id else ''}{a.tiltak} ({responsible}: {a.ansvarlig}, frist {_short(a.frist)}, "
        f"{Status(a.status).label(malform)})"
        for a in f.actions
        if Status(a.status).open and (carried is None or not a.id or a.id in carried)
    ]
    return {
        "ar": f.year + 1,
        "fra_forrige_ar": list(evaluering.laeringspunkter),
        "videreforte_tiltak": unfinished,
    }
