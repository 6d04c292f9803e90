"""Issue 23: the samarbeidsavtale in the council's målform, and templates/nn/samarbeidsavtale.docx in step with
the bokmål template."""

from __future__ import annotations

import dataclasses
import re
import zipfile

import pytest
from conftest import ROOT
from lxml import etree

from politidok import documents
from politidok.context import agreement_context
from politidok.core.options import BuildOptions
from politidok.load import load_region
from politidok.load.models import Moter, Politienhet
from politidok.render.dumptext import dump

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NB, NN = (ROOT / "templates" / lang / "samarbeidsavtale.docx" for lang in ("nb", "nn"))


def _agreement(region):
    plan = documents.plan(region, ROOT / "templates", BuildOptions(frozenset({"samarbeidsavtale"})))
    (doc,) = [d for d in plan.documents if d.kind == "samarbeidsavtale"]
    return doc


def _with_malform(region, malform: str | None = None, politirad_malform: str | None = None):
    avtale = region.avtale
    update = {}
    if malform:
        update["kommuner"] = [k.model_copy(update={"malform": malform}) for k in avtale.kommuner]
    if politirad_malform:
        update["politirad"] = avtale.politirad.model_copy(update={"malform": politirad_malform})
    return dataclasses.replace(region, avtale=avtale.model_copy(update=update))


@pytest.fixture(scope="module")
def sogn():
    return load_region(ROOT / "agreements" / "sogn")


@pytest.fixture(scope="module")
def hallingdal():
    return load_region(ROOT / "agreements" / "hallingdal")


def test_a_council_of_nynorsk_municipalities_gets_the_nynorsk_agreement(sogn):
    assert {k.malform for k in sogn.avtale.kommuner} == {"nn"} and sogn.avtale.politirad.malform is None
    doc = _agreement(sogn)
    assert doc.malform == "nn" and doc.template == NN
    assert doc.info.language == "nn-NO"
    assert doc.info.subject == "Samarbeidsavtale for politiråd og tenestetilbodet til politiet"
    assert doc.info.title == "Samarbeidsavtale – Politirådet i Sogn"


def test_a_mixed_or_bokmal_council_keeps_the_bokmal_agreement(hallingdal, sogn):
    for region in (hallingdal, _with_malform(sogn, malform="noytral"), _with_malform(sogn, politirad_malform="nb")):
        doc = _agreement(region)
        assert doc.malform == "nb" and doc.template == NB and doc.info.language == "nb-NO"
        assert doc.info.subject == "Samarbeidsavtale for politiråd og politiets tjenestetilbud"


def test_politirad_malform_chooses_nynorsk_for_a_mixed_council(hallingdal):
    doc = _agreement(_with_malform(hallingdal, politirad_malform="nn"))
    assert doc.malform == "nn" and doc.template == NN and doc.info.language == "nn-NO"


def test_the_words_politidok_writes_into_the_nynorsk_agreement(sogn):
    nn = agreement_context(sogn.avtale, "nn")
    assert nn["politi"]["tilknytning"] == "lokal tenesteeining"
    assert nn["politienhet"]["bestemt"] == "lensmannsdistriktet"
    assert nn["moter"]["felles"] == "tre felles politirådsmøte"
    nb = agreement_context(sogn.avtale, "nb")
    assert (
        nb["politi"]["tilknytning"] == "lokal tjenesteenhet" and nb["moter"]["felles"] == "tre felles politirådsmøter"
    )
    assert nb["politienhet"]["genitiv"] == "lensmannsdistriktets"

    avtale = sogn.avtale.model_copy(
        update={
            "moter": Moter(per_kommune=1, felles=1),
            "politi": sogn.avtale.politi.model_copy(
                update={
                    "enheter": [
                        Politienhet(navn="Sogn driftsenhet", leder="driftsenhetsleder"),
                        Politienhet(navn="Indre Sogn driftsenhet", leder="driftsenhetsleder"),
                    ]
                }
            ),
        }
    )
    nn = agreement_context(avtale, "nn")
    assert nn["moter"]["per_kommune"] == "eitt fast møte" and nn["moter"]["felles"] == "eitt felles politirådsmøte"
    # two units: in the plural (issue 23)
    assert nn["politienhet"]["bestemt"] == "driftseiningane" and nn["politienhet"]["genitiv"] == "driftseiningane sine"
    assert nn["politi"]["tilknytning"] == "lokale tenesteeiningar"
    avtale = avtale.model_copy(update={"moter": Moter(per_kommune=2, felles=2)})
    assert agreement_context(avtale, "nn")["moter"]["per_kommune"] == "to faste møte"


# --- the template ----------------------------------------------------------------------------------------


def _xml(template, part: str):
    with zipfile.ZipFile(template) as z:
        return etree.fromstring(z.read(part))


