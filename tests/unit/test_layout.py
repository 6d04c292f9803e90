"""Issue 26 in the unit tests: Norwegian hyphenation, table layout, the letterhead context, the saksgang,
the pack's stamps and contents, the .docx properties, the chart's labels and the plan as proposed."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from politidok.render.hyphenation import dictionary_installed, fragments, patterns_installed, soft_points

ROOT = Path(__file__).resolve().parents[2]
needs_patterns = pytest.mark.skipif(not patterns_installed(), reason="hyphen-no (scripts/system-deps.sh) mangler")


@needs_patterns
def test_norwegian_hyphenation_points():
    assert fragments("Kommunedirektøren") == ["Kom-", "mune-", "di-", "rek-", "tø-", "ren"]
    assert "".join(f.rstrip("-") for f in fragments("Tjenesteenhetsleder")) == "Tjenesteenhetsleder"
    assert fragments("T-2025-01") == ["T-", "2025-", "01"]  # a hard hyphen stays, numbers do not break
    assert soft_points("(Kommunedirektøren,") == [4, 8, 10, 13, 15]  # punctuation around a word is kept out


def _table_document(rows: list[list[str]], bold_first: bool = True):
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            run = table.cell(r, c).paragraphs[0].add_run(text)
            run.bold = bold_first and r == 0
        table.rows[r]._tr.get_or_add_trPr().append(document.element.makeelement(qn("w:cantSplit"), {}))
    document.add_paragraph("Etter tabellen")
    return document, table


@needs_patterns
def test_widths_from_the_content_and_a_hyphen_where_a_word_must_break():
    """The issue's «Kommunedirektøre|n i Gol»: the template's equal columns broke a word anywhere, with no
    hyphen. Now every column is at least as wide as its longest word when the words fit side by side, and
    a word wider than its column gets soft hyphens at its hyphenation points (and only such a word)."""
    from politidok.render.measure import text_width
    from politidok.render.tables import lay_out_tables
    from politidok.render.widths import PADDING, SLACK

    document, table = _table_document(
        [
            ["Sak", "Tiltak", "Ansvarlig", "Frist", "Status", "Kommentar"],
            ["2/25", "Felles helgepatrulje med utekontakten", "Kommunedirektøren i Gol", "31.10.2025", "pågår", "–"],
            ["3/25", "Utkast", "SLT-koordinator", "31.12.2025", "nytt tiltak", "Vedtatt i møtet."],
        ]
    )
    assert lay_out_tables(document) == 1
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    section = document.sections[0]
    assert sum(grid) == (section.page_width - section.left_margin - section.right_margin) // 635  # twips
    for c, width in enumerate(grid):  # a word wider than its column (the table got shorter) has soft hyphens
        room = (width - PADDING) / SLACK + 2  # (unless it breaks at a hard hyphen: «SLT-|koordinator»)
        for r, row in enumerate(table.rows):
            for word in row.cells[c].text.split():
                if any(text_width(part, 11, r == 0) > room for part in re.split(r"(?<=-)", word)):
                    assert row.cells[c]._tc.findall(".//" + qn("w:softHyphen")), (c, word)
        pieces = [
            text_width(f, 11, False) for row in table.rows for w in row.cells[c].text.split() for f in fragments(w)
        ]
        assert max(pieces) * SLACK + PADDING <= width + 1  # never narrower than a word's widest piece
    narrow, _table = _table_document([["A", "B", "C", "D"], ["Kommunedirektøren", "Tjenesteenhetsleder", "x", "y"]])
    for section in narrow.sections:
        section.left_margin = section.right_margin = docx.shared.Mm(80)  # a text width of 5.6 cm
    lay_out_tables(narrow)
    cells = narrow.tables[0].rows[1].cells
    assert cells[0]._tc.findall(".//" + qn("w:softHyphen")), "the long word got soft hyphens"
    assert "".join(t.text for t in cells[0]._tc.iter(qn("w:t"))) == "Kommunedirektøren"  # same text
    assert not cells[2]._tc.findall(".//" + qn("w:softHyphen"))


def test_numbers_right_sum_row_bold_rows_kept_whole_no_cant_split():
    from politidok.render.accessible_docx import allow_rows_to_split
    from politidok.render.tables import lay_out_tables

    document, table = _table_document(
        [
            ["Satsingsområde", "Gjennomført", "Pågår", "Totalt"],
            ["Ungdom", "5", "2", "7"],
            ["Vold i nære relasjoner", "1", "–", "1"],
            ["Sum", "6", "2", "8"],
        ]
    )
    allow_rows_to_split(document)
    lay_out_tables(document)
    rows = table.rows
    assert [rows[1].cells[c].paragraphs[0].alignment for c in range(4)] == [None, 2, 2, 2]  # RIGHT
    assert rows[0].cells[1].paragraphs[0].alignment == 2  # the heading of a number column too
    assert all(r.bold for c in rows[3].cells for r in c.paragraphs[0].runs)  # the sum row
    assert not any(r.bold for c in rows[2].cells for r in c.paragraphs[0].runs)
    assert all(p.paragraph_format.keep_with_next for r in rows for c in r.cells for p in c.paragraphs)
    assert not table._tbl.findall(".//" + qn("w:cantSplit"))


def test_a_one_line_row_in_a_long_table_may_end_a_page_and_a_heading_after_a_table_gets_a_stop():
    """Rows are kept with the next except one-line rows from the third to the third last (the table may
    break after one); before a heading (kept with what follows) a hair-thin paragraph ends the chain."""
    from politidok.render.tables import lay_out_tables

    document, table = _table_document([["Sak", "Tittel"]] + [[f"{n}/25", f"Sak nummer {n}"] for n in range(1, 9)])
    document.paragraphs[-1].style = "Heading 1"
    lay_out_tables(document)
    kept = [all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs) for r in table.rows]
    assert kept == [True, True, False, False, False, False, False, True, True]
    after = table._tbl.getnext()
    assert after.tag == qn("w:p") and not "".join(after.itertext()) and after.find(".//" + qn("w:keepNext")) is None


def test_letterhead_context():
    from politidok.context.letterhead import letterhead
    from politidok.load import load_agreement
    from politidok.load.models import Arkiv

    avtale = load_agreement(ROOT / "agreements" / "hallingdal")
    head = letterhead(avtale, date(2025, 2, 3), None)["brevhode"]
    assert head["avsender"] == "Politirådet i Hallingdal" and head["dato"] == "03.02.2025"
    assert head["sekretariat"] == "Sekretær: SLT-koordinator"
    assert head["arkivsak"] == head["var_referanse"] == head["arkivkode"] == head["logo"] == ""
    arkiv = Arkiv.model_validate(
        {
            "saksnummer": "2024/1873",
            "var_referanse": "2024/1873-4",
            "klassifikasjon": [{"system": "FE", "klasse": "X06"}],
        }
    )
    head = letterhead(avtale, None, arkiv)["brevhode"]
    assert (head["dato"], head["arkivsak"], head["var_referanse"], head["arkivkode"]) == (
        "",
        "2024/1873",
        "2024/1873-4",
        "FE-X06",
    )
    with_logos = avtale.model_copy(
        update={
            "brevhode": avtale.model_validate(
                {**avtale.model_dump(), "brevhode": {"logo": {"fil": "rad.png", "alt": "Råd"}}}
            ).brevhode,
            "kommuner": [
                k.model_copy(
                    update={
                        "logo": avtale.model_validate(
                            {
                                **avtale.model_dump(),
                                "kommuner": [{**k.model_dump(), "logo": {"fil": "gol.png", "alt": "Gol"}}],
                            }
                        )
                        .kommuner[0]
                        .logo
                    }
                )
                if k.navn == "Gol"
                else k
                for k in avtale.kommuner
            ],
        }
    )
    assert letterhead(with_logos, None, None, Path("/r"), "Gol")["brevhode"]["logo"].path == Path("/r/gol.png")
    assert letterhead(with_logos, None, None, Path("/r"), "Ål")["brevhode"]["logo"].alt == "Råd"


def test_every_planned_document_gets_the_letterhead_and_the_council_as_author():
    from politidok import documents
    from politidok.load import load_region

    region = load_region(ROOT / "agreements" / "hallingdal")
    plan = documents.plan(region, ROOT / "templates")
    assert plan.documents and all(
        d.context["brevhode"]["avsender"] == "Politirådet i Hallingdal" for d in plan.documents
    )
    assert all(d.info.author == "Politirådet i Hallingdal" for d in [*plan.documents, *plan.packages])
    minutes = next(d for d in plan.documents if d.stem == "referat-2025-02-10-gol")
    assert minutes.context["brevhode"]["dato"] == "10.02.2025"  # the document's own date
    invitation = next(d for d in plan.documents if d.stem == "innkalling-2025-02-10-gol")
    assert invitation.info.date is None and invitation.context["brevhode"]["dato"] == ""  # no «sendt» given


def test_saksgang_default_and_given():
    from politidok.context import sak_context
    from politidok.load.models import Sak

    base = {
        "tittel": "T",
        "organ": "Regionrådet",
        "ingress": "I",
        "saksopplysninger": [{"avsnitt": "A"}],
        "vurdering": "V",
        "tilradning": ["P"],
        "saksnummer": "12/19",
    }
    assert sak_context(Sak.model_validate(base), [])["sak"]["saksgang"] == [
        {"utvalg": "Regionrådet", "motedato": "", "saksnummer": "12/19"}
    ]
    given = Sak.model_validate(
        {
            **base,
            "saksgang": [
                {"utvalg": "Formannskapet", "motedato": "2024-03-12", "saksnummer": "23/24"},
                {"utvalg": "Kommunestyret"},
            ],
        }
    )
    assert sak_context(given, [])["sak"]["saksgang"] == [
        {"utvalg": "Formannskapet", "motedato": "12.03.2024", "saksnummer": "23/24"},
        {"utvalg": "Kommunestyret", "motedato": "", "saksnummer": ""},
    ]


def test_docx_properties_of_a_rendered_document():
    from politidok.core.docinfo import DocumentInfo
    from politidok.render import app_properties

    xml = (
        b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Template>Normal.dotm</Template><Pages>1</Pages><Application>Microsoft Macintosh Word</Application>"
        b"<Company/><AppVersion>14.0000</AppVersion></Properties>"
    )
    out = app_properties(xml, DocumentInfo("T", "nb-NO", None, author="Politirådet i Gol")).decode()
    assert "<Application>politidok</Application>" in out and "<Company>Politirådet i Gol</Company>" in out
    assert "Macintosh" not in out and "AppVersion" not in out and "<Pages>" not in out


def test_pack_stamps_and_contents_rows():
    from politidok.assemble.stamp import Section, contents_rows, page_range, stamp_text

    sections = [Section("Saksframlegg: X", 0, 2, 0), Section("Vedlegg 1: Y", 2, 5, 1), Section("Vedlegg 2: Z", 7, 1, 2)]
    assert contents_rows(sections, 1) == [("Saksframlegg: X", "2–3"), ("Vedlegg 1: Y", "4–8"), ("Vedlegg 2: Z", "9")]
    assert stamp_text(sections[0], 2, 9, "nb-NO") == "Side 2 av 9"
    assert stamp_text(sections[1], 5, 9, "nn-NO") == "Vedlegg 1 – side 5 av 9"
    assert page_range(3, 3) == "3"


def test_chart_labels_stand_in_white_boxes():
    """The issue: the hatching covered the «1» of the «Utgått» segment. Each count now has a white box,
    with room around its digits, drawn after the whole bar."""
    from collections import Counter

    from PIL import Image

    from politidok.context.evaluation import Facts
    from politidok.render.chart import chart_png

    facts = Facts.__new__(Facts)
    object.__setattr__(
        facts, "counts", {"a": Counter({"gjennomført": 5, "pågår": 2, "utgått": 1}), "b": Counter({"ikke startet": 1})}
    )
    boxes: list = []
    png = chart_png(facts, {"a": "Ungdom", "b": "Vold"}, "nb", boxes)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert sorted(t for _b, t in boxes) == ["1", "1", "2", "5"]
    for (x0, y0, x1, y1), _text in boxes:
        assert x1 - x0 >= 20 and y1 - y0 >= 20  # room for the digits, at 200 dpi
        ring = [image.getpixel((x, y)) for x in range(x0 + 3, x1 - 2) for y in (y0 + 3, y1 - 3)]
        ring += [image.getpixel((x, y)) for y in range(y0 + 3, y1 - 2) for x in (x0 + 3, x1 - 3)]
        assert min(ring) > 200, "hatching inside a label's box"


def test_plan_as_proposed_on_the_case_date():
    """The issue: the adoption pack (case dated 24 January) attached the plan as it stood in October, with
    measures already finished. As of the case's date, a measure adopted later is proposed and no status
    reported later shows."""
    from politidok.context import handlingsplan as hp
    from politidok.load import load_region

    region = load_region(ROOT / "agreements" / "hallingdal")
    plan = region.handlingsplaner[2025]
    later = hp.plan_context(region.avtale, plan, region.moter, "nb")
    statuses = {t["id"]: t["status"] for o in later["omrader"] for t in o["tiltak"]}
    assert statuses["T-2025-01"] == "gjennomført"
    assert later["tittel"] == "Handlingsplan 2025" and not later["forslag"]
    proposed = hp.plan_context(region.avtale, plan, region.moter, "nb", as_of=date(2025, 1, 24))
    assert proposed["dato"] == "24. januar 2025"
    assert {t["status"] for o in proposed["omrader"] for t in o["tiltak"]} == {"foreslått"}
    # the issue (review B.2): a proposal dated 30 January held T-2025-06, adopted 12 June in another sak.
    # A proposal has only the measures the plan had on its date: without a case number, those the first
    # meeting after it adopted (Gol, 10 February)
    assert [t["id"] for o in proposed["omrader"] for t in o["tiltak"]] == ["T-2025-01", "T-2025-02", "T-2025-03"]
    early = hp.plan_context(region.avtale, plan, region.moter, "nb", as_of=date(2025, 3, 11))
    early_status = {t["id"]: t["status"] for o in early["omrader"] for t in o["tiltak"]}
    assert early_status["T-2025-01"] == "pågår" and early_status["T-2025-04"] == "foreslått"
    assert "T-2025-10" not in early_status  # adopted 20 November in the joint meeting's sak 3/25
    # with the case's number, the measures adopted in that sak (Hol's 2/25, 8 April; not its 3/25)
    hol = hp.plan_context(region.avtale, plan, region.moter, "nb", as_of=date(2025, 3, 20), sak="2/25")
    assert [t["id"] for o in hol["omrader"] for t in o["tiltak"]] == [
        "T-2025-01",
        "T-2025-02",
        "T-2025-03",
        "T-2025-05",
        "T-2025-04",
    ]

    sogn = load_region(ROOT / "agreements" / "sogn")
    plan = sogn.handlingsplaner[2025]
    assert hp.proposal_date(plan, sogn.moter) == date(2025, 1, 30)
    nn = hp.plan_context(sogn.avtale, plan, sogn.moter, "nn", as_of=date(2025, 1, 30), sak="3/25")
    assert [t["id"] for o in nn["omrader"] for t in o["tiltak"]] == [f"T-2025-0{i}" for i in (1, 2, 3, 4, 5)]
    assert "T-2025-06" not in str(nn["effektindikatorer"])
    assert nn["tittel"] == "Framlegg til handlingsplan 2025" and nn["forslag"]
    assert not any("vedteke" in a.replace("ikkje vedtekne", "") for a in nn["innledning"])
    assert nn["innledning"] == [
        (
            "Dette er framlegget til handlingsplan for 2025 som blir lagt fram for Politirådet i Sogn i sak 3/25. "
            "Tiltaka er ikkje vedtekne enno."
        )
    ]
    case = hp.sak(sogn.avtale, plan, sogn.moter, "nn")
    facts = case.saksopplysninger[0].avsnitt or ""
    assert facts.startswith("Framlegget til handlingsplan for 2025 har fem tiltak.")
    nb = hp.plan_context(sogn.avtale, plan, sogn.moter, "nb", as_of=date(2025, 1, 30), sak="3/25")
    assert nb["tittel"] == "Forslag til handlingsplan 2025"
    assert nb["innledning"][0].endswith("Tiltakene er ikke vedtatt ennå.")


def test_logo_must_be_an_image_inside_the_region(tmp_path):
    from politidok.load.attachments import image_problem

    (tmp_path / "logo.png").write_bytes(b"not a picture")
    assert "ikke et PNG- eller JPEG-bilde" in image_problem(tmp_path, "logo.png")
    assert "fant ikke filen" in image_problem(tmp_path, "mangler.png")
    assert "..»" in image_problem(tmp_path, "../logo.png") or "regionmappen" in image_problem(tmp_path, "../logo.png")
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(tmp_path / "ok.png")
    assert image_problem(tmp_path, "ok.png") is None


def test_an_id_or_a_date_is_never_broken_to_make_a_table_shorter():
    """The nynorsk plan of 2026 had «T-|2025-|10» over three lines: the id column gave its room to a long
    text. A word with a digit keeps its column at least as wide as itself."""
    from politidok.render.measure import text_width
    from politidok.render.tables import lay_out_tables
    from politidok.render.widths import PADDING, SLACK

    document, table = _table_document(
        [
            ["Id", "Tiltak", "Ansvarleg", "Frist", "Status"],
            [
                "T-2025-10",
                "Felles handlingsplan mot vold i nære relasjoner",
                "Kommunedirektør og Politikontakt",
                "31.03.2026",
                "ikkje starta",
            ],
            [
                "T-2026-02",
                "Rutine for oppfølging av personer med alvorlig psykisk lidelse og risiko for vold",
                "Kommunedirektør og politiet",
                "30.06.2026",
                "føreslått",
            ],
        ]
    )
    for section in document.sections:  # the templates' text width, 16 cm
        section.left_margin = section.right_margin = docx.shared.Twips((12240 - 9072) // 2)
    lay_out_tables(document)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    for column, word in ((0, "T-2025-10"), (3, "31.03.2026")):
        assert text_width(word, 11) * SLACK + PADDING <= grid[column] + 2, (word, grid)


def test_a_column_of_single_words_keeps_them_whole():
    """A status column («gjennomført», «pågår») is as wide as its longest word: breaking it would save no
    line where the row's other cells take two or three (the Hallingdal plan's «gjennom-|ført»)."""
    from politidok.render.measure import text_width
    from politidok.render.tables import lay_out_tables
    from politidok.render.widths import PADDING, SLACK

    rows = [
        ["Id", "Tiltak", "Ansvarlig", "Frist", "Status"],
        [
            "T-2025-01",
            "Felles helgepatrulje med utekontakten i sommarhalvåret",
            "Politikontakt og Kommunedirektør i Gol",
            "31.10.2025",
            "gjennomført",
        ],
        ["T-2025-02", "Foreldremøte om rus på ungdomsskulen", "SLT-koordinator", "30.04.2025", "gjennomført"],
        ["T-2025-03", "Utkast til reviderte politivedtekter", "Kommunedirektør i Gol", "31.12.2025", "pågår"],
        [
            "T-2025-05",
            "Felles beredskapsplan for store arrangementer på Geilo",
            "Kommunedirektør i Hol og Tjenesteenhetsleder",
            "30.11.2025",
            "gjennomført",
        ],
        ["T-2025-06", "Informasjonsbrev til foresatte før russetiden", "SLT-koordinator", "25.04.2025", "gjennomført"],
        ["T-2025-07", "Rusfri aktivitetskveld for ungdom", "Kommunedirektør i Hol", "30.09.2025", "utgått"],
        [
            "T-2025-08",
            "Nettvett-undervisning i 8. trinn",
            "Politikontakt og Kommunedirektør i Nesbyen",
            "30.11.2025",
            "pågår",
        ],
        [
            "T-2025-09",
            "Lokale for kontaktpunktet på plass før sesongstart",
            "Kommunedirektør i Hemsedal",
            "01.12.2025",
            "gjennomført",
        ],
    ]
    document, table = _table_document(rows)
    lay_out_tables(document)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert grid[4] >= text_width("gjennomført", 11, False) * SLACK + PADDING - 1, grid
    assert not any(row.cells[4]._tc.findall(".//" + qn("w:softHyphen")) for row in table.rows)


def test_a_column_of_labels_keeps_each_label_on_one_line():
    """The review: the Sogn minutes' «Ikkje til / stades:» wrapped, as the row's other cell took two lines
    anyway. A column whose every text ends with a colon keeps its labels whole (up to render.widths.LABEL)."""
    from politidok.render.measure import text_width
    from politidok.render.tables import lay_out_tables
    from politidok.render.widths import PADDING, SLACK

    present = "; ".join(f"Ordførar i {k}" for k in ("Aurland", "Luster", "Lærdal", "Sogndal", "Vik", "Årdal"))
    absent = "; ".join(f"Kommunedirektør i {k}" for k in ("Aurland", "Luster", "Sogndal", "Vik", "Årdal"))
    rows = [
        ["Møtedato:", "torsdag 20. november 2025 kl. 10.00–14.00"],
        ["Stad:", "Årdal rådhus, Årdalstangen"],
        ["Til stades:", present + "; Lensmann, Sogn lensmannsdistrikt; Politikontakt, Sogn lensmannsdistrikt"],
        ["Ikkje til stades:", absent],
        ["Referent:", "Dagleg leiar i Sogn regionråd"],
    ]
    document, table = _table_document(rows)
    lay_out_tables(document)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert grid[0] >= text_width("Ikkje til stades:", 11, False) * SLACK + PADDING - 1, grid
    # a first column that is not all labels may still wrap (the rule is for labels only)
    rows[3][0] = "Ikkje til stades"
    document, table = _table_document(rows)
    lay_out_tables(document)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert grid[0] < text_width("Ikkje til stades", 11, False) * SLACK + PADDING - 1, grid


needs_dictionary = pytest.mark.skipif(not dictionary_installed(), reason="hunspell-no (scripts/system-deps.sh) mangler")


@needs_patterns
def test_short_words_never_break_and_a_break_leaves_three_letters_each_side():
    """«gjennom» (7 letters) and «startet» stay whole; no break leaves «Te-|…» or «…-|en» of two letters."""
    from politidok.render.hyphenation import hyphenation_points

    for word in ("gjennom", "startet", "Politiet", "Tenestes", "pågår"):
        assert hyphenation_points(word) == [] and hyphenation_points(word, "nn") == [], word
    for word in ("Tenesteeiningsleiar", "Kommunedirektøren", "koordinatoren", "ungdomsskulane", "gjennomført"):
        for language in ("nb", "nn"):
            points = hyphenation_points(word, language)
            assert points and all(3 <= p <= len(word) - 3 for p in points), (word, language, points)
    assert "Te-" not in fragments("Tenesteeiningsleiar", "nn")


@needs_patterns
@needs_dictionary
def test_a_compound_breaks_at_its_joint_where_the_patterns_allow_it():
    """«Kommunedi-|rektør», «Kom-|munedirektør» and «Te-|nesteeiningsleiar» broke where the patterns allow and
    the reader stumbles; the joint of the compound is preferred when its parts fit the column."""
    from politidok.render.hyphenation import joints

    assert fragments("Kommunedirektør", preferred=True) == ["Kommune-", "direktør"]
    assert fragments("Kommunedirektøren", preferred=True) == ["Kommune-", "direktøren"]
    assert fragments("Tenesteeiningsleiar", "nn", preferred=True) == ["Teneste-", "einings-", "leiar"]
    assert fragments("Tjenesteenhetsleder", preferred=True) == ["Tjeneste-", "enhets-", "leder"]
    assert fragments("gjennomført", preferred=True) == ["gjennom-", "ført"]
    assert joints("koordinator") == [] and fragments("koordinator", preferred=True) == fragments("koordinator")
    # soft hyphens: only at the joint when the parts fit (a column of 9 letters) …
    assert soft_points("Kommunedirektør", "nb", lambda piece: len(piece) <= 9) == [7]
    assert soft_points("(Kommunedirektøren,", "nb", lambda piece: len(piece) <= 12) == [8]
    # … and the other points inside a part that does not fit (a column of 5 letters)
    assert soft_points("Kommunedirektør", "nb", lambda piece: len(piece) <= 5) == [3, 7, 9, 12]
    # a word with a hard hyphen breaks there first: «SLT-|koordinator», not «SLT-koordina-|tor»
    assert soft_points("SLT-koordinator", "nb", lambda piece: len(piece) <= 11) == []


def _follow_up(status: list[str]):
    """The minutes' follow-up table (Hallingdal, Ål, 11 March 2025): its status column holds «gjennomført» beside
    «nytt tiltak» and «pågår» (not a column of single words), in 10 pt as the template has it."""
    rows = [
        ["Sak", "Tiltak", "Ansvarleg", "Frist", "Status", "Kommentar"],
        [
            "2/25",
            "T-2025-04 Felles opplæring i vald i nære relasjonar for helse, barnevern og politi",
            "Kommunedirektør i Ål og politiet",
            "31.10.2025",
            status[0],
            "Vedteke i møtet.",
        ],
        [
            "3/25",
            "Bekymringssamtalar med ungdommane ved stasjonen og føresette",
            "Politikontakt",
            "30.06.2025",
            status[1],
            "",
        ],
        [
            "4/25",
            "T-2025-01 Felles helgepatrulje med utekontakten i sommarhalvåret",
            "Politikontakt og Kommunedirektør i Gol",
            "31.10.2025",
            status[2],
            "Planlegginga med utekontakten er i gang; første patrulje i mai.",
        ],
        [
            "4/25",
            "T-2025-02 Foreldremøte om rus på ungdomsskulen",
            "SLT-koordinator",
            "30.04.2025",
            status[3],
            "Foreldremøtet vart halde 4. mars med godt oppmøte.",
        ],
        [
            "4/25",
            "T-2025-03 Utkast til reviderte politivedtekter",
            "Kommunedirektør i Gol",
            "31.12.2025",
            status[4],
            "Kommunedirektøren i Gol har sett ned ei arbeidsgruppe.",
        ],
    ]
    document, table = _table_document(rows)
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = docx.shared.Pt(10)
    for section in document.sections:  # the templates' margins: 25 mm
        section.left_margin = section.right_margin = docx.shared.Twips(1417)
    return document, table


@needs_patterns
@needs_dictionary
def test_a_word_breaks_only_when_that_saves_more_lines_than_it_breaks_words():
    """The minutes' follow-up tables broke «gjennom-|ført» (18 times) to give the next column room: a broken
    word now costs a line of the table's height, and «gjennomført» stays whole."""
    from politidok.render.measure import text_width
    from politidok.render.tables import lay_out_tables
    from politidok.render.widths import PADDING, SLACK

    document, table = _follow_up(["nytt tiltak", "gjennomført", "pågår", "gjennomført", "pågår"])
    lay_out_tables(document, "nn")
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert grid[4] >= text_width("gjennomført", 10) * SLACK + PADDING - 2, grid
    broken = [c.text for row in table.rows for c in row.cells if c._tc.findall(".//" + qn("w:softHyphen"))]
    assert broken == [], broken


