"""Context stage: validated models -> the values a Word template sees.

Everything here is plain data (str, int, bool, list, dict): dates are already written out
in Norwegian, lists already joined, so that templates need no filters or code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from babel.dates import format_date

from politidok.core.tekst import liste, tallord
from politidok.core.words import omtale, rolle, word
from politidok.load import signature_field
from politidok.load.models import Avtale, Medlem, Mote, Politienhet, Sak

LOCALE = {"nb": "nb_NO", "nn": "nn_NO"}


def dato(d: date, malform: str = "nb") -> str:
    """date(2024, 10, 25) -> '25. oktober 2024'."""
    return format_date(d, "d. MMMM y", locale=LOCALE[malform])


def maaned(d: date, malform: str = "nb") -> str:
    """date(2024, 12, 1) -> 'desember 2024'."""
    return format_date(d, "MMMM y", locale=LOCALE[malform])


def avsnitt(text: str | None) -> list[str]:
    """Text with blank lines between paragraphs -> the paragraphs (single newlines folded).

    The YAML loader keeps a folded (`>-`) or plain text's paragraph breaks as blank lines.
    """
    if not text:
        return []
    return [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


ENHETSSLAG = ("politistasjonsdistrikt", "lensmannsdistrikt", "driftsenhet", "politidistrikt", "tjenesteenhet")


def enhetsslag(enhet: Politienhet) -> str:
    """The kind of a police unit: explicit, else from its name («Nord-Troms lensmannsdistrikt»)."""
    if enhet.slag:
        return enhet.slag
    lowered = enhet.navn.lower()
    return next((kind for kind in ENHETSSLAG if kind in lowered), "tjenesteenhet")


def _bestemt(kind: str) -> str:
    """'driftsenhet' -> 'driftsenheten', 'lensmannsdistrikt' -> 'lensmannsdistriktet'."""
    return kind + ("en" if kind.endswith("enhet") else "et")


def koordinator(avtale: Avtale) -> str:
    """'slt', 'folkehelse' or '' (none): explicit, else from the members' titles."""
    chosen = avtale.politirad.koordinator
    if chosen:
        return "" if chosen == "ingen" else chosen
    titles = " ".join(m.tittel.lower() for m in avtale.medlemmer)
    if "slt" in titles:
        return "slt"
    if "folkehelsekoordinator" in titles:
        return "folkehelse"
    return ""


KOORDINATOR = {
    "slt": ("SLT-koordinator", "SLT-koordinatoren"),
    "folkehelse": ("folkehelsekoordinator", "folkehelsekoordinatoren"),
}


# a police unit's kind, definite singular and plural, in bokmål and nynorsk
ENHET_BESTEMT = {
    "politistasjonsdistrikt": {
        "nb": ("politistasjonsdistriktet", "politistasjonsdistriktene"),
        "nn": ("politistasjonsdistriktet", "politistasjonsdistrikta"),
    },
    "lensmannsdistrikt": {
        "nb": ("lensmannsdistriktet", "lensmannsdistriktene"),
        "nn": ("lensmannsdistriktet", "lensmannsdistrikta"),
    },
    "politidistrikt": {"nb": ("politidistriktet", "politidistriktene"), "nn": ("politidistriktet", "politidistrikta")},
    "driftsenhet": {"nb": ("driftsenheten", "driftsenhetene"), "nn": ("driftseininga", "driftseiningane")},
    "tjenesteenhet": {"nb": ("tjenesteenheten", "tjenesteenhetene"), "nn": ("tenesteeininga", "tenesteeiningane")},
}


def _eigar(bestemt: str, flere: bool) -> str:
    return "sine" if flere else ("si" if bestemt.endswith("a") else "sitt")