def _paragraphs(template) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of the body, table cells included."""
    out = []
    for p in _xml(template, "word/document.xml").iter(f"{{{W}}}p"):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        out.append((style.get(f"{{{W}}}val") if style is not None else "", "".join(p.itertext())))
    return out


BLOCK = re.compile(r"\{%[pr]?\s*(?:if|elif|else|endif|for|endfor)\b[^%]*%\}|\{%tr[^%]*%\}")


def test_nynorsk_template_has_the_bokmal_templates_structure():
    nb, nn = _paragraphs(NB), _paragraphs(NN)
    assert [style for style, _t in nn] == [style for style, _t in nb]  # same paragraphs, same styles
    for (_s, a), (_s2, b) in zip(nb, nn, strict=True):
        if a.startswith(("{%p", "{%tr")):
            assert a == b  # the same repeated and conditional blocks, and the same signature table
        variables_nb = set(re.findall(r"\{\{\s*([\w.]+)", a)) - {"politienhet.genitiv"}
        variables_nn = set(re.findall(r"\{\{\s*([\w.]+)", b)) - {"politienhet.bestemt"}
        assert variables_nn == variables_nb, b  # nynorsk says «kontaktleddet til lensmannsdistriktet»
    for part in ("word/footer1.xml", "word/numbering.xml", "word/_rels/document.xml.rels"):
        with zipfile.ZipFile(NB) as a, zipfile.ZipFile(NN) as b:
            assert a.read(part) == b.read(part), part


def test_nynorsk_template_is_spell_checked_as_nynorsk_and_quotes_the_law_in_bokmal():
    styles = _xml(NN, "word/styles.xml")
    assert [e.get(f"{{{W}}}val") for e in styles.iterfind(f".//{{{W}}}docDefaults//{{{W}}}lang")] == ["nn-NO"]
    assert _xml(NN, "word/settings.xml").find(f"{{{W}}}themeFontLang").get(f"{{{W}}}val") == "nn-NO"
    quote = [
        p
        for p in _xml(NN, "word/document.xml").iter(f"{{{W}}}p")
        if "".join(p.itertext()).startswith(("Staten skal sørge", "Politiet skal gjennom"))
    ]
    assert len(quote) == 2
    for p in quote:  # politiloven is written in bokmål: quoted as it is, and tagged as bokmål
        langs = [r.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") for r in p.iter(f"{{{W}}}r")]
        assert langs and set(langs) == {"nb-NO"}
    xml = b"".join(zipfile.ZipFile(NN).read(n) for n in zipfile.ZipFile(NN).namelist())
    assert b"w:vanish" not in xml and b"nb-NO" not in _xml_bytes(NN, "word/styles.xml")  # nothing hidden


def _xml_bytes(template, part: str) -> bytes:
    with zipfile.ZipFile(template) as z:
        return z.read(part)


def test_nynorsk_template_text_is_nynorsk():
    text = re.sub(r"\{[{%].*?[%}]\}", " ", dump(NN))  # the words, without the tags
    for nynorsk in ("tenestetilbodet til politiet", "møtest", "kommunane", "vere", "Teieplikta", "Stad og dato"):
        assert nynorsk in text
    assert "I politilova § 1 er det overordna målet for verksemda til politiet definert slik:" in text
    body = text.split("definert slik:")[0] + text.split("alminnelige velferd for øvrig.")[-1]
    assert len(body) > 0.9 * len(text) - 400
    assert not re.search(r"\b(ikke|kommunene|tjenestetilbud|være|fra|Sted|hver)\b", body)


def test_a_mixed_council_can_ask_for_both_editions(hallingdal, tmp_path):
    """Both editions: each complete, with its own signature fields and a title saying which it is; a case in
    nynorsk attaches the nynorsk edition, a meeting's nynorsk pack the nynorsk one."""
    both = dataclasses.replace(
        hallingdal,
        avtale=hallingdal.avtale.model_copy(
            update={"politirad": hallingdal.avtale.politirad.model_copy(update={"avtaleutgaver": ["nn", "nb"]})}
        ),
    )
    todo = documents.plan(both, ROOT / "templates")
    editions = {d.stem: d for d in todo.documents if d.kind == "samarbeidsavtale"}
    assert set(editions) == {"samarbeidsavtale-nb", "samarbeidsavtale-nn"}
    nb, nn = editions["samarbeidsavtale-nb"], editions["samarbeidsavtale-nn"]
    assert (nb.malform, nb.template, nb.info.language) == ("nb", NB, "nb-NO")
    assert (nn.malform, nn.template, nn.info.language) == ("nn", NN, "nn-NO")
    assert nb.info.title.endswith("(bokmål)") and nn.info.title.endswith("(nynorsk)")
    assert [f.name for f in nb.signature_fields] == [f.name for f in nn.signature_fields]
    assert "Ordførar i Gol" in [f.title for f in nn.signature_fields]
    # the joint meeting attaches the agreement: each målform's pack takes its own edition
    packs = {p.stem: p for p in todo.packages}
    parts = lambda stem: {r.stem for r in packs[stem].parts if r.stem}
    assert "samarbeidsavtale-nn" in parts("pakke-2025-11-20-felles-nn")
    assert "samarbeidsavtale-nb" in parts("pakke-2025-11-20-felles-nb")