def test_saksgang_takes_the_meeting_date_from_the_meeting_that_treats_the_case():
    """Sogn's saksframlegg for the 2025 plan (sak 3/25, on the agenda of 13 February 2025) and for the 2025
    evaluation (2/26, 12 February 2026) had an empty Møtedato. The meeting that treats the case gives it; the
    saksframlegg declares the meetings' fields it reads."""
    from politidok import documents
    from politidok.context.saksgang import saksgang
    from politidok.load import load_region
    from politidok.load.models import Sak

    region = load_region(ROOT / "agreements" / "sogn")
    plan = documents.plan(region, ROOT / "templates")
    cases = {d.stem: d for d in plan.documents if d.kind == "saksframlegg"}
    assert cases["saksframlegg-handlingsplan-2025"].context["sak"]["saksgang"] == [
        {"utvalg": "Politirådet i Sogn", "motedato": "13.02.2025", "saksnummer": "3/25"}
    ]
    assert cases["saksframlegg-evaluering-2025"].context["sak"]["saksgang"] == [
        {"utvalg": "Politirådet i Sogn", "motedato": "12.02.2026", "saksnummer": "2/26"}
    ]
    read = {i.file: i.fields for i in cases["saksframlegg-evaluering-2025"].inputs}
    assert set(read["moter/2026-02-12-felles.yaml"]) >= {"dato", "saker[*].nummer"}

    case = Sak.model_validate(
        {
            "tittel": "T",
            "organ": "Politirådet i Sogn",
            "dato": "2025-02-01",
            "ingress": "I",
            "saksopplysninger": [{"avsnitt": "A"}],
            "vurdering": "V",
            "tilradning": ["P"],
            "saksgang": [
                {"utvalg": "Politirådet i Sogn", "saksnummer": "3/25"},
                {"utvalg": "Kommunestyret i Sogndal", "saksnummer": "3/25"},  # another body: not the council's
                {"utvalg": "Politirådet i Sogn", "saksnummer": "19/25"},  # on no agenda
                {"utvalg": "Politirådet i Sogn", "motedato": "2025-03-01", "saksnummer": "3/25"},  # given
            ],
        }
    )
    rows = saksgang(case, region.avtale, region.moter)
    assert [r["motedato"] for r in rows] == ["13.02.2025", "", "", "01.03.2025"]
    late = case.model_copy(update={"dato": region.moter["2025-02-13-felles"].dato.replace(month=3)})
    assert saksgang(late, region.avtale, region.moter)[0]["motedato"] == ""  # a meeting before the case: not it


