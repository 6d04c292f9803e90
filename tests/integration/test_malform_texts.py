"""The texts the YAML gives in both målformer reach each built document in its own målform (Hallingdal: a
mixed council), and the measures' responsible roles are lower case after the first word."""

from __future__ import annotations

from conftest import flat_text


def test_the_nynorsk_plan_has_no_bokmal_opening_area_or_indicator(hallingdal_build):
    text = flat_text(hallingdal_build / "handlingsplan-2025-nn.pdf")
    body = text.split("Handlingsplan 2025", 1)[1]
    assert body.startswith(" Politirådet i Hallingdal Handlingsplanen samlar tiltaka som politiråda i Hallingdal")
    for bokmal in ("Handlingsplanen samler", "Ungdomsmiljøene", "Forebygge vold", "Meldinger om uro", "Andel "):
        assert bokmal not in text
    assert "Ungdomsmiljøa i Hallingdal – særleg retta mot kriminelle nettverk, rus, vald og trafikk" in text
    assert "T-2025-07: Talet på ungdommar som deltek" in text


def test_a_bokmal_municipalitys_minutes_show_the_measures_in_bokmal(hallingdal_build):
    hol = flat_text(hallingdal_build / "referat-2025-04-08-hol.pdf")
    assert "Felles opplæring i vold i nære relasjoner for helse, barnevern og politi" in hol
    assert "relasjonar" not in hol and "sommarhalvåret" not in hol and "sommerhalvåret" in hol
    report = flat_text(hallingdal_build / "evalueringsrapport-2025.pdf")  # bokmål: the comments from Ål in bokmål
    assert "Foreldremøtet ble holdt 4. mars med godt oppmøte." in report and "vart halde" not in report


def test_the_nynorsk_municipalities_and_the_joint_meeting_get_their_nynorsk(hallingdal_build):
    gol = flat_text(hallingdal_build / "referat-2025-02-10-gol.pdf")
    assert "Sak 2/25: Lokalt situasjonsbilete – ungdomsmiljøet i Gol" in gol
    assert "Sak 1/25: Godkjenning av innkalling og sakliste" in gol and "saksliste" not in gol
    felles_nn = flat_text(hallingdal_build / "referat-2025-11-20-felles-nn.pdf")
    assert "Sak 2/25: Årleg evaluering av samarbeidsavtalen" in felles_nn
    assert "Kommunane og politiet lagar ein felles handlingsplan mot vald i nære relasjonar." in felles_nn
    felles_nb = flat_text(hallingdal_build / "referat-2025-11-20-felles-nb.pdf")
    assert "Kommunene og politiet lager en felles handlingsplan mot vold i nære relasjoner." in felles_nb


def test_a_responsible_role_after_the_first_word_is_lower_case(hallingdal_build, sogn_build):
    plan = flat_text(hallingdal_build / "handlingsplan-2025-nb.pdf")
    assert "Politikontakt og kommunedirektør i Gol" in plan
    assert "Kommunedirektør og politikontakt" in plan and "og Politikontakt" not in plan
    sogn = flat_text(sogn_build / "evalueringsrapport-2025.pdf")
    assert "Kommunedirektør i Lærdal og lensmann" in sogn and "og Lensmann" not in sogn