def facts(avtale: Avtale, malform: str = "nb") -> dict:
    """The council's facts that templates choose their wording by (see docs/maler.md), in `malform`.

    Several police units are spoken of in the plural («lensmannsdistriktene»); units of different kinds
    as «tjenesteenhetene» («tenesteeiningane»)."""
    n = len(avtale.kommuner)
    enheter = avtale.politi.enheter
    first = enheter[0]
    kind = enhetsslag(first)
    same_kind = all(enhetsslag(e) == kind for e in enheter)
    singular, plural = ENHET_BESTEMT[kind if same_kind else "tjenesteenhet"][malform]
    bestemt = plural if len(enheter) > 1 else singular
    slag_k = koordinator(avtale)
    return {
        "en_kommune": n == 1,
        "antall_kommuner": n,
        "antall_kommuner_ord": tallord(n, "m"),
        "politienhet": {
            "navn": first.navn,
            "slag": kind,
            "bestemt": bestemt,
            # nynorsk has no s-genitive: «lensmannsdistriktet sitt», «driftseininga si», «lensmannsdistrikta sine»
            "genitiv": bestemt + "s" if malform != "nn" else f"{bestemt} {_eigar(bestemt, len(enheter) > 1)}",
            "leder": rolle(first.leder, malform),
            "flere": len(enheter) > 1,
        },
        "koordinator": {
            "slag": slag_k,
            "tittel": KOORDINATOR[slag_k][0] if slag_k else "",
            "bestemt": KOORDINATOR[slag_k][1] if slag_k else "",
        },
        "har_regionrad": avtale.regionrad is not None,
    }


def _omtale(medlem: Medlem, malform: str) -> str:
    if medlem.omtale:
        return omtale(medlem.omtale, malform)
    tittel = rolle(medlem.tittel, malform)
    if len(tittel) > 1 and tittel[1].isupper():  # an acronym such as «SLT-koordinator»
        return tittel
    return tittel[:1].lower() + tittel[1:]


def _medlemmer(avtale: Avtale, deltakelse: str, malform: str) -> str:
    names: list[str] = []
    for medlem in avtale.medlemmer:
        if medlem.deltakelse == deltakelse and _omtale(medlem, malform) not in names:
            names.append(_omtale(medlem, malform))
    return liste(names)


def _antall_moter(n: int, slag: str, malform: str = "nb") -> str:
    """(1, 'fast') -> 'ett fast møte'; (2, 'fast') -> 'to faste møter'; nynorsk «eitt fast møte», «to faste møte»."""
    if malform == "nn":
        count = "eitt" if n == 1 else tallord(n, "n")
        return (
            f"{count} fast møte"
            if slag == "fast" and n == 1
            else (f"{count} faste møte" if slag == "fast" else f"{count} felles politirådsmøte")
        )
    if slag == "fast":
        return "ett fast møte" if n == 1 else f"{tallord(n, 'n')} faste møter"
    return "ett felles politirådsmøte" if n == 1 else f"{tallord(n, 'n')} felles politirådsmøter"


def signatories(avtale: Avtale, malform: str = "nb") -> list[dict]:
    """One entry per signatory, in document order, with its PDF field name (from the title as written)."""
    out = []
    for s in avtale.signering.signatarer:
        kommune = avtale.kommune(s.kommune) if s.kommune else None
        written = rolle(s.tittel, malform)
        tittel = f"{written} i {kommune.visningsnavn}" if kommune else written
        out.append({"tittel": tittel, "navn": s.navn or "", "felt": signature_field(s.tittel, s.kommune, s.felt)})
    return out


def signature_rows(entries: list[dict]) -> list[dict]:
    """Two signature blocks a row, in the signatories' order; with an odd count the last stands alone
    (at the left, in the column of the blocks above it)."""
    return [
        {"venstre": entries[i], "hoyre": entries[i + 1] if i + 1 < len(entries) else None}
        for i in range(0, len(entries), 2)
    ]


TILKNYTNING = {
    "nb": ("lokal tjenesteenhet", "lokale tjenesteenheter"),
    "nn": ("lokal tenesteeining", "lokale tenesteeiningar"),
}