def test_check_warns_of_a_saksframlegg_without_date_or_saksbehandler(tmp_path):
    """The Trøndelag saksframlegg had no date and no saksbehandler: its input (like the municipality's own
    document it copies) has neither. `check` says so, at the file and field; a plan's case takes the plan's
    date, so only its saksbehandler is asked for."""
    import shutil

    from politidok.build.commands import check
    from politidok.core.paths import Paths

    agreements = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements" / "trondelag-sor", agreements / "trondelag-sor")
    shutil.copytree(ROOT / "agreements" / "sogn", agreements / "sogn")
    paths = Paths(agreements=agreements, templates=ROOT / "templates")
    warnings = check("trondelag-sor", paths).warnings
    case = [w for w in warnings if "saker/etablering-regionalt-politirad.yaml" in w]
    assert len(case) == 2 and ": dato: saksframlegget har ingen dato" in case[0]
    assert ": saksbehandler: saksframlegget har ingen saksbehandler" in case[1]
    assert check("sogn", paths).warnings == []
    plan = agreements / "sogn" / "handlingsplan" / "2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("  dato: 2025-01-30\n", "").replace("  saksbehandler: Dagleg leiar i Sogn regionråd\n", ""),
        encoding="utf-8",
    )
    [only] = check("sogn", paths).warnings
    assert "handlingsplan/2025.yaml:53: saksframlegg.saksbehandler: " in only


