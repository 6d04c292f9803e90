"""What several kinds' plans use: the saksframlegg of a case, packages, file-name suffixes and the
synthetic action plan of the samples. A kind imports these, never another kind's module."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from politidok.core.docinfo import DocumentInfo
from politidok.documents.items import LANGUAGE_TAG, Document, Input, Malform, Package, PartRef

if TYPE_CHECKING:
    from politidok.documents import Planner
    from politidok.load.models import Arkiv, Sak

SAKSFRAMLEGG = "saksframlegg"
SAKSFRAMLEGG_TEMPLATE = "saksframlegg"
PAKKE = "pakke"

# What an invitation, its meeting pack and calendar entry show of the meeting file (core.fieldpath
# paths): not the minutes (`referat`, and an item's `referat`, `vedtak`, `tiltak`, `rapportert`), so that
# writing the minutes never touches an invitation that has gone out.
INVITATION_FIELDS = (
    "kommune",
    "felles",
    "dato",
    "fra",
    "til",
    "sted",
    "sendt",
    "svarfrist",
    "praktisk",
    "saker[*].nummer",
    "saker[*].tittel",
    "saker[*].offentlig_tittel",
    "saker[*].unntatt_offentlighet",
    "saker[*].innleder",
    "saker[*].vedlegg",
)
# What a meeting's statuses are read from, by the plan and the report: whether it was held, when, and
# what was reported (a closed item's reports count, but are not shown)
REPORTS = ("dato", "referat?", "saker[*].rapportert", "saker[*].unntatt_offentlighet")


def one_of(values: Any) -> str:
    """The alternatives of a field path's selector, `Gol|Ål` (core.fieldpath)."""
    return "|".join(dict.fromkeys(str(v) for v in values))


def council_fields(mote: Any) -> tuple[str, ...]:
    """What names a meeting's council and chooses its målform in avtale.yaml: the municipality of a
    municipality's meeting, or the council and all its municipalities for the joint meeting."""
    if mote.kommune:
        return ("politirad.noytral_malform", f"kommuner[navn={mote.kommune}]")
    return ("politirad.navn", "politirad.andre_navn", "politirad.noytral_malform", "kommuner")


def suffix(malformer: Sequence[str], malform: str) -> str:
    """A document made in several målformer gets -nb/-nn in its file name."""
    return f"-{malform}" if len(malformer) > 1 else ""


def saksframlegg(
    p: Planner,
    stem: str,
    sak: Sak,
    attachment_titles: list[str],
    malform: Malform,
    arkiv: Arkiv | None,
    inputs: tuple[Input, ...],
    with_kind: str | None = None,
) -> Document:
    """The saksframlegg document of `sak` (also for kinds that present themselves as a case); a saksgang row
    without a date takes it from the council's meeting that treats the case (context.saksgang)."""
    from politidok.context import sak_context
    from politidok.context.saksgang import MEETING_FIELDS, needs_meetings
    from politidok.core import layout

    view = p.view(malform)
    if needs_meetings(sak):
        for name in p.region.moter:
            inputs = _with(inputs, Input(layout.meeting_file(name), MEETING_FIELDS))
    return p.add(
        Document(
            kind=SAKSFRAMLEGG,
            stem=stem,
            template=p.template(malform, SAKSFRAMLEGG_TEMPLATE),
            context=sak_context(sak, attachment_titles, view.avtale, view.moter),
            info=DocumentInfo(
                title=f"Saksframlegg – {sak.tittel}", subject=sak.organ, language=LANGUAGE_TAG[malform], date=sak.dato
            ),
            malform=malform,
            inputs=inputs,
            arkiv=arkiv,
            attachments=len(attachment_titles),
            with_kind=with_kind,
        )
    )


def _with(inputs: tuple[Input, ...], more: Input) -> tuple[Input, ...]:
    """`inputs` with the fields of `more` (one Input per file; a whole file read stays whole)."""
    for i, given in enumerate(inputs):
        if given.file == more.file:
            fields = tuple(dict.fromkeys((*given.fields, *more.fields))) if given.fields else ()
            return (*inputs[:i], Input(more.file, fields), *inputs[i + 1 :])
    return (*inputs, more)


def package(
    stem: str,
    title: str,
    malform: Malform,
    day: date | None,
    parts: list[PartRef],
    arkiv: Arkiv | None = None,
    subject: str = "",
    codes: tuple[str, str] | None = None,
    with_kind: str | None = None,
    inputs: tuple[Input, ...] = (),
    sent: date | None = None,
    draft: bool = False,
) -> Package:
    """A document and its attachments as one PDF; `inputs`: the region's files among the parts."""
    return Package(
        stem=stem,
        info=DocumentInfo(title=title, subject=subject, language=LANGUAGE_TAG[malform], date=day),
        malform=malform,
        parts=tuple(parts),
        inputs=inputs,
        arkiv=arkiv,
        codes=codes,
        with_kind=with_kind,
        sent=sent,
        draft=draft,
    )


def sample_plan(s: Any) -> Any:
    """A synthetic plan whose first measure is reported on in the synthetic meeting, the second never."""
    from politidok.load.planmodels import Handlingsplan

    plan = s.synthetic(Handlingsplan)  # its measures' id and the reports' id are the same placeholder
    unreported = plan.tiltak[0].model_copy(update={"id": "T-2025-99"})
    return plan.model_copy(update={"tiltak": [plan.tiltak[0], unreported]})
