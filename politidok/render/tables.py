"""Tables that read well: column widths from their content, Norwegian hyphenation where a word
must break, rows kept whole, numbers right-aligned and sum rows bold.

Done on the rendered document (after docxtpl), so that every template's tables get it and a
secretary's new table just works:

- Column widths from the content, as a browser lays out an automatic table: each column gets at
  least its longest word (its widest unbreakable piece when even the words do not fit), and the
  rest of the text width is shared by how much text each column holds. Word and LibreOffice keep
  the template's fixed grid otherwise, and break a word that is wider than its column anywhere
  («Kommunedirektøre|n»), without a hyphen.
- A word still wider than its column gets soft hyphens (U+00AD) at the points the Norwegian
  hyphenation patterns allow (LibreOffice's, Debian package hyphen-no: /usr/share/hyphen), so it
  breaks with a hyphen, and only there: at a compound's joint where its parts fit
  («Kommune-|direktør», render.hyphenation), never in a word of eight letters or fewer; the column
  is at least as wide as the widest part. A broken word costs a line of the table's height, so
  width moves to another column only when that saves more lines than it breaks words (widths.py).
- Rows are kept whole and a table does not start with one row at the foot of a page: a row is
  kept with the next (w:keepNext on its paragraphs, Word's way; LibreOffice honours it for DOCX
  as «table row keep», and does not break such a row), except a one-line row (which cannot break)
  from the third row to the third last: the table breaks only after one of those. The last row
  is kept with what follows the table (a hair-thin paragraph where that is a heading). A table without
  them moves whole to the next page when it does not fit in the rest of this one; a table longer
  than a page then breaks between rows, never inside one. Not with
  w:cantSplit: LibreOffice 7.4 loses the rows after a row that may not break when it only just
  fits at the foot of a page (accessible_docx.allow_rows_to_split; tests/integration/test_table_rows.py).
- A column of numbers (counts, «–» for none) is right-aligned, heading included; a last row
  headed «Sum» (or «Totalt», «I alt») is bold.

Tables with merged cells and the signature table (a row with a signature line) are left as the
template has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from politidok.render.hyphenation import SOFT_HYPHEN, fragments, soft_points
from politidok.render.measure import Styles, text_width
from politidok.render.widths import PADDING, SLACK, Need, column_widths

SUM_WORDS = {"sum", "totalt", "i alt", "til saman", "samla"}
NUMBER = re.compile(r"^[-−+]?\d[\d\u00a0 ]*([.,]\d+)?\s*%?$|^[–-]$")


@dataclass
class _Piece:
    text: str
    size: float
    bold: bool


def _bold(run, style_bold: bool) -> bool:
    props = run.find(qn("w:rPr"))
    b = props.find(qn("w:b")) if props is not None else None
    if b is None:
        return style_bold
    return b.get(qn("w:val"), "true") not in ("0", "false", "off")


def _size(run, default: float) -> float:
    props = run.find(qn("w:rPr"))
    sz = props.find(qn("w:sz")) if props is not None else None
    return int(sz.get(qn("w:val"))) / 2 if sz is not None and sz.get(qn("w:val"), "").isdigit() else default


def _runs(paragraph) -> list:
    return [r for r in paragraph.iter(qn("w:r")) if r.find(qn("w:t")) is not None]


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


@dataclass
class _Cell:
    element: Any
    paragraphs: list[list[_Piece]]

    @property
    def text(self) -> str:
        return "\n".join("".join(p.text for p in para) for para in self.paragraphs).replace(SOFT_HYPHEN, "")


def _cell(tc, styles: Styles) -> _Cell:
    paragraphs = []
    for p in tc.findall(qn("w:p")):
        size, bold = styles.of(p)
        paragraphs.append(
            [_Piece(t.text or "", _size(r, size), _bold(r, bold)) for r in _runs(p) for t in r.findall(qn("w:t"))]
        )
    return _Cell(tc, paragraphs)


def _words(piece: _Piece) -> Iterable[str]:
    return (w for w in re.split(r"[^\S\u00a0]+", piece.text.replace(SOFT_HYPHEN, "")) if w)  # «17. mai» is one


def _need(cell: _Cell, language: str) -> Need:
    word = piece_w = smallest = natural = code = 0.0
    paragraphs = []
    breakable = []
    for para in cell.paragraphs:
        natural = max(natural, sum(text_width(p.text.replace(SOFT_HYPHEN, ""), p.size, p.bold) for p in para))
        widths = []
        for p in para:
            for w in _words(p):
                widths.append(text_width(w + " ", p.size, p.bold))
                word = max(word, text_width(w, p.size, p.bold))
                if any(ch.isdigit() for ch in w):
                    code = max(code, text_width(w, p.size, p.bold))
                piece_w = max(piece_w, *(text_width(f, p.size, p.bold) for f in fragments(w, language, True)))
                smallest = max(smallest, *(text_width(f, p.size, p.bold) for f in fragments(w, language)))
                # each part between hard hyphens («SLT-|koordinator») that may break with a hyphen
                breakable += [
                    text_width(chunk, p.size, p.bold)
                    for chunk in re.split(r"(?<=-)", w)
                    if len(fragments(chunk, language)) > 1
                ]
        paragraphs.append(tuple(widths))
    return Need(word, piece_w, natural, tuple(paragraphs), code, tuple(breakable), smallest)


# ------------------------------------------------------------------ the pass over a document


def _text_width(document) -> float:
    """The body's text width (twips) of the last section: page width minus the margins."""
    sect = document.element.body.find(qn("w:sectPr"))
    if sect is None:
        return 9638.0
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    width = int(size.get(qn("w:w"), "11906")) if size is not None else 11906
    left = int(margins.get(qn("w:left"), "1134")) if margins is not None else 1134
    right = int(margins.get(qn("w:right"), "1134")) if margins is not None else 1134
    return float(width - left - right)


