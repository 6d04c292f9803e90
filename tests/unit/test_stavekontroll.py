"""The spelling checks' own helpers (tests/stavekontroll.py) that need no hunspell: words broken over lines,
the secretary's texts taken out of a document's text, and which YAML values count as the secretary's."""

from __future__ import annotations

from stavekontroll import _candidates, fixed_tokens, tokens, yaml_strings


def test_a_word_hyphenated_over_three_lines_is_one_word():
    # a narrow table cell: «kom-|munedirek-|tør i Gol»
    assert tokens("Politikontakt og kom-\nmunedirek-\ntør i Gol") == [
        "Politikontakt",
        "og",
        "kom-\0munedirek-\0tør",
        "i",
        "Gol",
    ]
    assert ["kommunedirektør"] in _candidates("kom-\0munedirek-\0tør")
    assert ["lensmanns", "distriktet"] in _candidates("lensmanns-\0distriktet")  # or a hyphen of the word


def test_a_line_that_ends_in_an_id_does_not_join_the_next_line():
    # «T-2025-05» ends in digits: the token «T-» is not a word broken at the line end
    assert tokens("T-2025-05\nT-2025-06\nInformasjonsbrev til foresatte") == [
        "T",
        "T",
        "Informasjonsbrev",
        "til",
        "foresatte",
    ]
    assert tokens("Kommunane er dekte av lensmanns-\ndistriktet.") == [
        "Kommunane",
        "er",
        "dekte",
        "av",
        "lensmanns-\0distriktet",
    ]


def test_the_secretarys_texts_are_taken_out_of_the_fixed_text():
    text = "Side 1 av 2\nSak 2/25: Kriminalitetsbiletet i\nSogn\nVedtak: Politirådet tek orienteringa til vitande.\n"
    kept = fixed_tokens(text, ["Kriminalitetsbiletet i Sogn", "Politirådet tek orienteringa til vitande."])
    assert kept == ["Sak", "Vedtak"]
    # a quotation broken over two lines («politi-» «og») is still the quotation
    law = "Polititjenesten utføres av politi-\nog lensmannsetaten. Lova seier det."
    assert fixed_tokens(law, ["Polititjenesten utføres av politi- og lensmannsetaten."]) == ["Lova", "seier", "det"]
    assert fixed_tokens(law, ["Polititjenesten utføres av politi-", "og lensmannsetaten."]) == ["Lova", "seier", "det"]
    # a text cut by a table cell or a page is still recognised piece by piece (two words or more)
    assert fixed_tokens("Møtet vart halde. Ordførarane\nvar der.", ["Møtet vart halde. Ordførarane var der."]) == []
    assert fixed_tokens("Ordførarane kom.", ["Møtet vart halde. Ordførarane var der."]) == ["Ordførarane", "kom"]


def test_yaml_strings_are_free_text_not_codes_or_role_titles(tmp_path):
    (tmp_path / "avtale.yaml").write_text(
        "politirad:\n  navn: Politirådet i Sogn\n  sekretar: Dagleg leiar\n  malform: nynorsk\n"
        "medlemmer:\n  - tittel: Ordfører\n    kommune: alle\n    omtale: ordførarane\n"
        "satsingsomrader:\n  omrader:\n    - id: ungdom\n      tittel: Trygge oppvekstmiljø\n",
        encoding="utf-8",
    )
    (tmp_path / "moter").mkdir()
    (tmp_path / "moter" / "m.yaml").write_text(
        "dato: 2025-02-13\nsaker:\n  - nummer: 1/25\n    tittel: Godkjenning\n    innleder: Lensmann\n"
        "    rapportert:\n      - tiltak: T-2025-01\n        status: ikke startet\n"
        "referat:\n  referent: Dagleg leiar\n  til_stede:\n    - tittel: Ordfører\n      kommune: Vik\n",
        encoding="utf-8",
    )
    strings = yaml_strings(tmp_path)
    assert {"Politirådet i Sogn", "Trygge oppvekstmiljø", "Godkjenning", "Vik", "1/25"} <= set(strings)
    for code_or_role in ("nynorsk", "ungdom", "ikke startet", "alle", "Ordfører", "ordførarane", "Lensmann"):
        assert code_or_role not in strings
    assert "Dagleg leiar" not in strings
