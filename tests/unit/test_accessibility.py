"""The accessibility pass and the Word-side helpers on small synthetic documents (no LibreOffice)."""

from __future__ import annotations

import io
import itertools
import zlib
from datetime import date
from pathlib import Path

import docx
import pikepdf
from docx.oxml.ns import qn
from pikepdf import Array, Dictionary, Name

from politidok.archive.manifest import claimed_format
from politidok.assemble import accessibility, pdfa, pdfmeta
from politidok.core.docinfo import DocumentInfo
from politidok.render import accessible_docx


def _tagged(content: bytes, kids: list[tuple[str, int]], role_map: dict | None = None) -> pikepdf.Pdf:
    """A one-page tagged PDF: Document with one element per (type, MCID)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.StructParents = 0
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    elements = [
        pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + s), P=document, Pg=page.obj, K=mcid))
        for s, mcid in kids
    ]
    document.K = Array(elements)
    root.K = Array([document])
    root.ParentTree = Dictionary(Nums=Array([0, Array(elements)]))
    root.ParentTreeNextKey = 1
    if role_map:
        root.RoleMap = Dictionary({f"/{k}": Name("/" + v) for k, v in role_map.items()})
    pdf.Root.StructTreeRoot = root
    return pdf


def _ops(pdf: pikepdf.Pdf) -> list[str]:
    return [str(i.operator) for i in pikepdf.parse_content_stream(pdf.pages[0])]


def test_untagged_drawing_and_text_become_artifacts_tagged_content_stays():
    content = (
        b"0 0 m 100 0 l S\n/P <</MCID 0>> BDC BT /F1 11 Tf (Tekst) Tj ET EMC\n"
        b"10 10 50 50 re f\nBT /F1 9 Tf (Side 1) Tj ET\n"
    )
    pdf = _tagged(content, [("P", 0)])
    accessibility.apply(pdf)
    assert _ops(pdf) == [
        "BMC",
        "m",
        "l",
        "S",
        "EMC",
        "BDC",
        "BT",
        "Tf",
        "Tj",
        "ET",
        "EMC",
        "BMC",
        "re",
        "f",
        "EMC",
        "BT",
        "Tf",
        "BMC",
        "Tj",
        "EMC",
        "ET",
    ]
    assert pdf.Root.MarkInfo.Marked is True


def test_role_map_loses_circular_and_standard_entries():
    pdf = _tagged(
        b"/Quote <</MCID 0>> BDC EMC /Standard <</MCID 1>> BDC EMC /Table <</MCID 2>> BDC EMC",
        [("Quote", 0), ("Standard", 1), ("Table", 2)],
        {"Quote": "P", "Standard": "P", "Table": "Table", "Document": "Document"},
    )
    accessibility.apply(pdf)
    root = pdf.Root.StructTreeRoot
    assert dict(root.RoleMap.items()) == {"/Standard": Name.P}
    assert [str(e.S) for e in accessibility.elements(root)] == ["/Document", "/BlockQuote", "/Standard", "/Table"]


def test_figure_without_alt_becomes_an_artifact_with_alt_stays():
    pdf = _tagged(
        b"/Figure <</MCID 0>> BDC q 1 0 0 1 0 0 cm Q EMC /Figure <</MCID 1>> BDC EMC", [("Figure", 0), ("Figure", 1)]
    )
    pdf.Root.StructTreeRoot.K[0].K[1].Alt = pikepdf.String("Stolpediagram: 3 tiltak")
    accessibility.apply(pdf)
    figures = [e for e in accessibility.elements(pdf.Root.StructTreeRoot) if e.S == Name.Figure]
    assert [str(f.Alt) for f in figures] == ["Stolpediagram: 3 tiltak"]
    first = next(iter(pikepdf.parse_content_stream(pdf.pages[0])))
    assert (str(first.operator), list(first.operands)) == ("BMC", [Name.Artifact])
    assert next(iter(pdf.Root.StructTreeRoot.ParentTree.Nums[1])) is None


def test_widget_gets_a_form_element_in_place_of_its_line():
    pdf = _tagged(
        b"/P <</MCID 0>> BDC BT (____) Tj ET EMC /P <</MCID 1>> BDC BT (Ordforer) Tj ET EMC", [("P", 0), ("P", 1)]
    )
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Sig,
            T=pikepdf.String("a"),
            TU=pikepdf.String("Signaturfelt: Ordfører"),
            Rect=[0, 0, 10, 10],
        )
    )
    widget[accessibility.LINE_KEY] = 0
    pdf.pages[0].obj.Annots = Array([widget])
    accessibility.apply(pdf)
    root = pdf.Root.StructTreeRoot
    assert [str(e.S) for e in accessibility.elements(root)] == ["/Document", "/Form", "/P"]
    form = accessibility.elements(root)[1]
    assert form.K.Type == Name.OBJR and form.K.Obj.objgen == widget.objgen
    assert int(widget.StructParent) == 1 and list(root.ParentTree.Nums)[2:] == [1, form]
    assert accessibility.LINE_KEY not in widget and pdf.pages[0].obj.Tabs == Name.S
    assert _ops(pdf)[0] == "BMC"  # the underscores: an artifact


def test_symbol_bullet_gets_its_unicode_value():
    pdf = _tagged(b"/P <</MCID 0>> BDC EMC", [("P", 0)])
    cmap = pdf.make_stream(b"1 beginbfchar\n<01> <F0B7>\nendbfchar\n")
    font = Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/OpenSymbol"), ToUnicode=cmap)
    pdf.pages[0].obj.Resources = Dictionary(Font=Dictionary(F1=font))
    accessibility.apply(pdf)
    assert pdf.pages[0].obj.Resources.Font.F1.ToUnicode.read_bytes() == b"1 beginbfchar\n<01> <2022>\nendbfchar\n"


def test_stream_ending_in_cr_is_rewritten():
    for n in itertools.count():  # some content whose Flate data ends in CR (the Adler-32's last byte)
        data = b"q Q\n" + b" " * n
        if zlib.compress(data).endswith(b"\r"):
            break
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(zlib.compress(data), Filter=Name.FlateDecode)
    buffer = io.BytesIO()
    pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    assert b"\r\nendstream" in buffer.getvalue()
    fixed = pdfa.fix_stream_endings(buffer.getvalue())
    assert fixed is not None and b"\r\nendstream" not in fixed
    with pikepdf.open(io.BytesIO(fixed)) as again:
        assert again.pages[0].obj.Contents.read_bytes() == data + b"\n"
    assert pdfa.fix_stream_endings(fixed) is None


def test_xmp_declares_pdf_ua_with_its_extension_schema():
    info = DocumentInfo(title="Referat", language="nb-NO", date=date(2025, 3, 11))
    packet = pdfmeta.xmp_packet(info, conformance="A", ua=True).decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in packet
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in packet
    assert claimed_format(packet.encode()) == "PDF/A-2a"
    assert claimed_format(pdfmeta.xmp_packet(info)) == "PDF/A-2b"
    assert "pdfuaid" not in pdfmeta.xmp_packet(info).decode()


def _table(document, rows: list[list[str]], bold_first_row: bool, bold_first_column: bool = False):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            run = table.cell(r, c).paragraphs[0].add_run(value)
            run.bold = (r == 0 and bold_first_row) or (c == 0 and bold_first_column)
    return table


def test_bold_first_row_becomes_a_repeated_header_row():
    document = docx.Document()
    header = _table(document, [["Sak", "Tiltak"], ["1/25", "Opplæring"]], bold_first_row=True)
    key_value = _table(document, [["Tid:", "11. mars"], ["Sted:", "Ål"]], bold_first_row=False, bold_first_column=True)
    assert accessible_docx.mark_header_rows(document) == 1
    first = header.rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert list(first).index(first.trPr) < list(first).index(first.findall(qn("w:tc"))[0])
    assert key_value.rows[0]._tr.trPr is None or key_value.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None
    assert accessible_docx.mark_header_rows(document) == 0  # already marked
    assert not list(document.element.body.iter(qn("w:cantSplit")))  # see allow_rows_to_split


def _cant_split_rows(document) -> list[int]:
    return [
        n
        for n, row in enumerate(document.element.body.iter(qn("w:tr")))
        if row.find(qn("w:trPr")) is not None and row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    ]


def test_no_row_is_kept_from_breaking_across_pages():
    """LibreOffice 7.4 loses the rows after a w:cantSplit row that only just fits at the bottom of a page
    (PDFUA1-TABLE-ROW-COLUMNSPAN-001 on empty TRs, text missing): no row keeps the flag."""
    document = docx.Document()
    table = _table(document, [["Sak", "Tiltak"], ["1/25", "Opplæring"], ["2/25", "Kurs"]], bold_first_row=True)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(document.element.makeelement(qn("w:cantSplit"), {}))
    table.rows[0]._tr.trPr.append(document.element.makeelement(qn("w:tblHeader"), {}))
    plain = _table(document, [["a", "b"]], bold_first_row=False)
    assert _cant_split_rows(document) == [0, 1, 2]
    assert accessible_docx.allow_rows_to_split(document) == 3
    assert _cant_split_rows(document) == []
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the heading row still repeats
    assert table.rows[1]._tr.trPr is None  # an emptied trPr goes
    assert plain.rows[0]._tr.trPr is None
    assert [c.text for c in table.rows[2].cells] == ["2/25", "Kurs"]
    assert accessible_docx.allow_rows_to_split(document) == 0


def test_rendered_templates_keep_signature_blocks_together_without_cant_split(tmp_path):
    """No rendered row keeps w:cantSplit (referat's follow-up rows asked for it); a signature block's line,
    title and name are kept with its «Sted og dato» row instead, and the rows are all there."""
    from politidok.context import agreement_context
    from politidok.context.letterhead import letterhead
    from politidok.load import load_agreement
    from politidok.render import render_docx

    root = Path(__file__).resolve().parents[2]
    template = root / "templates" / "nb" / "samarbeidsavtale.docx"
    avtale = load_agreement(root / "agreements" / "hallingdal")
    context = {**agreement_context(avtale), **letterhead(avtale, avtale.dato, avtale.arkiv)}
    out = render_docx(
        template, context, DocumentInfo("Samarbeidsavtale", "nb-NO", date(2025, 1, 15)), tmp_path / "avtale.docx"
    )
    rendered = docx.Document(out)
    assert _cant_split_rows(rendered) == []
    table = next(t for t in rendered.tables if any("Sted og dato" in c.text for r in t.rows for c in r.cells))
    rows = [[c.text for c in r.cells] for r in table.rows]
    kept = [all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs) for r in table.rows]
    for n, cells in enumerate(rows):  # line, title, name kept with the next row; «Sted og dato» ends a block
        assert kept[n] == (not any("Sted og dato" in c for c in cells)), (n, cells)
    assert ["Tjenesteenhetsleder i politiet", "Ordfører i Hol"] in rows  # two by two, in the agreement's order


def test_a_row_with_a_signature_line_keeps_cant_split():
    document = docx.Document()
    table = _table(document, [["________________________", "Tittel"], ["Sted og dato", "Tekst"]], bold_first_row=False)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(document.element.makeelement(qn("w:cantSplit"), {}))
    assert accessible_docx.allow_rows_to_split(document) == 1  # the other row
    assert _cant_split_rows(document) == [0]


def test_sami_name_gets_a_run_with_its_language():
    document = docx.Document()
    run = document.add_paragraph().add_run("Ordfører i Røros / Rosse og i Rossefjell")
    run.bold = True
    assert accessible_docx.tag_languages(document, {"Rosse": "sma-NO"}) == 1
    runs = document.paragraphs[0].runs
    assert [r.text for r in runs] == ["Ordfører i Røros / ", "Rosse", " og i Rossefjell"]
    assert all(r.bold for r in runs)
    langs = [r._r.rPr.find(qn("w:lang")) for r in runs]
    assert langs[0] is None and langs[2] is None and langs[1].get(qn("w:val")) == "sma-NO"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def test_template_pictures_without_alt_text_are_found(tmp_path):
    document = docx.Document()
    document.add_picture(io.BytesIO(_png()))
    document.add_picture(io.BytesIO(_png()))
    described = document.inline_shapes[1]._inline.docPr
    described.set("descr", "Kommunevåpenet til Røros")
    path = tmp_path / "mal.docx"
    document.save(path)
    assert accessible_docx.images_without_alt(path) == [document.inline_shapes[0]._inline.docPr.get("name")]


def test_label_value_table_gets_row_header_style_that_the_pdf_pass_makes_th():
    document = docx.Document()
    key_value = _table(document, [["Tid:", "11. mars"], ["Sted:", "Ål"]], bold_first_row=False, bold_first_column=True)
    header = _table(document, [["Sak", "Tiltak"], ["1/25", "Opplæring"]], bold_first_row=True, bold_first_column=True)
    plain = _table(document, [["a", "b"], ["c", "d"]], bold_first_row=False)
    assert accessible_docx.mark_row_headers(document) == 1
    assert [c.paragraphs[0].style.name for c in key_value.columns[0].cells] == ["Radoverskrift"] * 2
    assert key_value.columns[1].cells[0].paragraphs[0].style.name == "Normal"
    assert document.styles["Radoverskrift"].base_style.name == "Normal"
    assert {c.paragraphs[0].style.name for t in (header, plain) for c in t.columns[0].cells} == {"Normal"}

    pdf = _tagged(
        b"/Radoverskrift <</MCID 0>> BDC EMC /P <</MCID 1>> BDC EMC",
        [("Radoverskrift", 0), ("P", 1)],
        {"Radoverskrift": "P"},
    )
    document_element = pdf.Root.StructTreeRoot.K[0]
    label, value = list(document_element.K)
    cells = [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TD, K=Array([e]))) for e in (label, value)]
    row = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, K=Array(cells)))
    table = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=document_element, K=Array([row])))
    document_element.K = Array([table])
    accessibility.apply(pdf)
    th, td = list(pdf.Root.StructTreeRoot.K[0].K[0].K[0].K)
    assert (th.S, td.S) == (Name.TH, Name.TD)
    assert th.A.Scope == Name.Row


def test_heading_row_gets_column_header_style_that_the_pdf_pass_makes_th():
    """LibreOffice exports a heading row as TD when the table moved to the next page (its heading row fit
    at the bottom of a page, its first data row did not); the style brings the TH back."""
    document = docx.Document()
    header = _table(document, [["Sak", "Tiltak"], ["1/25", "Opplæring"]], bold_first_row=True)
    key_value = _table(document, [["Tid:", "11. mars"], ["Sted:", "Ål"]], bold_first_row=False, bold_first_column=True)
    assert accessible_docx.mark_header_rows(document) == 1
    assert [c.paragraphs[0].style.name for c in header.rows[0].cells] == ["Kolonneoverskrift"] * 2
    assert [c.paragraphs[0].style.name for c in header.rows[1].cells] == ["Normal"] * 2
    assert document.styles["Kolonneoverskrift"].base_style.name == "Normal"  # looks as before
    assert {c.paragraphs[0].style.name for r in key_value.rows for c in r.cells} == {"Normal"}
    assert accessible_docx.mark_header_rows(document) == 0
    assert header.rows[0].cells[0].paragraphs[0].style.name == "Kolonneoverskrift"

    marks = b" ".join(
        b"/%s <</MCID %d>> BDC EMC" % (s.encode(), n)
        for n, s in enumerate(["Kolonneoverskrift", "Kolonneoverskrift", "P", "Kolonneoverskrift"])
    )
    pdf = _tagged(
        marks,
        [("Kolonneoverskrift", 0), ("Kolonneoverskrift", 1), ("P", 2), ("Kolonneoverskrift", 3)],
        {"Kolonneoverskrift": "P"},
    )
    document_element = pdf.Root.StructTreeRoot.K[0]
    paragraphs = list(document_element.K)
    cells = [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TD, K=Array([e]))) for e in paragraphs]
    rows = [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, K=Array(cells[i : i + 2]))) for i in (0, 2)]
    table = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=document_element, K=Array(rows)))
    document_element.K = Array([table])
    accessibility.apply(pdf)
    first, second = [list(r.K) for r in pdf.Root.StructTreeRoot.K[0].K[0].K]
    assert [c.S for c in first] == [Name.TH, Name.TH]
    assert all(c.A.Scope == Name.Column for c in first)
    assert [c.S for c in second] == [Name.TD, Name.TD]  # the style outside the first row: not a heading


def test_names_in_other_languages_come_from_the_yaml():
    from conftest import ROOT

    from politidok import documents
    from politidok.load import load_region

    kafjord = load_region(ROOT / "agreements" / "kafjord")
    assert documents.other_languages(kafjord.avtale, "nb") == (
        ("Gáivuona politiráđđi", "se-NO"),
        ("Gáivuotna", "se-NO"),
        ("Kaivuono", "fkv-NO"),
    )
    trondelag = load_region(ROOT / "agreements" / "trondelag-sor")
    assert documents.other_languages(trondelag.avtale, "nb") == (("Rosse", "sma-NO"),)  # parallellnavn, known
    plan = documents.plan(kafjord, ROOT / "templates")
    assert plan.documents and all(("Kaivuono", "fkv-NO") in d.info.other_languages for d in plan.documents)
    hallingdal = load_region(ROOT / "agreements" / "hallingdal")
    assert documents.other_languages(hallingdal.avtale, "nb") == ()


def test_alt_text_is_a_well_formed_attribute_as_quoteattr_makes_it():
    from xml.sax.saxutils import quoteattr

    from lxml import etree

    from politidok.render.accessible_docx import xml_attribute

    for alt in ["Stolpediagram: 11 tiltak; 4 gjennomført", "A & B <c> \"d\" 'e'", "linje 1\nlinje 2\tfane\rcr"]:
        element = etree.fromstring(f"<docPr descr={xml_attribute(alt)}/>")
        assert element.get("descr") == alt
        assert etree.fromstring(f"<docPr descr={quoteattr(alt)}/>").get("descr") == alt  # the same meaning