def _is_plain(table) -> bool:
    """A table of simple rows: no merged cells, no nested tables, every row with the same number of cells."""
    rows = table.findall(qn("w:tr"))
    if not rows:
        return False
    counts = {len(r.findall(qn("w:tc"))) for r in rows}
    if len(counts) != 1 or counts == {0}:
        return False
    for tc in table.iter(qn("w:tc")):
        props = tc.find(qn("w:tcPr"))
        if props is not None and (props.find(qn("w:gridSpan")) is not None or props.find(qn("w:vMerge")) is not None):
            return False
        if tc.find(".//" + qn("w:tbl")) is not None:
            return False
    return True


def _has_signature_line(table) -> bool:
    from politidok.render.accessible_docx import SIGNATURE_LINE

    return any(SIGNATURE_LINE.match(_paragraph_text(p).strip()) for p in table.iter(qn("w:p")))


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    found = parent.find(qn(tag))
    if found is None:
        found = etree.Element(qn(tag))
        anchor = next((parent.find(qn(b)) for b in before if parent.find(qn(b)) is not None), None)
        if anchor is not None:
            anchor.addprevious(found)
        else:
            parent.append(found)
    return found


def _ppr(paragraph):
    props = paragraph.find(qn("w:pPr"))
    if props is None:
        props = etree.Element(qn("w:pPr"))
        paragraph.insert(0, props)
    return props


# w:pPr children in schema order, for the ones set here
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _set_ppr(paragraph, tag: str, **attrs: str) -> None:
    props = _ppr(paragraph)
    element = props.find(qn(tag))
    if element is None:
        element = etree.Element(qn(tag))
        later = _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :]
        anchor = next((c for c in props if any(c.tag == qn(t) for t in later)), None)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            props.append(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)


def _set_widths(table, widths: list[int]) -> None:
    props = _child(table, "w:tblPr")
    tbl_w = _child(
        props,
        "w:tblW",
        before=(
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ),
    )
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    layout = _child(props, "w:tblLayout", before=("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"))
    layout.set(qn("w:type"), "fixed")
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        grid = etree.Element(qn("w:tblGrid"))
        props.addnext(grid)
    for col in list(grid):
        grid.remove(col)
    for w in widths:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))
    for row in table.findall(qn("w:tr")):
        for tc, w in zip(row.findall(qn("w:tc")), widths):
            tc_pr = tc.find(qn("w:tcPr"))
            if tc_pr is None:
                tc_pr = etree.Element(qn("w:tcPr"))
                tc.insert(0, tc_pr)
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = etree.Element(qn("w:tcW"))
                tc_pr.insert(0 if tc_pr.find(qn("w:cnfStyle")) is None else 1, tc_w)
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(w))


def _soften(text: str, limit: float, size: float, bold: bool, language: str) -> tuple[list[str], int]:
    """`text` cut at the hyphenation points of each word wider than `limit` twips (the pieces, in order; a
    soft hyphen goes between them), and how many words were cut: at a compound's joints where the pieces
    between them fit («Kommune-|direktør»), else also at the other points of a piece too wide."""
    pieces, current, changed = [], "", 0

    def fits(piece: str) -> bool:
        return text_width(piece, size, bold) <= limit + 2

    for part in re.split(r"([^\S\u00a0]+)", text):  # (no break at a non-breaking space)
        points = soft_points(part, language, fits) if part and not fits(part) else []
        last = 0
        for point in points:  # (whole twips: a word as wide as the column fits)
            pieces.append(current + part[last:point])
            current, last = "", point
        current += part[last:]
        changed += bool(points)
    pieces.append(current)
    return pieces, changed