@pytest.mark.slow  # builds and reads PDFs
def test_a_pack_page_has_one_number_the_packs_where_the_part_had_its_own(tmp_path):
    """Pack pages had «Side 2 av 7» stamped at the top and the part's own «Side 1 av 2» at the foot. The part's
    own number (LibreOffice's footer, an artifact) is taken out and the pack's put in its place; an attachment's
    pages say «Vedlegg n» at the top. A part without such a footer gets the pack's number at the top."""
    import pikepdf

    from politidok.archive.pdftext import read
    from politidok.assemble.footer import own_number
    from politidok.assemble.merge import Part, merge

    made = ROOT / "agreements" / "hallingdal" / "moter" / "vedlegg" / "situasjonsbilde-2025.pdf"  # LibreOffice's
    with pikepdf.open(made) as pdf:
        foot = own_number(pdf.pages[0], 1, 1)
        assert foot is not None and foot.text == "Side 1 av 1" and 38 < foot.y < 40 and foot.size == 11
        assert own_number(pdf.pages[0], 1, 2) is None  # «Side 1 av 1» is not the first of two pages
    blank = tmp_path / "blank.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        pdf.save(blank)
    pack = merge([Part("Saksframlegg: X", made), Part("Vedlegg 1: Y", made), Part("Vedlegg 2: Z", blank)], "Pakke")
    pack.save(tmp_path / "pakke.pdf")
    pages = [" ".join(f"{body} {artifacts}".split()) for body, artifacts in read(tmp_path / "pakke.pdf").pages]
    numbers = [re.findall(r"(?:side|Side) \d+ av \d+", page) for page in pages]
    assert numbers == [["Side 1 av 4"], ["Side 2 av 4"], ["Side 3 av 4"], ["side 4 av 4"]], numbers
    assert "Vedlegg 1" in pages[2] and "Vedlegg" not in pages[1]
    assert "Vedlegg 2 – side 4 av 4" in pages[3]  # no footer of its own: the pack's number at the top


@pytest.mark.slow  # cuts the font twice
def test_the_fonts_latin_cut_is_kept_in_the_user_cache(tmp_path, monkeypatch):
    """Cutting Carlito to the Latin range takes almost a second a style: done once per machine, kept in the
    user cache under the font's digest; a damaged copy is cut again, never used."""
    from politidok.assemble import stamp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cut = stamp._latin.__wrapped__  # past the per-process cache
    data, covered = cut("regular")
    [kept] = (tmp_path / "politidok" / "fonts").glob("latin-regular-*.ttf")
    assert kept.read_bytes() == data and ord("ø") in covered and ord("Å") in covered
    assert cut("regular") == (data, covered)  # read back: the same bytes, the same letters
    kept.write_bytes(data[:100])  # damaged
    assert cut("regular") == (data, covered) and kept.read_bytes() == data
