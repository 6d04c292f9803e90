"""The year-end evaluation report, and the saksframlegg + package that present it to the council."""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, PartRef, Planner
from politidok.documents.shared import REPORTS, package, saksframlegg, sample_plan

# the council's names and målformer, its municipalities and meeting plan (meetings held against
# planned), its priority areas, and where the agreement is evaluated
SHOWS = ("politirad", "kommuner", "regionrad", "satsingsomrader", "moter", "gyldighet.evaluering")
# what the report counts of a meeting: whether and when it was held, where, and the measures followed up
MEETING = (*REPORTS, "kommune", "felles", "saker[*].nummer", "saker[*].tiltak")


def plan(p: Planner) -> None:
    region = p.region
    year = p.options.ar
    asked = (
        year is not None
    )  # a year asked for by name; otherwise (make all, make report) an unfinished year is skipped
    for ar, evaluering in region.evalueringer.items():
        if year is not None and ar != year:
            continue
        if evaluering.missing:
            name = layout.evaluation_file(ar)
            if asked:
                raise InputError(
                    [
                        Problem(
                            p.region.display(name),
                            p.region.line(name, (m,)),
                            m,
                            "mangler – fyll inn før rapporten kan lages",
                        )
                        for m in evaluering.missing
                    ]
                )
            p.log(f"Hopper over evalueringsrapporten for {ar}: {', '.join(evaluering.missing)} er ikke fylt ut ennå.")
            continue
        _plan_year(p, evaluering)
    if year is not None and year not in region.evalueringer:
        raise InputError([Problem(str(p.layout.evaluation(year)), 1, "", "filen finnes ikke")])


def _plan_year(p: Planner, evaluering: Any) -> None:
    from politidok.context import evaluation
    from politidok.context.meetings import politirad_malform
    from politidok.core.fingerprint import fingerprint
    from politidok.render import Image
    from politidok.render.chart import chart_png

    ar = evaluering.ar
    malform = politirad_malform(p.region.avtale)  # nynorsk when the council writes nynorsk (same file names)
    view = p.view(malform)
    avtale, evaluering = view.avtale, view.evalueringer[ar]
    facts = evaluation.facts(avtale, view.moter, evaluering, view.handlingsplaner.get(ar))
    titles = evaluation.area_titles(avtale)
    chart = Image(
        None,
        width_mm=150,
        factory=lambda: chart_png(facts, titles, malform),
        alt=evaluation.chart_alt(facts, titles, malform),
        key=fingerprint(
            "chart",
            {str(k): dict(v) for k, v in facts.counts.items()},
            {str(k): v for k, v in titles.items()},
            *([malform] if malform != "nb" else []),
        ),
    )
    title = f"Evalueringsrapport {ar} – {avtale.politirad.navn}"
    inputs = (
        Input(layout.evaluation_file(ar)),
        Input(layout.agreement_file(), SHOWS),
        *([Input(layout.plan_file(ar))] if ar in p.region.handlingsplaner else []),
        *(Input(layout.meeting_file(n), MEETING) for n, m in p.region.moter.items() if m.dato.year == ar),
    )
    report = p.add(
        Document(
            kind=KIND.name,
            stem=f"evalueringsrapport-{ar}",
            template=p.template(malform, KIND.template or ""),
            context=evaluation.report_context(avtale, evaluering, facts, chart, malform),
            info=DocumentInfo(title=title, language=LANGUAGE_TAG[malform], date=evaluering.report_date),
            malform=malform,
            inputs=inputs,
            arkiv=avtale.arkiv,
        )
    )
    if not evaluering.saksframlegg:
        return
    sak = evaluation.sak(avtale, evaluering, facts, malform)
    case = saksframlegg(
        p, f"saksframlegg-evaluering-{ar}", sak, [title], malform, avtale.arkiv, inputs, with_kind=KIND.name
    )
    p.add(
        package(
            f"pakke-evaluering-{ar}",
            f"Saksframlegg med vedlegg – {sak.tittel}",
            malform,
            sak.dato,
            [PartRef(f"Saksframlegg: {sak.tittel}", case.stem), PartRef(f"Vedlegg 1: {title}", report.stem)],
            arkiv=avtale.arkiv,
            subject=sak.organ,
            with_kind=KIND.name,
        )
    )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import evaluation

    facts = evaluation.facts(s.avtale, {"mote": s.mote}, s.evaluering, sample_plan(s))
    return evaluation.report_context(s.avtale, s.evaluering, facts, s.image)


KIND = Kind(
    name="evalueringsrapport",
    title="Evalueringsrapport",
    reads=(layout.AGREEMENT, f"{layout.EVALUATIONS}/*", f"{layout.PLANS}/*", f"{layout.MEETINGS}/*"),
    dokumenttype="RAPPORT",
    journalposttype="X",
    template="evalueringsrapport",
    malformer=("nb", "nn"),
    files="evalueringsrapport-<år>.docx og .pdf, saksframlegg-evaluering-<år> og pakke-evaluering-<år>.pdf",
    guide="Møter holdt mot avtalens plan, tiltak per satsingsområde med status og effekt, forfalte tiltak, et "
    "diagram over status, egenevaluering og læringspunkter, fra referatene og evaluering/<år>.yaml. Med en "
    "handlingsplan for året: hvert tiltaks status gjennom året (møtene der det ble rapportert), status ved "
    "årets slutt, om fristen ble overholdt, effekten, og tiltak som aldri ble rapportert. På nynorsk når "
    "politirad.malform er nynorsk, eller (uten den) når alle kommunene har nynorsk.",
    make_target="report",
    plan=plan,
    sample=sample,
)
