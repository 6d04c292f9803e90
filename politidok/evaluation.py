"""Year-end evaluation: the facts of a year computed from its minutes, the chart, and the
template context of the evaluation report and of the saksframlegg that presents it.

Everything counted comes from the held meetings (those with minutes) of the year; only what
people must judge (effects, expected challenges, self-evaluation, læringspunkter) comes from
evaluering/<year>.yaml. Follow-up actions of items closed to the public (unntatt offentlighet)
are left out of the report, which goes to the kommunestyrer; the report says so.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from politidok.context import avsnitt, dato
from politidok.models import Avtale, Evaluering, Mote, Sak

STATUSES = ("gjennomført", "pågår", "ikke startet", "utgått")
OPEN = ("pågår", "ikke startet")
OTHER = "Andre tiltak"


@dataclass(frozen=True)
class Action:
    tiltak: str
    ansvarlig: str
    frist: date
    status: str
    omrade: str | None  # satsingsområde id
    mote: str  # meeting file stem
    sak: str
    effekt: str
    forfalt: bool


@dataclass(frozen=True)
class MeetingRow:
    rad: str
    planlagt: int
    holdt: int
    datoer: list[date]


@dataclass
class Facts:
    year: int
    report_date: date
    actions: list[Action]
    meetings: list[MeetingRow]
    closed_left_out: int = 0
    counts: dict[str | None, Counter] = field(default_factory=dict)

    @property
    def total(self) -> Counter:
        out: Counter = Counter()
        for c in self.counts.values():
            out.update(c)
        return out

    @property
    def overdue(self) -> list[Action]:
        return [a for a in self.actions if a.forfalt]


def held_meetings(moter: dict[str, Mote], year: int) -> dict[str, Mote]:
    return {k: m for k, m in moter.items() if m.dato.year == year and m.referat is not None}


def facts(avtale: Avtale, moter: dict[str, Mote], evaluering: Evaluering) -> Facts:
    year, when = evaluering.ar, evaluering.report_date
    effects = {e.tiltak: e.effekt for e in evaluering.effekter}
    actions, closed = [], 0
    for name, mote in held_meetings(moter, year).items():
        for sak in mote.saker:
            if sak.unntatt_offentlighet:
                closed += len(sak.tiltak)
                continue
            for t in sak.tiltak:
                actions.append(
                    Action(t.tiltak, t.ansvarlig, t.frist, t.status, t.satsingsomrade, name, sak.nummer,
                           effects.get(t.tiltak, ""), t.frist < when and t.status in OPEN)
                )
    areas = [o.id for o in avtale.satsingsomrader.omrader] if avtale.satsingsomrader else []
    counts: dict[str | None, Counter] = {a: Counter() for a in areas}
    for a in actions:
        counts.setdefault(a.omrade, Counter())[a.status] += 1
    held = held_meetings(moter, year).values()
    rows = [
        MeetingRow(
            avtale.kommune(k.navn).visningsnavn,
            avtale.moter.per_kommune,
            sum(1 for m in held if m.kommune == k.navn),
            [m.dato for m in held if m.kommune == k.navn],
        )
        for k in avtale.kommuner
    ]
    if avtale.moter.felles:
        where = avtale.moter.felles_sted or (avtale.regionrad.navn if avtale.regionrad else "")
        rows.append(MeetingRow(f"Fellesmøtet ({where})" if where else "Fellesmøtet", avtale.moter.felles,
                               sum(1 for m in held if m.felles), [m.dato for m in held if m.felles]))
    return Facts(year, when, actions, rows, closed, counts)


def area_titles(avtale: Avtale) -> dict[str | None, str]:
    titles: dict[str | None, str] = {o.id: o.tittel for o in (avtale.satsingsomrader.omrader if avtale.satsingsomrader else [])}
    titles[None] = OTHER
    return titles


# greys and hatches that stay apart when printed in black and white
STYLE = {
    "gjennomført": {"fill": 0x30, "hatch": ""},
    "pågår": {"fill": 0x8C, "hatch": "/"},
    "ikke startet": {"fill": 0xD0, "hatch": "."},
    "utgått": {"fill": 0xFF, "hatch": "x"},
}
FONT_FILES = ["Carlito-Regular.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
FONT_DIRS = ["/usr/share/fonts/truetype/crosextra", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]


@lru_cache(maxsize=None)
def _font(px: int):
    from PIL import ImageFont
    for d in FONT_DIRS:
        for f in FONT_FILES:
            p = Path(d) / f
            if p.exists():
                return ImageFont.truetype(str(p), px)
    return ImageFont.load_default(size=px)

def chart_png(f: Facts, titles: dict[str | None, str]) -> bytes:
    """Stacked bars of tiltak status per satsingsområde, readable in greyscale.

    Drawn with Pillow at twice the size and scaled down (smooth edges), in Carlito like the
    documents; RGB without alpha, since PDF/A-1 rules (PDFBox preflight) forbid the soft mask
    an alpha channel would become.
    """
    from PIL import Image, ImageDraw

    counts = f.counts
    S = 2  # supersampling: drawn at twice the size, then scaled down (smooth edges)
    dpi = 200 * S
    pt = lambda v: round(v * dpi / 72)
    keys = [k for k in counts if sum(counts[k].values())] or list(counts)
    labels = [textwrap.wrap(titles.get(k, str(k)), 38) or [""] for k in keys]
    font, small = _font(pt(8)), _font(pt(7))
    line_h = pt(8) * 1.2
    draw0 = ImageDraw.Draw(Image.new("L", (1, 1)))
    text_w = lambda s, f=font: draw0.textlength(s, font=f)
    width = round(6.3 * dpi)
    row = round(0.75 * dpi)
    label_w = max(text_w(l) for lines in labels for l in lines)
    pad = pt(6)
    x0, x1 = round(pad + label_w + pad), width - pt(14)
    y0 = pt(8)
    plot_h = row * len(keys)
    axis_y = y0 + plot_h
    legend_y = axis_y + pt(8) + line_h + pt(6) + line_h + pt(10)
    height = round(legend_y + line_h + pt(8))
    img = Image.new("L", (width, height), 255)
    d = ImageDraw.Draw(img)
    total_max = max((sum(counts[k].values()) for k in keys), default=0) or 1
    step = max(1, math.ceil(total_max / 8))
    top = math.ceil(total_max / step) * step
    scale = (x1 - x0) / (top * 1.05)
    lw = max(1, round(0.6 * dpi / 72))

    def hatch(box, kind, fill):
        bx0, by0, bx1, by1 = [round(v) for v in box]
        d.rectangle(box, fill=fill)
        if kind:
            w, h = bx1 - bx0, by1 - by0
            tile = Image.new("L", (w, h), fill)
            t = ImageDraw.Draw(tile)
            gap = pt(4)
            if kind in "/x":
                for o in range(-h, w + h, gap):
                    t.line([(o, h), (o + h, 0)], fill=0, width=lw)
                    if kind == "x":
                        t.line([(o, 0), (o + h, h)], fill=0, width=lw)
            elif kind == ".":
                r = max(1, lw)
                for yy in range(gap // 2, h, gap // 1):
                    shift = gap // 2 if (yy // gap) % 2 else 0
                    for xx in range(shift, w, gap):
                        t.ellipse([xx - r, yy - r, xx + r, yy + r], fill=0)
            img.paste(tile, (bx0, by0))
        d.rectangle(box, outline=0, width=lw)

    for i, (k, lines) in enumerate(zip(keys, labels)):
        cy = y0 + row * i + row / 2
        block = line_h * len(lines)
        for j, line in enumerate(lines):
            d.text((x0 - pad, cy - block / 2 + j * line_h + line_h / 2), line, font=font, fill=0, anchor="rm")
        left = 0
        bh = row * 0.8
        for status in STATUSES:
            v = counts[k][status]
            if not v:
                continue
            box = (x0 + left * scale, cy - bh / 2, x0 + (left + v) * scale, cy + bh / 2)
            hatch(box, STYLE[status]["hatch"], STYLE[status]["fill"])
            mx, my = (box[0] + box[2]) / 2, cy
            if status == "gjennomført":
                d.text((mx, my), str(v), font=font, fill=255, anchor="mm")
            else:
                tb = d.textbbox((mx, my), str(v), font=font, anchor="mm")
                d.rectangle((tb[0] - pt(1.5), tb[1] - pt(1.5), tb[2] + pt(1.5), tb[3] + pt(1.5)), fill=255)
                d.text((mx, my), str(v), font=font, fill=0, anchor="mm")
            left += v
    # axes: left and bottom, integer ticks
    d.line([(x0, y0 - pt(2)), (x0, axis_y)], fill=0, width=lw)
    d.line([(x0, axis_y), (x1, axis_y)], fill=0, width=lw)
    for v in range(0, top + 1, step):
        x = x0 + v * scale
        d.line([(x, axis_y), (x, axis_y + pt(3.5))], fill=0, width=lw)
        d.text((x, axis_y + pt(5)), str(v), font=font, fill=0, anchor="mt")
    d.text(((x0 + x1) / 2, axis_y + pt(7) + line_h), "Antall tiltak", font=font, fill=0, anchor="mt")
    # legend, centred under the plot
    sw, gap = pt(14), pt(5)
    items = [(s, s.capitalize()) for s in STATUSES]
    widths = [sw + gap + text_w(lbl, small) for _s, lbl in items]
    total = sum(widths) + pt(14) * (len(items) - 1)
    x = (x0 + x1) / 2 - total / 2
    for (status, lbl), w in zip(items, widths):
        hatch((x, legend_y - pt(4), x + sw, legend_y + pt(4)), STYLE[status]["hatch"], STYLE[status]["fill"])
        d.text((x + sw + gap, legend_y), lbl, font=small, fill=0, anchor="lm")
        x += w + pt(14)
    img = img.reduce(S).convert("RGB")
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def _short(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def report_context(avtale: Avtale, evaluering: Evaluering, f: Facts, chart) -> dict:
    titles = area_titles(avtale)
    total = f.total

    def row(label: str, c: Counter) -> dict:
        return {"omrade": label, "gjennomfort": c["gjennomført"], "pagar": c["pågår"],
                "ikke_startet": c["ikke startet"], "utgatt": c["utgått"], "totalt": sum(c.values())}

    def status(a: Action) -> str:
        return f"{a.status} – forfalt" if a.forfalt else a.status

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
            "forfalt": len(f.overdue),
        },
        "utfordringer": avsnitt(evaluering.utfordringer),
        "egenevaluering": avsnitt(evaluering.egenevaluering),
        "laeringspunkter": list(evaluering.laeringspunkter),
        "fra_forrige_ar": list(evaluering.fra_forrige_ar),
        "moter": [
            {"rad": m.rad, "planlagt": m.planlagt, "holdt": m.holdt, "datoer": ", ".join(_short(d) for d in m.datoer) or "–"}
            for m in f.meetings
        ],
        "statustabell": [row(titles.get(k, str(k)), c) for k, c in f.counts.items()] + [row("Sum", total)],
        "figur": chart,
        "omrader": [
            {
                "tittel": titles.get(k, str(k)),
                "tiltak": [
                    {"tiltak": a.tiltak, "ansvarlig": a.ansvarlig, "frist": _short(a.frist), "status": status(a),
                     "effekt": a.effekt or "–"}
                    for a in f.actions
                    if a.omrade == k
                ],
            }
            for k in f.counts
            if any(a.omrade == k for a in f.actions)
        ],
        "forfalte": [
            {"tiltak": a.tiltak, "ansvarlig": a.ansvarlig, "frist": _short(a.frist), "status": a.status}
            for a in f.overdue
        ],
        "lukket": f.closed_left_out,
    }


def case(avtale: Avtale, evaluering: Evaluering, f: Facts) -> Sak:
    """The saksframlegg presenting the report (figures from the facts, judgement from the YAML)."""
    sf = evaluering.saksframlegg
    total = f.total
    held, planned = sum(m.holdt for m in f.meetings), sum(m.planlagt for m in f.meetings)
    missing = [m.rad for m in f.meetings if m.holdt < m.planlagt]
    facts_text = (
        f"I {f.year} ble det holdt {held} av {planned} planlagte politirådsmøter"
        + (f"; det mangler referat fra {', '.join(missing)}" if missing else "")
        + f". Møtene vedtok {sum(total.values())} tiltak: {total['gjennomført']} er gjennomført, "
        f"{total['pågår']} pågår, {total['ikke startet']} er ikke startet og {total['utgått']} er utgått. "
        f"{len(f.overdue)} tiltak har passert fristen uten å være gjennomført."
    )
    return Sak.model_validate(
        {
            "tittel": f"Årlig evaluering av politirådsarbeidet {f.year} – {avtale.politirad.navn}",
            "organ": sf.organ,
            "dato": sf.dato,
            "saksnummer": sf.saksnummer,
            "saksbehandler": sf.saksbehandler,
            "ingress": (
                f"Evalueringsrapporten for {f.year} legges fram for politirådet. Samarbeidsavtalen skal evalueres "
                f"årlig i forbindelse med {avtale.gyldighet.evaluering} som egen sak."
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
        }
    )


def next_year_yaml(evaluering: Evaluering, f: Facts) -> str:
    """The starting evaluering/<year+1>.yaml: læringspunkter and unfinished tiltak carried over."""
    import yaml

    unfinished = [
        f"{a.tiltak} (ansvarlig: {a.ansvarlig}, frist {_short(a.frist)}, {a.status})" for a in f.actions if a.status in OPEN
    ]
    data = {
        "ar": f.year + 1,
        "fra_forrige_ar": list(evaluering.laeringspunkter),
        "videreforte_tiltak": unfinished,
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    return (
        f"# Evaluering av politirådsarbeidet {f.year + 1}. Laget av politidok fra evalueringen av {f.year}:\n"
        "# læringspunktene og de uferdige tiltakene er ført videre. Fyll inn resten gjennom året; rapporten\n"
        "# lages når «utfordringer» og «egenevaluering» er fylt ut (make report YEAR=…).\n"
        + body
        + "utfordringer:    # forventede utfordringer tiltakene settes inn mot\n"
        "egenevaluering:  # politirådets vurdering av eget arbeid\n"
        "effekter: []     # - tiltak: <som i referatet>\n                 #   effekt: <vurdering>\n"
        "laeringspunkter: []\n"
    )