def agreement_context(avtale: Avtale, malform: str = "nb") -> dict:
    """Template context of templates/<malform>/samarbeidsavtale.docx."""
    kommuner = [k.visningsnavn for k in avtale.kommuner]
    tt = avtale.tjenestetilbud
    so = avtale.satsingsomrader
    enheter = avtale.politi.enheter
    return {
        **facts(avtale, malform),
        "region": avtale.politirad.region,
        "politirad": {
            "navn": avtale.politirad.navn,
            "alle_navn": " / ".join(
                dict.fromkeys([avtale.politirad.navn] + [n.navn for n in avtale.politirad.andre_navn])
            ),
            "bestemt_form": "Politirådet",
            "kontaktledd": avtale.politirad.kontaktledd,
            "formal": avsnitt(avtale.politirad.formal),
        },
        "hovedoppgaver": list(avtale.politirad.hovedoppgaver or []),
        "politi": {
            "distrikt": avtale.politi.distrikt,
            "enheter": liste([e.navn for e in enheter]),
            "tilknytning": TILKNYTNING[malform][len(enheter) > 1],
        },
        "regionrad": {"navn": avtale.regionrad.navn} if avtale.regionrad else None,
        "kommuneliste": liste(kommuner),
        "medlemmer": {
            "faste": _medlemmer(avtale, "fast", malform),
            "tillegg": _medlemmer(avtale, "tillegg", malform),
            "ved_behov": _medlemmer(avtale, "ved_behov", malform),
        },
        "satsingsomrader": {
            "vedtatt": dato(so.vedtatt, malform) if so and so.vedtatt else "",
            "videreforing": bool(so and so.videreforing),
            "periode": (so and so.periode) or "",
            "omrader": [
                {"id": o.id, "tittel": o.tittel, "avsnitt": avsnitt(o.beskrivelse)} for o in (so.omrader if so else [])
            ],
        },
        "tjenestetilbud": None
        if tt is None
        else {
            "dekning": tt.dekning,
            "tjenestesteder": liste(
                [f"{t.preposisjon} {t.sted}" + (f" ({t.merknad})" if t.merknad else "") for t in tt.tjenestesteder]
            ),
            "kontaktpunkter": [
                {"fra": maaned(k.fra, malform), "sted": f"{k.preposisjon} {k.sted}", "periode": k.periode or ""}
                for k in tt.kontaktpunkter
            ],
            "sentralbord": f"{tt.sentralbord.fra}–{tt.sentralbord.til}" if tt.sentralbord else "",
            "nettside": tt.nettside,
        },
        "moter": {
            "per_kommune": _antall_moter(avtale.moter.per_kommune, "fast", malform) if avtale.moter.per_kommune else "",
            "felles": _antall_moter(avtale.moter.felles, "felles", malform) if avtale.moter.felles else "",
            "felles_sted": avtale.moter.felles_sted or (avtale.regionrad.navn if avtale.regionrad else ""),
            "ad_hoc": avtale.moter.ad_hoc,
            "ved_behov": avtale.moter.ved_behov,
        },
        "gyldighet": {
            "fra": dato(avtale.gyldighet.fra, malform) if avtale.gyldighet.fra else "",
            "til": dato(avtale.gyldighet.til, malform) if avtale.gyldighet.til else "",
            "evaluering": avtale.gyldighet.evaluering or "",
        },
        "signering": {"dato": dato(avtale.signering.dato, malform) if avtale.signering.dato else ""},
        "signaturrader": signature_rows(signatories(avtale, malform)),
    }


def sak_context(
    sak: Sak, vedlegg_titler: list[str], avtale: Avtale | None = None, moter: Mapping[str, Mote] | None = None
) -> dict:
    """Template context of templates/<malform>/saksframlegg.docx; with the council's meetings, the saksgang's
    meeting dates from the meeting that treats the case (context.saksgang)."""
    from politidok.context.saksgang import saksgang

    return {
        "sak": {
            "tittel": sak.tittel,
            "organ": sak.organ,
            "dato": dato(sak.dato, sak.malform) if sak.dato else "",
            "saksnummer": sak.saksnummer or "",
            "saksbehandler": sak.saksbehandler or "",
            "ingress": avsnitt(sak.ingress),
            "saksopplysninger": [
                {
                    "sitat": bool(b.sitat),
                    "avsnitt": avsnitt(b.sitat or b.avsnitt),
                    "kilde": b.kilde or "",
                }
                for b in sak.saksopplysninger
            ],
            "vurdering": avsnitt(sak.vurdering),
            "tilradning_overskrift": word(sak.tilradning_overskrift, sak.malform),
            "tilradning": [" ".join(t.split()) for t in sak.tilradning],
            "vedlegg": vedlegg_titler,
            "saksgang": saksgang(sak, avtale, moter),
        }
    }
