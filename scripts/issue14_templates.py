"""Issue 14: the template edits, as a script (binary .docx cannot be merged; rerun this on a merged copy).

    .venv/bin/python scripts/issue14_templates.py

Each edit replaces the text of one whole paragraph (found by its exact old text) and keeps the
paragraph's style and its first run's formatting, as Word would after retyping it. An edit whose new
text is already there is skipped, so the script can run twice.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
T = ROOT / "templates"

EN = "{% if en_kommune %}"
KOMMUNEN = EN + "kommunen{% else %}kommunene{% endif %}"
KOMMUNENS = EN + "kommunens{% else %}kommunenes{% endif %}"


CHANGED = [False]


def _paragraphs(doc):
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        yield p


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def set_text(p, text: str) -> None:
    runs = p.findall(qn("w:r"))
    for extra in runs[1:]:
        p.remove(extra)
    run = runs[0]
    for child in list(run):
        if child.tag != qn("w:rPr"):
            run.remove(child)
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)


def replace(doc, old: str, new: str, where: str) -> None:
    found = [p for p in _paragraphs(doc) if _text(p) == old]
    if not found:
        if any(_text(p) == new for p in _paragraphs(doc)):
            return
        sys.exit(f"{where}: fant ikke avsnittet «{old[:80]}…»")
    for p in found:
        set_text(p, new)
    CHANGED[0] = True


def agreement() -> None:
    path = T / "nb" / "samarbeidsavtale.docx"
    doc = Document(str(path))
    CHANGED[0] = False
    w = str(path.relative_to(ROOT))
    replace(doc,
            "Avtalen er inngått mellom {{ politi.distrikt }} og {{ kommuneliste }} {% if antall_kommuner > 1 %}kommuner"
            "{% else %}kommune{% endif %}{% if regionrad %} gjennom {{ regionrad.navn }}{% endif %}.",
            "Avtalen er inngått mellom {{ politi.distrikt }} og {{ kommuneliste }} " + EN + "kommune{% else %}kommuner"
            "{% endif %}{% if regionrad %} gjennom {{ regionrad.navn }}{% endif %}.", w)
    replace(doc,
            "{% if moter.per_kommune %}{{ kommuneliste }} kommuner gjennomfører årlige politirådsmøter.{% if regionrad %} "
            "I tillegg møter politiet kommunene via {{ regionrad.navn }}.{% endif %}{% else %}{{ kommuneliste }} kommuner "
            "og politiet møtes i ett felles politiråd{% if regionrad %} gjennom {{ regionrad.navn }}{% endif %}.{% endif %}"
            "{% if regionrad %} Regionrådet er et politisk samarbeidsorgan for de {{ antall_kommuner }} kommunene. "
            "Gjennom Regionrådet har kommunene og politiet inngått denne samarbeidsavtalen.{% endif %}",
            EN + "{{ kommuneliste }} kommune og politiet møtes i politirådet.{% if regionrad %} I tillegg møter politiet "
            "kommunen via {{ regionrad.navn }}.{% endif %}{% elif moter.per_kommune %}{{ kommuneliste }} kommuner "
            "gjennomfører årlige politirådsmøter.{% if regionrad %} I tillegg møter politiet kommunene via "
            "{{ regionrad.navn }}.{% endif %}{% else %}{{ kommuneliste }} kommuner og politiet møtes i ett felles "
            "politiråd{% if regionrad %} gjennom {{ regionrad.navn }}{% endif %}.{% endif %}{% if regionrad and not "
            "en_kommune %} Regionrådet er et politisk samarbeidsorgan for de {{ antall_kommuner_ord }} kommunene. "
            "Gjennom Regionrådet har kommunene og politiet inngått denne samarbeidsavtalen.{% endif %}", w)
    replace(doc,
            "Politirådet er organisatorisk knyttet til {{ politi.tilknytning }} og tilhørende kommuner, og skal som et "
            "minimum være sammensatt av representanter fra ledelsen i kommunene, SLT og politiet. Dette bør minst være "
            "{{ medlemmer.faste }}.",
            "Politirådet er organisatorisk knyttet til {{ politi.tilknytning }} og " + EN + "kommunen{% else %}"
            "tilhørende kommuner{% endif %}, og skal som et minimum være sammensatt av representanter fra ledelsen i "
            + KOMMUNEN + "{% if koordinator.slag == 'slt' %}, SLT{% elif koordinator.slag == 'folkehelse' %}, "
            "folkehelsearbeidet{% endif %} og politiet. Dette bør minst være {{ medlemmer.faste }}.", w)
    replace(doc,
            "Politikontakten er tjenesteenhetens faste kontaktledd med kommunene og rådgiver innen kriminalitetsforebyggende "
            "virksomhet. Politikontakten vil være et supplement til de allerede etablerte kontaktledd som er mellom "
            "politiet og kommunene. Politikontakten møter i tjenesteenhetens ledergruppe og i politirådet.",
            "Politikontakten er {{ politienhet.genitiv }} faste kontaktledd med " + KOMMUNEN + " og rådgiver innen "
            "kriminalitetsforebyggende virksomhet. Politikontakten vil være et supplement til de allerede etablerte "
            "kontaktledd som er mellom politiet og " + KOMMUNEN + ". Politikontakten møter i {{ politienhet.genitiv }} "
            "ledergruppe og i politirådet.", w)
    replace(doc,
            "Kommunene må ha faste kontaktledd for politiet på lik linje med politikontaktene. I {{ region }} vil det være "
            "{{ politirad.kontaktledd }}.",
            EN + "Kommunen{% else %}Kommunene{% endif %} må ha faste kontaktledd for politiet på lik linje med "
            "politikontaktene. I {{ region }} vil det være {{ politirad.kontaktledd }}.", w)
    replace(doc,
            "Det er politikontakten og kommunenes kontakter ({{ politirad.kontaktledd }}) som har ansvaret for å "
            "operasjonalisere beslutninger fra politirådet i egne organisasjoner og samordne tett videre slik at disse "
            "blir gjennomført.",
            "Det er politikontakten og " + KOMMUNENS + " kontakter ({{ politirad.kontaktledd }}) som har ansvaret for å "
            "operasjonalisere beslutninger fra politirådet i egne organisasjoner og samordne tett videre slik at disse "
            "blir gjennomført.", w)
    replace(doc, "{{ politirad.navn }}", "{{ politirad.alle_navn }}", w)  # the subtitle: every official name
    replace(doc,
            "{{ politirad.bestemt_form }} er politiets og kommunenes formaliserte samarbeidsforum for det lokale "
            "kriminalitetsforebyggende arbeidet, for samordning av aktuelle beredskapsplaner og for arbeid med "
            "samfunnssikkerhet.",
            "{{ politirad.bestemt_form }} er politiets og " + KOMMUNENS + " formaliserte samarbeidsforum for det lokale "
            "kriminalitetsforebyggende arbeidet, for samordning av aktuelle beredskapsplaner og for arbeid med "
            "samfunnssikkerhet.", w)
    replace(doc, "Satsningsområder", "Satsingsområder", w)
    replace(doc,
            "Felles prioriterte satsningsområder er basert på politimesterens situasjonsbilde og analyser, forventede "
            "utfordringer og innhentet kunnskap. {% if satsingsomrader.omrader %}Politirådet har {% if "
            "satsingsomrader.vedtatt %}fra {{ satsingsomrader.vedtatt }} {% endif %}blitt enige om {% if "
            "satsingsomrader.videreforing %}å fortsette {% endif %}følgende satsningsområder for perioden{% if "
            "satsingsomrader.periode %} {{ satsingsomrader.periode }}{% endif %}:{% else %}Satsningsområdene fastsettes "
            "av politirådet i felles handlingsplaner.{% endif %}",
            "Felles prioriterte satsingsområder er basert på politimesterens situasjonsbilde og analyser, forventede "
            "utfordringer og innhentet kunnskap. {% if satsingsomrader.omrader %}Politirådet har {% if "
            "satsingsomrader.vedtatt %}fra {{ satsingsomrader.vedtatt }} {% endif %}blitt enige om {% if "
            "satsingsomrader.videreforing %}å fortsette {% endif %}følgende satsingsområder{% if "
            "satsingsomrader.periode %} for perioden {{ satsingsomrader.periode }}{% endif %}:{% else %}"
            "Satsingsområdene fastsettes av politirådet i felles handlingsplaner.{% endif %}", w)
    replace(doc,
            "Politirådet gjennomgår utarbeidede tiltak innenfor satsningsområdene eller andre områder som kommunen eller "
            "politiet legger frem for politirådet.",
            "Politirådet gjennomgår utarbeidede tiltak innenfor satsingsområdene eller andre områder som kommunen eller "
            "politiet legger frem for politirådet.", w)
    replace(doc,
            "Kommunene i {{ region }} dekkes av {{ tjenestetilbud.dekning }}. Ved akutte hendelser ivaretar patruljer fra "
            "{{ tjenestetilbud.dekning }} nødvendig politidekning. Innbyggere i {{ region }} kan kontakte politiet på "
            "digitale plattformer og via telefon og epost for avtaler som krever fysisk oppmøte.{% if "
            "tjenestetilbud.tjenestesteder %} Det er fysiske tjenestesteder {{ tjenestetilbud.tjenestesteder }}.{% endif "
            "%}{% for punkt in tjenestetilbud.kontaktpunkter %} Fra og med {{ punkt.fra }} vil det også være et fysisk "
            "kontaktpunkt {{ punkt.sted }}{% if punkt.periode %} {{ punkt.periode }}{% endif %}.{% endfor %}",
            EN + "{{ kommuneliste }} kommune dekkes{% else %}Kommunene i {{ region }} dekkes{% endif %} av "
            "{{ tjenestetilbud.dekning }}. Ved akutte hendelser ivaretar patruljer fra {{ tjenestetilbud.dekning }} "
            "nødvendig politidekning. Innbyggere i {{ region }} kan kontakte politiet på digitale plattformer og via "
            "telefon og e-post for avtaler som krever fysisk oppmøte.{% if tjenestetilbud.tjenestesteder %} Det er "
            "fysiske tjenestesteder {{ tjenestetilbud.tjenestesteder }}.{% endif %}{% for punkt in "
            "tjenestetilbud.kontaktpunkter %} Fra og med {{ punkt.fra }} vil det også være et fysisk kontaktpunkt "
            "{{ punkt.sted }}{% if punkt.periode %} {{ punkt.periode }}{% endif %}.{% endfor %}", w)
    replace(doc,
            "Politiet i {{ region }} er tilgjengelig på telefon via politidistriktets sentralbord på dagtid i tidsrommet "
            "kl. {{ tjenestetilbud.sentralbord }}. Det er mulig å gjøre avtale for å anmelde forhold også utenom "
            "lensmannskontorenes åpningstider.",
            "Politiet i {{ region }} er tilgjengelig på telefon via politidistriktets sentralbord på dagtid i tidsrommet "
            "kl. {{ tjenestetilbud.sentralbord }}. Det er mulig å gjøre avtale for å anmelde forhold også utenom "
            "{% if politienhet.slag == 'lensmannsdistrikt' %}lensmannskontorenes{% else %}tjenestestedenes{% endif %} "
            "åpningstider.", w)
    replace(doc,
            "Samarbeidet mellom kommunene og politiet er gjensidig. Det er viktig at initiativ fra politirådet tas videre "
            "til intern behandling og beslutning hos både kommunene og politiet. Det forventes at kommunene og politiet "
            "innehar tilstrekkelig ressurser til å inngå et tett samarbeid i det kriminalitetsforebyggende arbeidet, "
            "sikkerhet og beredskapsarbeid.",
            "Samarbeidet mellom " + KOMMUNEN + " og politiet er gjensidig. Det er viktig at initiativ fra politirådet tas "
            "videre til intern behandling og beslutning hos både " + KOMMUNEN + " og politiet. Det forventes at "
            + KOMMUNEN + " og politiet innehar tilstrekkelig ressurser til å inngå et tett samarbeid i det "
            "kriminalitetsforebyggende arbeidet, sikkerhet og beredskapsarbeid.", w)
    replace(doc,
            "{% if moter.per_kommune %}Politirådet har {{ moter.per_kommune }} i året i hver kommune{% if moter.ad_hoc %} "
            "og adhoc ved særlige hendelser{% endif %}.{% if moter.felles %} I tillegg skal det avholdes {{ moter.felles }} "
            "i {{ moter.felles_sted }} for alle de {{ antall_kommuner }} kommunene i {{ region }}.{% endif %}{% else %}"
            "Politirådet har {{ moter.felles }} i året{% if moter.ad_hoc %} og adhoc ved særlige hendelser{% endif %}."
            "{% endif %} Møtene i politirådet er i utgangspunktet lukkede. Det skrives referat fra møtene som lagres i "
            "kommunenes og politiets systemer.",
            "{% if moter.per_kommune %}Politirådet har {{ moter.per_kommune }} i året{% if not en_kommune %} i hver "
            "kommune{% endif %}{% if moter.ad_hoc %} og ad hoc ved særlige hendelser{% endif %}.{% if moter.felles %} "
            "I tillegg skal det avholdes {{ moter.felles }} i {{ moter.felles_sted }}{% if not en_kommune %} for alle de "
            "{{ antall_kommuner_ord }} kommunene i {{ region }}{% endif %}.{% endif %}{% elif moter.felles %}Politirådet "
            "har {{ moter.felles }} i året{% if moter.ad_hoc %} og ad hoc ved særlige hendelser{% endif %}.{% else %}"
            "Politirådet møtes ved behov{% if moter.ad_hoc %} og ved særlige hendelser{% endif %}.{% endif %}{% if "
            "moter.ved_behov and (moter.per_kommune or moter.felles) %} Ved behov møtes politirådet også utenom de faste "
            "møtene.{% endif %} Møtene i politirådet er i utgangspunktet lukkede. Det skrives referat fra møtene som "
            "lagres i " + KOMMUNENS + " og politiets systemer.", w)
    replace(doc,
            "Avtalen gjelder fra {% if gyldighet.fra %}{{ gyldighet.fra }}{% else %}den er signert av partene{% endif %}"
            "{% if gyldighet.til %} til {{ gyldighet.til }}{% endif %} og skal evalueres årlig i forbindelse med "
            "{{ gyldighet.evaluering }} som egen sak.",
            "Avtalen gjelder fra {% if gyldighet.fra %}{{ gyldighet.fra }}{% else %}den er signert av partene{% endif %}"
            "{% if gyldighet.til %} til {{ gyldighet.til }}{% endif %} og skal evalueres årlig{% if gyldighet.evaluering %} "
            "i forbindelse med {{ gyldighet.evaluering }} som egen sak{% endif %}.", w)
    # The signature page: a page break before the heading instead of an empty paragraph holding a break,
    # which made a blank page when the text before it filled its last page exactly.
    for p in list(_paragraphs(doc)):
        if p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None and not _text(p):
            nxt = p.getnext()
            p.getparent().remove(p)
            ppr = nxt.find(qn("w:pPr"))
            if ppr.find(qn("w:pageBreakBefore")) is None:
                style = ppr.find(qn("w:pStyle"))
                style.addnext(ppr.makeelement(qn("w:pageBreakBefore"), {}))
            CHANGED[0] = True
    if CHANGED[0]:
        doc.save(str(path))


def _conditional_row(doc, label: str, condition: str) -> None:
    """Wrap the table row whose first cell reads `label` in {%tr if condition %} … {%tr endif %}."""
    for tr in doc.element.body.iter(qn("w:tr")):
        cells = tr.findall(qn("w:tc"))
        if cells and _text(cells[0]) == label:
            prev = tr.getprevious()
            if prev is not None and prev.tag == qn("w:tr") and "{%tr if" in _text(prev):
                return
            CHANGED[0] = True
            for tag in (f"{{%tr if {condition} %}}", "{%tr endif %}"):
                row = copy.deepcopy(tr)
                for i, tc in enumerate(row.findall(qn("w:tc"))):
                    for p in tc.findall(qn("w:p"))[1:]:
                        tc.remove(p)
                    set_text(tc.find(qn("w:p")), tag if i == 0 else "")
                if tag.startswith("{%tr if"):
                    tr.addprevious(row)
                else:
                    tr.addnext(row)
            return
    sys.exit(f"fant ikke tabellraden «{label}»")


def invitations() -> None:
    for sprak, sted in (("nb", "Sted:"), ("nn", "Stad:")):
        path = T / sprak / "innkalling.docx"
        doc = Document(str(path))
        CHANGED[0] = False
        _conditional_row(doc, sted, "mote.sted")
        _conditional_row(doc, "Svarfrist:", "mote.svarfrist")
        if CHANGED[0]:
            doc.save(str(path))


NN_SAKSFRAMLEGG = {
    "Ingress": "Ingress",
    "Saksopplysninger": "Saksopplysningar",
    "Vurdering": "Vurdering",
    "Vedlegg": "Vedlegg",
    "Saksframlegg": "Saksframlegg",
    "Til: {{ sak.organ }}{% if sak.dato %}     Dato: {{ sak.dato }}{% endif %}{% if sak.saksnummer %}     Saksnr.: "
    "{{ sak.saksnummer }}{% endif %}{% if sak.saksbehandler %}     Saksbehandler: {{ sak.saksbehandler }}{% endif %}":
    "Til: {{ sak.organ }}{% if sak.dato %}     Dato: {{ sak.dato }}{% endif %}{% if sak.saksnummer %}     Saksnr.: "
    "{{ sak.saksnummer }}{% endif %}{% if sak.saksbehandler %}     Saksbehandlar: {{ sak.saksbehandler }}{% endif %}",
}


def saksframlegg_nn() -> None:
    """templates/nn/saksframlegg.docx: the bokmål template with nynorsk headings and labels."""
    target = T / "nn" / "saksframlegg.docx"
    if target.exists():
        return  # made once from the bokmål template; from then on the secretaries' own file
    doc = Document(str(T / "nb" / "saksframlegg.docx"))
    for old, new in NN_SAKSFRAMLEGG.items():
        replace(doc, old, new, str(target.relative_to(ROOT)))
    doc.core_properties.language = "nn-NO"
    doc.save(str(target))


if __name__ == "__main__":
    agreement()
    invitations()
    saksframlegg_nn()
    print("Malene er oppdatert.")