def _hyphenate_wide_words(cell: _Cell, width: float, language: str) -> int:
    """Soft hyphens (w:softHyphen) into the words of a cell that are wider than its text width; returns how
    many words got them."""
    changed = 0
    for p in cell.element.findall(qn("w:p")):
        for run in _runs(p):
            size, bold = _size(run, 11.0), _bold(run, False)
            for t in run.findall(qn("w:t")):
                pieces, n = _soften(t.text or "", width, size, bold, language)
                if not n:
                    continue
                changed += n
                anchor = t
                t.text = pieces[0]
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                for piece in pieces[1:]:
                    hyphen = etree.Element(qn("w:softHyphen"))
                    anchor.addnext(hyphen)
                    following = etree.Element(qn("w:t"))
                    following.text = piece
                    following.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    hyphen.addnext(following)
                    anchor = following
    return changed


def _bold_runs(tr) -> None:
    for run in tr.iter(qn("w:r")):
        props = run.find(qn("w:rPr"))
        if props is None:
            props = etree.Element(qn("w:rPr"))
            run.insert(0, props)
        existing = props.find(qn("w:b"))
        if existing is not None:  # «not bold» from the template or Word: bold now
            existing.attrib.pop(qn("w:val"), None)
        else:
            anchor = next((c for c in props if c.tag not in (qn("w:rStyle"), qn("w:rFonts"))), None)
            bold = etree.Element(qn("w:b"))
            if anchor is not None:
                anchor.addprevious(bold)
            else:
                props.append(bold)


def _end_keep_chain(table, styles: Styles) -> None:
    """The last row is kept with what follows the table (so that it is not broken either). When that is a
    heading or another table, which are kept with what follows them in turn, a hair-thin empty paragraph
    after the table ends the chain: else a heading, its table, the next heading … would all be kept
    together and pushed from page to page."""
    after = table.getnext()
    if after is not None and after.tag == qn("w:p") and not styles.keeps_with_next(after):
        return
    if after is not None and after.tag == qn("w:sectPr"):
        return
    p = etree.Element(qn("w:p"))
    props = etree.SubElement(p, qn("w:pPr"))
    spacing = etree.SubElement(props, qn("w:spacing"))
    for key, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{key}"), value)
    size = etree.SubElement(etree.SubElement(props, qn("w:rPr")), qn("w:sz"))
    size.set(qn("w:val"), "2")
    table.addnext(p)


def _one_line(row: list[_Cell], needs: list[Need], widths: list[int]) -> bool:
    """Does every cell of the row fit on one line (one paragraph, narrower than its column)?"""
    return all(
        len(cell.paragraphs) <= 1 and need.natural * SLACK + PADDING <= width + 2  # whole twips
        for cell, need, width in zip(row, needs, widths)
    )


def lay_out_tables(document, language: str = "nb") -> int:
    """Widths, hyphenation, alignment, sum rows and kept rows for the body's tables; returns how many tables."""
    styles = Styles(document)
    available = _text_width(document)
    done = 0
    for table in document.element.body.iter(qn("w:tbl")):
        if table.getparent() is not document.element.body or not _is_plain(table) or _has_signature_line(table):
            continue
        rows = table.findall(qn("w:tr"))
        cells = [[_cell(tc, styles) for tc in row.findall(qn("w:tc"))] for row in rows]
        indent = table.find(qn("w:tblPr") + "/" + qn("w:tblInd"))
        width = available - (
            int(indent.get(qn("w:w"), "0"))
            if indent is not None and indent.get(qn("w:w"), "0").lstrip("-").isdigit()
            else 0
        )
        # a column whose every text ends with a colon is a column of labels (a minutes' «Møtedato:», «Stad:» …)
        grid = [[c.text.strip() for c in row] for row in cells]
        labels = (
            tuple(all(t.endswith(":") for t in column if t) and any(column) for column in zip(*grid))
            if grid and all(len(r) == len(grid[0]) for r in grid)
            else ()
        )
        widths = column_widths([[_need(c, language) for c in row] for row in cells], width, labels=labels)
        _set_widths(table, widths)
        for row in cells:
            for cell, w in zip(row, widths):
                _hyphenate_wide_words(cell, (w - PADDING) / SLACK, language)
        # numbers right-aligned (the heading of such a column too)
        body = cells[1:] if len(cells) > 1 else cells
        for col in range(len(widths)):
            texts = [row[col].text.strip() for row in body]
            if texts and all(NUMBER.match(t) for t in texts if t) and any(any(ch.isdigit() for ch in t) for t in texts):
                for row in cells:
                    for p in row[col].element.findall(qn("w:p")):
                        _set_ppr(p, "w:jc", val="right")
        # a sum row: bold
        if len(cells) > 2 and cells[-1][0].text.strip().casefold() in SUM_WORDS:
            _bold_runs(rows[-1])
        # rows kept whole, and kept with the next except after a one-line row (which cannot break): the table
        # breaks only there, and never leaves its heading and first row, or its last row, alone on a page
        needs_of = [[_need(c, language) for c in row] for row in cells]
        for i, row in enumerate(rows):
            if not (2 <= i <= len(rows) - 3 and _one_line(cells[i], needs_of[i], widths)):
                for p in row.iter(qn("w:p")):
                    _set_ppr(p, "w:keepNext")
        _end_keep_chain(table, styles)
        done += 1
    return done
