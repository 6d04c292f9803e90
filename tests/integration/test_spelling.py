"""Issue 14: every generated PDF of every example region passes hunspell in its own målform."""

from __future__ import annotations

import pytest
from conftest import ROOT, _real_build, need, pdftotext
from stavekontroll import misspelled, pdf_texts, yaml_words

REGIONS = ["hallingdal", "trondelag-sor", "kafjord", "midt-troms"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory, hallingdal_build, trondelag_build):
    need("hunspell")
    out = {"hallingdal": hallingdal_build, "trondelag-sor": trondelag_build}
    for region in REGIONS:
        if region not in out:
            out[region] = _real_build(tmp_path_factory, region)
    return out


@pytest.mark.parametrize("region", REGIONS)
def test_every_pdf_is_spelled_right(builds, region):
    texts = pdf_texts(builds[region])
    assert len(texts) >= 2
    bad = misspelled(texts, yaml_words(ROOT / "agreements" / region))
    assert not bad, "ukjente ord (rett teksten, eller legg navn i tests/ordliste.txt): " + "; ".join(
        f"{doc}: {', '.join(sorted(words))}" for doc, words in sorted(bad.items())
    )


def test_a_misspelling_is_caught():
    texts = {"x.pdf": ("nb", "Politirådet møtes adhoc. Kommmunen skal sende brev.")}
    assert misspelled(texts, set()) == {"x.pdf": {"adhoc", "Kommmunen"}}
    assert misspelled({"y.pdf": ("nn", "Kommunen skal ikke.")}, set()) == {"y.pdf": {"ikke"}}


def test_sami_and_kven_names_survive_in_the_text_layer(builds):
    text = " ".join(pdftotext(builds["kafjord"] / "samarbeidsavtale.pdf").split())
    assert "Kåfjord / Gáivuotna / Kaivuono" in text
    assert "Gáivuona politiráđđi" in text
    assert "Ordfører i Kåfjord / Gáivuotna / Kaivuono" in text
    text = " ".join(pdftotext(builds["midt-troms"] / "samarbeidsavtale.pdf").split())
    for name in ("Báhccavuotna", "Málatvuopmi", "Loabát", "Rivtták"):
        assert name in text
