"""The year-end evaluation report, and the saksframlegg + package that present it to the council."""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem
from politidok.documents import LANGUAGE_TAG, Document, Kind, PartRef, Planner


def plan(p: Planner) -> None:
    region = p.region
    asked = bool(p.only and KIND.name in p.only) or p.year is not None
    for ar, evaluering in region.evalueringer.items():
        if p.year is not None and ar != p.year:
            continue
        if evaluering.missing:
            where = str(region.folder / "evaluering" / f"{ar}.yaml")
            if asked:
                raise InputError(
                    [Problem(where, 1, m, "mangler – fyll inn før rapporten kan lages") for m in evaluering.missing]
                )
            p.log(f"Hopper over evalueringsrapporten for {ar}: {', '.join(evaluering.missing)} er ikke fylt ut ennå.")
            continue
        _plan_year(p, evaluering)
    if p.year is not None and p.year not in region.evalueringer:
        raise InputError([Problem(str(region.folder / "evaluering" / f"{p.year}.yaml"), 1, "", "filen finnes ikke")])


def _plan_year(p: Planner, evaluering) -> None:
    from politidok.context import evaluation
    from politidok.core.fingerprint import fingerprint
    from politidok.documents.pakke import package
    from politidok.documents.saksframlegg import case_document
    from politidok.render import Image
    from politidok.render.chart import chart_png

    avtale, ar = p.region.avtale, evaluering.ar
    sprak = evaluation.malform(avtale)  # nynorsk when the council writes nynorsk (file names are the same)
    facts = evaluation.facts(avtale, p.region.moter, evaluering, p.region.handlingsplaner.get(ar))
    titles = evaluation.area_titles(avtale)
    chart = Image(
        None,
        width_mm=150,
        factory=lambda: chart_png(facts, titles, sprak),
        alt=evaluation.chart_alt(facts, titles, sprak),
        key=fingerprint(
            "chart",
            {str(k): dict(v) for k, v in facts.counts.items()},
            {str(k): v for k, v in titles.items()},
            *([sprak] if sprak != "nb" else []),
        ),
    )
    title = f"Evalueringsrapport {ar} – {avtale.politirad.navn}"
    report = p.add(
        Document(
            kind=KIND.name,
            stem=f"evalueringsrapport-{ar}",
            template=p.template(sprak, KIND.template),
            context=evaluation.report_context(avtale, evaluering, facts, chart, sprak),
            info=DocumentInfo(title=title, language=LANGUAGE_TAG[sprak], date=evaluering.report_date),
            language=sprak,
            arkiv=avtale.arkiv,
        )
    )
    if not evaluering.saksframlegg:
        return
    sak = evaluation.case(avtale, evaluering, facts, sprak)
    case = case_document(p, f"saksframlegg-evaluering-{ar}", sak, [title], sprak, avtale.arkiv, with_kind=KIND.name)
    p.add(
        package(
            f"pakke-evaluering-{ar}",
            f"Saksframlegg med vedlegg – {sak.tittel}",
            sprak,
            sak.dato,
            [PartRef(f"Saksframlegg: {sak.tittel}", case.stem), PartRef(f"Vedlegg 1: {title}", report.stem)],
            arkiv=avtale.arkiv,
            subject=sak.organ,
            with_kind=KIND.name,
        )
    )


def sample(s) -> dict:
    from politidok.context import evaluation
    from politidok.documents.handlingsplan import sample_plan

    facts = evaluation.facts(s.avtale, {"mote": s.mote}, s.evaluering, sample_plan(s))
    return evaluation.report_context(s.avtale, s.evaluering, facts, s.image)


KIND = Kind(
    name="evalueringsrapport",
    title="Evalueringsrapport",
    order=60,
    dokumenttype="RAPPORT",
    journalposttype="X",
    template="evalueringsrapport",
    languages=("nb", "nn"),
    files="evalueringsrapport-<år>.docx og .pdf, saksframlegg-evaluering-<år> og pakke-evaluering-<år>.pdf",
    guide="Møter holdt mot avtalens plan, tiltak per satsingsområde med status og effekt, forfalte tiltak, et "
    "diagram over status, egenevaluering og læringspunkter, fra referatene og evaluering/<år>.yaml. Med en "
    "handlingsplan for året: hvert tiltaks status gjennom året (møtene der det ble rapportert), status ved "
    "årets slutt, om fristen ble holdt, effekten, og tiltak som aldri ble rapportert. På nynorsk når "
    "politirad.malform er nynorsk, eller (uten den) når alle kommunene har nynorsk.",
    make_target="report",
    plan=plan,
    sample=sample,
)
