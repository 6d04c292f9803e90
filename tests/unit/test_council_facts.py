"""Issue 14 without LibreOffice: the council's facts in the context, optional fields, Norwegian helpers."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from politidok.context import agreement_context, avsnitt, enhetsslag, signatories
from politidok.context.meetings import person, recipients
from politidok.core.tekst import antall, organ_bestemt, tallord
from politidok.load import load_agreement
from politidok.load.models import Deltaker, Mote, Politienhet
from politidok.load.yamlsource import Loader

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "agreements" / "hallingdal" / "avtale.yaml").read_text(encoding="utf-8")


def one_municipality(tmp_path: Path, extra: str = "", **replace: str) -> Path:
    """Hallingdal cut down to Hol alone, served by a lensmannsdistrikt, with no regionråd."""
    data = yaml.load(GOOD, Loader=Loader)
    data["kommuner"] = [
        {
            "navn": "Kåfjord",
            "malform": "bokmal",
            "andre_navn": [{"navn": "Gáivuotna", "sprak": "se"}, {"navn": "Kaivuono", "sprak": "fkv"}],
        }
    ]
    del data["regionrad"]
    data["politi"]["enheter"] = [{"navn": "Nord-Troms lensmannsdistrikt", "leder": "lensmann"}]
    data["medlemmer"] = [
        {"tittel": "Ordfører", "kommune": "alle", "omtale": "ordføreren"},
        {"tittel": "Lensmann", "organisasjon": "Nord-Troms lensmannsdistrikt"},
    ]
    data["moter"] = {"ved_behov": True}
    data["signering"]["signatarer"] = [
        {"tittel": "Regional lensmann i Nord-Troms lensmannsdistrikt, Troms politidistrikt", "felt": "lensmann"},
        {"tittel": "Ordfører", "kommune": "Kåfjord"},
    ]
    del data["satsingsomrader"]["vedtatt"]
    del data["gyldighet"]["evaluering"]
    region = tmp_path / "kafjord"
    region.mkdir()
    (region / "avtale.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return region


def test_single_municipality_facts(tmp_path):
    avtale = load_agreement(one_municipality(tmp_path))
    ctx = agreement_context(avtale)
    assert ctx["en_kommune"] is True
    assert ctx["antall_kommuner_ord"] == "én"
    assert ctx["politienhet"] == {
        "navn": "Nord-Troms lensmannsdistrikt",
        "slag": "lensmannsdistrikt",
        "bestemt": "lensmannsdistriktet",
        "genitiv": "lensmannsdistriktets",
        "leder": "lensmann",
        "flere": False,
    }
    assert ctx["koordinator"]["slag"] == ""  # no SLT member, none given
    assert ctx["regionrad"] is None and ctx["har_regionrad"] is False
    assert ctx["kommuneliste"] == "Kåfjord / Gáivuotna / Kaivuono"
    assert ctx["satsingsomrader"]["vedtatt"] == "" and ctx["gyldighet"]["evaluering"] == ""
    assert ctx["moter"]["ved_behov"] is True and ctx["moter"]["per_kommune"] == ""
    assert signatories(avtale)[1]["tittel"] == "Ordfører i Kåfjord / Gáivuotna / Kaivuono"


def test_hallingdal_facts():
    ctx = agreement_context(load_agreement(ROOT / "agreements" / "hallingdal"))
    assert ctx["en_kommune"] is False and ctx["antall_kommuner_ord"] == "seks"
    assert ctx["politienhet"]["slag"] == "politistasjonsdistrikt"
    assert ctx["koordinator"] == {"slag": "slt", "tittel": "SLT-koordinator", "bestemt": "SLT-koordinatoren"}


def test_unit_kind_from_name_or_explicit():
    assert enhetsslag(Politienhet(navn="Gauldal driftsenhet", leder="driftsenhetsleder")) == "driftsenhet"
    assert (
        enhetsslag(Politienhet(navn="Vest-Finnmark", slag="lensmannsdistrikt", leder="lensmann")) == "lensmannsdistrikt"
    )
    assert enhetsslag(Politienhet(navn="Enhet Nord", leder="leder")) == "tjenesteenhet"


def test_counted_nouns_and_number_words():
    assert antall(1, "kommune", "kommuner") == "1 kommune"
    assert antall(6, "kommune", "kommuner") == "6 kommuner"
    assert antall(1, "dokument", "dokumenter") == "1 dokument"
    assert antall(3, "møte", "møter", ord=True) == "tre møter"
    assert [tallord(n) for n in (1, 2, 7, 12, 13)] == ["ett", "to", "sju", "tolv", "13"]
    assert tallord(1, "m") == "én"


def test_addressee_inside_a_sentence():
    assert organ_bestemt("Kommunestyret i Kåfjord") == "kommunestyret i Kåfjord"
    assert organ_bestemt("Politirådsmøtet på Hallingtinget") == "politirådsmøtet på Hallingtinget"
    assert organ_bestemt("Hallingtinget") == "Hallingtinget"


def test_folded_yaml_keeps_paragraphs():
    data = yaml.load("a: >-\n  En lang\n  linje.\n\n  Nytt avsnitt.\nb: |\n  Linje\n  brutt.\n\n  To.\n", Loader=Loader)
    assert avsnitt(data["a"]) == ["En lang linje.", "Nytt avsnitt."]
    assert avsnitt(data["b"]) == ["Linje brutt.", "To."]


def test_introducer_is_invited_and_party_shown(tmp_path):
    avtale = load_agreement(one_municipality(tmp_path))
    mote = Mote.model_validate(
        {
            "kommune": "Kåfjord",
            "dato": "2025-03-11",
            "saker": [
                {"nummer": "1/25", "tittel": "Orientering", "innleder": "Ordfører"},
                {"nummer": "2/25", "tittel": "Rus", "innleder": "Ruskonsulent i Nord-Troms"},
            ],
        }
    )
    invited = recipients(avtale, mote)
    assert invited[0] == "Ordfører i Kåfjord / Gáivuotna / Kaivuono"
    assert invited.count("Ruskonsulent i Nord-Troms") == 1 and not any(r == "Ordfører" for r in invited)
    p = Deltaker(tittel="Ordfører", kommune="Kåfjord", navn="Bernt Nilsen", parti="Sp")
    assert person(avtale, p) == "Ordfører i Kåfjord / Gáivuotna / Kaivuono (Bernt Nilsen, Sp)"


def test_meeting_time_and_place_optional():
    mote = Mote.model_validate(
        {"kommune": "Kåfjord", "dato": "2025-03-11", "saker": [{"nummer": "1/25", "tittel": "X"}]}
    )
    assert mote.fra is None and mote.sted is None


def test_templates_use_one_spelling():
    from politidok.render.dumptext import dump

    for path in sorted((ROOT / "templates").glob("*/*.docx")):
        text = dump(path)
        assert not re.search(r"satsning|adhoc|\bepost\b", text, re.IGNORECASE), path
