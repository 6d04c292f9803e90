"""Fixed words in both målformer: role titles and police units, whichever målform the YAML is written in."""

from __future__ import annotations

from conftest import ROOT

from politidok.context import agreement_context, facts, signatories
from politidok.context.meetings import minutes_context, recipients
from politidok.core.words import omtale, rolle
from politidok.load import load_region


def test_role_titles_in_the_documents_malform_both_ways():
    assert rolle("Ordfører i Gol", "nn") == "Ordførar i Gol"
    assert rolle("Tjenesteenhetsleder i politiet", "nn") == "Tenesteeiningsleiar i politiet"
    assert rolle("SLT-koordinatorene", "nn") == "SLT-koordinatorane"
    assert rolle("Ordførar", "nb") == "Ordfører" and rolle("Tenesteeiningsleiar", "nb") == "Tjenesteenhetsleder"
    assert rolle("Kommunedirektør", "nn") == "Kommunedirektør"  # the same word in both
    assert rolle("Leder i oppvekst og kultur", "nn") == "Leiar i oppvekst og kultur"
    # a description is changed only when politidok knows every word of it; else it is free text, as written
    assert omtale("ordførerne og rådmennene", "nn") == "ordførarane og rådmennene"
    assert omtale("representanter fra næringsliv", "nn") == "representanter fra næringsliv"


def test_a_role_after_the_first_word_is_written_in_lower_case():
    # «Politikontakt og Kommunedirektør i Gol» in a table cell: only the cell's first letter is a capital
    assert rolle("Politikontakt og Kommunedirektør i Gol", "nb") == "Politikontakt og kommunedirektør i Gol"
    assert rolle("Kommunedirektør i Hol og Tjenesteenhetsleder", "nn") == "Kommunedirektør i Hol og tenesteeiningsleiar"
    assert rolle("Kommunedirektør i Lærdal og Lensmann", "nn") == "Kommunedirektør i Lærdal og lensmann"
    assert rolle("Tenesteeiningsleiar og Politikontakt", "nb") == "Tjenesteenhetsleder og politikontakt"
    assert rolle("Politikontakt og Kommunalsjef for oppvekst", "nb") == "Politikontakt og kommunalsjef for oppvekst"
    # names, acronyms and what the first word is stay as written
    assert rolle("SLT-koordinator og Politikontakt", "nb") == "SLT-koordinator og politikontakt"
    assert rolle("Kommunedirektør i Ål og politiet", "nn") == "Kommunedirektør i Ål og politiet"
    assert rolle("Lensmann i Sogn lensmannsdistrikt, Vest politidistrikt", "nn").startswith("Lensmann i Sogn")
    assert rolle("Leder for NAV Hallingdal", "nb") == "Leder for NAV Hallingdal"


def test_a_nynorsk_invitation_and_minutes_name_roles_in_nynorsk():
    region = load_region(ROOT / "agreements" / "hallingdal")
    gol = region.moter["2025-02-10-gol"]
    assert "Ordførar i Gol" in recipients(region.avtale, gol, "nn")
    assert "Ordfører i Gol" in recipients(region.avtale, gol, "nb")
    minutes = minutes_context(region.avtale, gol, "nn", public=False)
    assert minutes["til_stede"][0].startswith("Ordførar i Gol")
    assert not any("Ordfører" in p for p in minutes["til_stede"] + minutes["forfall"])


def test_several_police_units_in_the_plural():
    trondelag = load_region(ROOT / "agreements" / "trondelag-sor").avtale  # two driftsenheter
    assert facts(trondelag)["politienhet"]["bestemt"] == "driftsenhetene"
    assert facts(trondelag)["politienhet"]["genitiv"] == "driftsenhetenes"
    assert facts(trondelag, "nn")["politienhet"]["bestemt"] == "driftseiningane"
    hallingdal = load_region(ROOT / "agreements" / "hallingdal").avtale  # one politistasjonsdistrikt
    assert facts(hallingdal)["politienhet"]["genitiv"] == "politistasjonsdistriktets"
    assert facts(hallingdal, "nn")["politienhet"]["leder"] == "tenesteeiningsleiar"
    two_kinds = hallingdal.model_copy(
        update={
            "politi": hallingdal.politi.model_copy(
                update={
                    "enheter": [
                        *hallingdal.politi.enheter,
                        hallingdal.politi.enheter[0].model_copy(update={"navn": "Numedal lensmannsdistrikt"}),
                    ]
                }
            )
        }
    )
    assert facts(two_kinds)["politienhet"]["bestemt"] == "tjenesteenhetene"
    assert facts(two_kinds, "nn")["politienhet"]["bestemt"] == "tenesteeiningane"


def test_the_agreement_in_nynorsk_names_signatories_and_meetings_in_nynorsk():
    avtale = load_region(ROOT / "agreements" / "hallingdal").avtale
    titles = [s["tittel"] for s in signatories(avtale, "nn")]
    assert titles[0] == "Tenesteeiningsleiar i politiet" and "Ordførar i Gol" in titles
    assert [s["felt"] for s in signatories(avtale, "nn")] == [s["felt"] for s in signatories(avtale)]  # same fields
    context = agreement_context(avtale, "nn")
    assert (
        context["moter"]["per_kommune"] == "eitt fast møte"
        and context["moter"]["felles"] == "eitt felles politirådsmøte"
    )
    assert context["politi"]["tilknytning"] == "lokal tenesteeining"
