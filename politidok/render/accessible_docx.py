"""Accessibility in the rendered Word document, which LibreOffice carries into the tagged PDF.

- Header rows: the first row of a table whose cells are all bold (the templates' column
  headings) is marked as a repeated heading row (w:tblHeader, Word's «Gjenta som
  overskriftsrad»), which LibreOffice exports as TH cells. Done here, in code, so that
  secretaries' templates need no change and a new table with a bold first row just works.
  Its paragraphs also get the style «Kolonneoverskrift» (based on their own style): LibreOffice
  exports a heading row as TD when the table had to move to the next page (the heading row fit
  at the bottom of a page, its first data row did not), and the PDF pass makes those TH again.
- No row keeps w:cantSplit (Word's "Allow row to break across pages" turned off), neither from
  politidok nor from a template — except a row holding a signature line (allow_rows_to_split);
  rows are kept whole another way, with w:keepNext on their paragraphs (render/tables.py).
  LibreOffice 7.4 loses rows of a table when a w:cantSplit row only just fits at the bottom of a
  page: the rows after it are laid out
  nowhere (missing from the PDF), and their TR elements are left empty, which PDF/UA-1 reports
  as rows spanning different numbers of columns. Where that happens depends on the text above
  the table, so any council could hit it; see allow_rows_to_split.
- Header columns: in a table of labels and values («Tid:» | «tirsdag 11. mars …»), where
  the first column is bold and the first row is not, the labels' paragraphs get the style
  «Radoverskrift» (based on their own style, so they look the same). Word has no row headers
  and LibreOffice exports the style name as the structure type, so the PDF pass can make
  those cells TH with /Scope /Row.
- Pictures: an image inserted by politidok gets its alternative text (wp:docPr/@descr, exported
  by LibreOffice as the Figure's /Alt).
- Languages: a name in another language (the council's and municipalities' Sami and Kven
  names, e.g. Kåfjord / Gáivuotna / Kaivuono, from the YAML's andre_navn; DocumentInfo carries
  them) gets its language on its run (w:lang), exported as a /Span with /Lang, so a screen
  reader does not read it as Norwegian.
"""

from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn
from docxtpl import InlineImage
from lxml import etree


def _bold(run) -> bool:
    props = run.find(qn("w:rPr"))
    if props is None:
        return False
    b = props.find(qn("w:b"))
    return b is not None and b.get(qn("w:val"), "true") not in ("0", "false", "off")


def _cell_is_bold(cell) -> bool:
    runs = [r for r in cell.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    return bool(runs) and all(_bold(r) for r in runs)


def mark_header_rows(document) -> int:
    """Mark the bold first row of every table (more than one row) as a heading row repeated on each page;
    returns how many tables got a heading row."""
    marked = 0
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        if len(rows) < 2:
            continue
        first = rows[0]
        cells = first.findall(qn("w:tc"))
        if not cells or not all(_cell_is_bold(c) for c in cells):
            continue
        if _row_flag(first, "w:tblHeader"):
            marked += 1
        _give_style(document, first, COLUMN_HEADER_STYLE)
    return marked


COLUMN_HEADER_STYLE = "Kolonneoverskrift"


def _give_style(document, row, name: str) -> bool:
    """Give the paragraphs of `row` the paragraph style `name`, based on (and so looking like) the one
    style they have; False (nothing changed) when they have several or `name` is based on another."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(p, document._body) for p in row.iter(qn("w:p"))]
    bases = set()
    for paragraph in paragraphs:
        # without a style of its own a paragraph has the document's default one, which every .docx has
        assert paragraph.style is not None
        bases.add(paragraph.style.name)
    if len(bases) != 1 or bases == {name}:
        return bases == {name}
    if name not in {s.name for s in document.styles}:
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = paragraphs[0].style
    style = document.styles[name]
    if style.base_style is None or style.base_style.name != bases.pop():
        return False
    for paragraph in paragraphs:
        paragraph.style = style
    return True


SIGNATURE_LINE = re.compile(r"^_{8,}$")


def _has_signature_line(row) -> bool:
    return any(
        SIGNATURE_LINE.match("".join(t.text or "" for t in p.iter(qn("w:t"))).strip()) for p in row.iter(qn("w:p"))
    )


def allow_rows_to_split(document) -> int:
    """Remove w:cantSplit from every table row of the document body; returns how many rows had it.

    LibreOffice 7.4 (Debian 12's) loses table rows when a row that may not break across pages
    only just fits at the bottom of a page: the rest of the table is laid out nowhere. The text
    is missing from the PDF and the tagged export leaves their TR elements empty (page-validation:
    PDFUA1-TABLE-ROW-COLUMNSPAN-001). Measured (tests/integration/test_table_rows.py, the evaluation
    report of benchmarks/scale.py's rad-009): when a table's first row (its heading row, or any first row)
    fits alone at the bottom of a page, over a band of up to some 16 points, and at single
    positions where a data row only just fits. Without w:cantSplit no row was lost at any
    position, and a table whose heading row has no room for a data row below it still moves to
    the next page whole. So no other row keeps it, whether politidok or a template (referat's
    follow-up rows) asked for it; such a row may break across a page like text.

    Except a row with a signature line (a paragraph of underscores, the mark assemble.locate
    looks for): a signature block split over two pages (the line and the first half of the title
    on one, the rest on the next) can neither be signed properly nor get its signature field, and
    a generated council of 13 signatories with long names did split one. Should LibreOffice lose
    such a row, the build stops, loudly: its signature line is not found.
    """
    removed = 0
    for row in document.element.body.iter(qn("w:tr")):
        props = row.find(qn("w:trPr"))
        if props is None or _has_signature_line(row):
            continue
        for flag in props.findall(qn("w:cantSplit")):
            props.remove(flag)
            removed += 1
        if len(props) == 0 and not props.attrib:
            row.remove(props)
    return removed


def _row_flag(row, flag: str) -> bool:
    """Set an on/off row property (w:tblHeader); True if it was not set before."""
    props = row.find(qn("w:trPr"))
    if props is None:
        props = etree.Element(qn("w:trPr"))
        anchor = row.find(qn("w:tblPrEx"))
        row.insert(0 if anchor is None else list(row).index(anchor) + 1, props)
    if props.find(qn(flag)) is not None:
        return False
    etree.SubElement(props, qn(flag))
    return True


ROW_HEADER_STYLE = "Radoverskrift"


def mark_row_headers(document) -> int:
    """Give the bold first-column labels of label/value tables the row-header style; returns how many tables."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table

    marked = 0
    for element in document.element.body.iter(qn("w:tbl")):
        table = Table(element, document._body)
        rows = element.findall(qn("w:tr"))
        if len(rows) < 2 or (
            rows[0].find(qn("w:trPr")) is not None and rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        ):
            continue
        firsts = [row.findall(qn("w:tc")) for row in rows]
        if any(len(cells) < 2 for cells in firsts):
            continue
        if all(_cell_is_bold(c) for c in firsts[0]) or not all(_cell_is_bold(cells[0]) for cells in firsts):
            continue
        paragraphs = [p for row in table.rows for p in row.cells[0].paragraphs]
        bases = {p.style.name for p in paragraphs}
        if len(bases) != 1:
            continue
        names = {s.name for s in document.styles}
        if ROW_HEADER_STYLE not in names:
            style = document.styles.add_style(ROW_HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = paragraphs[0].style
        style = document.styles[ROW_HEADER_STYLE]
        if style.base_style is None or style.base_style.name != bases.pop():
            continue
        for paragraph in paragraphs:
            paragraph.style = style
        marked += 1
    return marked


def xml_attribute(text: str) -> str:
    """`text` as a quoted XML attribute value, as xml.sax.saxutils.quoteattr makes it (without its
    import of urllib and ssl, 24 ms): & < > and quotes escaped, tab and line breaks kept as characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return '"' + text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;") + '"'


class DescribedImage(InlineImage):
    """docxtpl's InlineImage with alternative text (descr) on the drawing."""

    def __init__(self, tpl, image_descriptor, alt: str, width=None, height=None):
        super().__init__(tpl, image_descriptor, width=width, height=height)
        self.alt = alt

    def _insert_image(self):
        xml = super()._insert_image()
        return xml.replace("<wp:docPr ", f"<wp:docPr descr={xml_attribute(self.alt)} ", 1)


# Official Sami and Kven names of Norwegian municipalities, for a `parallellnavn` in the YAML (which
# has no language of its own; `andre_navn` entries say theirs): BCP 47, se North Sami, sma South
# Sami, smj Lule Sami, fkv Kven.
PARALLEL_NAMES = {
    "Rosse": "sma-NO",  # Røros
    "Snåase": "sma-NO",  # Snåsa
    "Raarvihke": "sma-NO",  # Røyrvik
    "Aarborte": "sma-NO",  # Hattfjelldal
    "Hábmer": "smj-NO",  # Hamarøy
    "Guovdageaidnu": "se-NO",  # Kautokeino
    "Kárášjohka": "se-NO",  # Karasjok
    "Deatnu": "se-NO",  # Tana
    "Unjárga": "se-NO",  # Nesseby
    "Porsáŋgu": "se-NO",  # Porsanger
    "Porsanki": "fkv-NO",  # Porsanger
    "Gáivuotna": "se-NO",  # Kåfjord
    "Kaivuono": "fkv-NO",  # Kåfjord
    "Loabát": "se-NO",  # Lavangen
}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def tag_languages(document, names: dict[str, str]) -> int:
    """Put each of `names` (name -> BCP 47 language) in a run of its own with w:lang; returns how many."""
    if not names:
        return 0
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?!\w)")
    tagged = 0
    for run in list(document.element.body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or not pattern.search(texts[0].text or ""):
            continue
        if any(child.tag not in (qn("w:rPr"), qn("w:t")) for child in run):
            continue  # a run with tabs, breaks or fields: left as it is
        parent, position = run.getparent(), run.getparent().index(run)
        pieces = [p for p in pattern.split(texts[0].text) if p]
        for offset, piece in enumerate(pieces):
            new = copy.deepcopy(run)
            t = new.find(qn("w:t"))
            t.text = piece
            t.set(_XML_SPACE, "preserve")
            if piece in names:
                props = new.find(qn("w:rPr"))
                if props is None:
                    props = etree.Element(qn("w:rPr"))
                    new.insert(0, props)
                lang = props.find(qn("w:lang"))
                if lang is None:
                    lang = etree.SubElement(props, qn("w:lang"))
                lang.set(qn("w:val"), names[piece])
                tagged += 1
            parent.insert(position + offset, new)
        parent.remove(run)
    return tagged


_DRAWING_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}


def images_without_alt(template) -> list[str]:
    """The names of the pictures in a .docx that have neither alternative text nor Word's
    «Merk som dekorativ»: the tagged PDF gets them as artifacts (skipped by screen readers)."""
    import zipfile

    found = []
    with zipfile.ZipFile(template) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")):
            if "/_rels/" in name or not any(k in name for k in ("document", "header", "footer")):
                continue
            root = etree.fromstring(z.read(name))
            for doc_pr in root.iterfind(".//wp:docPr", _DRAWING_NS):
                decorative = doc_pr.find(".//adec:decorative", _DRAWING_NS)
                marked_decorative = decorative is not None and decorative.get("val") in ("1", "true")
                if (doc_pr.get("descr") or "").strip() or marked_decorative:
                    continue
                found.append(doc_pr.get("name") or doc_pr.get("id") or "?")
    return found
