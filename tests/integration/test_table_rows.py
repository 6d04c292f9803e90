"""Every table row reaches the PDF, whole, wherever a page breaks (real LibreOffice and page-validation).

LibreOffice 7.4 lost the rows after a row with w:cantSplit that only just fitted at the bottom of a
page: their text was missing and their TR elements empty, which PDF/UA-1 reports as
PDFUA1-TABLE-ROW-COLUMNSPAN-001. The generated council rad-009 (benchmarks/scale.py) hit it in its
evaluation report. render removes w:cantSplit (accessible_docx.allow_rows_to_split) and keeps rows
whole the way LibreOffice does not lose them: each row kept with the next (render.tables). And when
such a table moves whole to the next page, LibreOffice exports its heading row as TD: the PDF pass
makes it TH again (the style Kolonneoverskrift).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import docx
import pikepdf
from conftest import ROOT, need, pdftotext, run_cli
from docx.oxml.ns import qn
from docx.shared import Pt
from pikepdf import Dictionary

from politidok.assemble import accessibility, assemble
from politidok.convert import Converter
from politidok.core.docinfo import DocumentInfo
from politidok.render import render_docx


def _tables(pdf_path: Path) -> list[list[list[str]]]:
    """Each Table of the structure tree: its rows, each as the standard types of its cells."""
    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root.StructTreeRoot
        role_map = root.get("/RoleMap")
        tables = []
        for table in accessibility.elements(root):
            if accessibility._standard(table, role_map) != "Table":
                continue
            rows = []
            for kid in accessibility._kids(table):
                kind = accessibility._standard(kid, role_map) if isinstance(kid, Dictionary) else None
                if kind == "TR":
                    rows.append(kid)
                elif kind in ("THead", "TBody", "TFoot"):
                    rows += [r for r in accessibility._kids(kid) if isinstance(r, Dictionary)]
            tables.append(
                [
                    [accessibility._standard(c, role_map) for c in accessibility._kids(r) if isinstance(c, Dictionary)]
                    for r in rows
                ]
            )
        return tables


def _ua_failures(pdf_path: Path) -> list[str]:
    import page

    return [f"{f.rule_id}: {f.message}" for f in page.validate_pdf(str(pdf_path), profile="ua1").failures]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_council_like_rad_009_builds_its_evaluation_report_with_every_row(tmp_path):
    """rad-009 of benchmarks/scale.py: its table of measures per focus area had its heading row at the
    bottom of page 1 and lost its data rows (and the build failed on the PDF/UA check)."""
    need("soffice", "pdftotext")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from scale import council
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    agreements = tmp_path / "agreements"
    region = council(agreements, 9)
    out = tmp_path / "output"
    proc = run_cli(
        "build", region, "--only", "evalueringsrapport", "--agreements", str(agreements), "--output", str(out)
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = out / region
    report = folder / "evalueringsrapport-2025.pdf"
    for pdf in (report, folder / "saksframlegg-evaluering-2025.pdf", folder / "pakke-evaluering-2025.pdf"):
        assert _ua_failures(pdf) == [], pdf.name

    rendered = docx.Document(folder / "evalueringsrapport-2025.docx")
    text = _squeezed(pdftotext(report, "-layout"))
    tables = _tables(report)
    assert len(tables) == len(rendered.tables) >= 2
    for table, rows in zip(rendered.tables, tables):
        assert len(rows) == len(table.rows)  # no row lost, none empty
        assert all(cells == (["TH"] if n == 0 else ["TD"]) * len(table.columns) for n, cells in enumerate(rows)), rows
        for row in table.rows:  # and each row's text is on a page: the first line of its first cell
            first = row.cells[0].text.split()[:2]
            assert _squeezed(" ".join(first)) in text, first
    focus = next(t for t in rendered.tables if t.rows[0].cells[0].text == "Satsingsområde")
    assert focus.rows[-1].cells[0].text == "Sum" and _squeezed(" ".join(c.text for c in focus.rows[-1].cells)) in text


def _template(path: Path, space_before: float) -> Path:
    """A document whose table (bold heading row, rows a template keeps from breaking, the middle column of
    two lines) starts `space_before` points lower down page 1 for each step, across the bottom of the page."""
    document = docx.Document()
    for i in range(14):
        document.add_paragraph(f"Avsnitt {i + 1}")
    document.add_paragraph("Tabellen under").paragraph_format.space_before = Pt(space_before)
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ["Sak", "Tiltak", "Frist"]):
        cell.paragraphs[0].add_run(heading).bold = True
    for r in range(1, 4):
        for c in range(3):
            long = " lang tekst" * 6 if c == 1 else ""
            table.cell(r, c).text = f"Rad{r}kolonne{c}{long} slutt{r}{c}"
    for row in table.rows:
        row._tr.get_or_add_trPr().append(document.element.makeelement(qn("w:cantSplit"), {}))
    document.add_paragraph("Etter tabellen")
    document.save(path)
    return path


def _page_of(text_by_page: list[str], word: str) -> int | None:
    return next((n for n, text in enumerate(text_by_page) if word in text), None)


def test_rows_survive_every_position_of_a_page_break(tmp_path):
    """The table moves down the page half a point at a time, through the heights where it fits on page 1,
    where only part of it would, and where only its heading row would (with w:cantSplit LibreOffice 7.4
    lost the rows after the heading row at such positions). Every PDF passes PDF/UA-1 and has every row;
    no row is broken over the page (its first and last word on the same page), and the table never leaves
    its heading row, or heading row and one row, alone at the foot of page 1."""
    need("soffice", "pdftotext")
    info = DocumentInfo("Tabell", "nb-NO", date(2025, 1, 1))
    positions = [170 + n * 0.5 for n in range(200)]
    with Converter() as converter:
        futures = []
        for n, points in enumerate(positions):
            rendered = render_docx(_template(tmp_path / f"mal-{n}.docx", points), {}, info, tmp_path / f"{n}.docx")
            futures.append(converter.submit(rendered, tmp_path / f"{n}-lo.pdf"))
        converter.finish()
        converted = [f.result() for f in futures]
    moved = 0
    for n, (points, pdf) in enumerate(zip(positions, converted)):
        final = assemble(pdf, info, [], tmp_path / f"{n}.pdf")
        text = _squeezed(pdftotext(final))
        missing = [
            w
            for w in ["Sak", *(f"Rad{r}kolonne{c}" for r in (1, 2, 3) for c in range(3)), "Ettertabellen"]
            if w not in text
        ]
        assert missing == [], f"{points} pt: {missing}"
        assert _tables(final) == [[["TH"] * 3] + [["TD"] * 3] * 3], f"{points} pt"
        assert _ua_failures(final) == [], f"{points} pt"
        with pikepdf.open(final) as doc:
            count = len(doc.pages)
        pages = [_squeezed(pdftotext(final, "-f", str(k), "-l", str(k))) for k in range(1, count + 1)]
        for r in (1, 2, 3):
            assert _page_of(pages, f"Rad{r}kolonne0") == _page_of(pages, f"slutt{r}1"), f"{points} pt: row {r} broken"
        first_rows = sum(f"Rad{r}kolonne0" in pages[0] for r in (1, 2, 3))
        assert first_rows in (0, 3), f"{points} pt: {first_rows} row(s) of the table at the foot of page 1"
        moved += first_rows == 0
    assert 0 < moved < len(positions)  # the table started on page 1 at some positions and moved at others


def test_a_signature_block_is_never_split_over_two_pages(tmp_path):
    """A generated council (tests/fixtures/signaturblokk-over-sideskift: 13 signatories, long names)
    whose signature table runs onto a second page. With every row free to break, «Ordfører i
    Yahsådljløaæ Øjbšaeckđåbč Aaaaaaa» was cut in two over the page break and the build stopped
    (no signature line above a whole title). Rows with a signature line keep w:cantSplit."""
    import shutil

    agreements = tmp_path / "agreements"
    shutil.copytree(ROOT / "tests" / "fixtures" / "signaturblokk-over-sideskift", agreements / "rad")
    out = tmp_path / "out"
    proc = run_cli("build", "rad", "--agreements", str(agreements), "--output", str(out), "--only", "samarbeidsavtale")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdf = out / "rad" / "samarbeidsavtale.pdf"
    with pikepdf.open(pdf) as doc:
        fields = [(str(f.T), doc.pages.index(pikepdf.Page(f.P))) for f in doc.Root.AcroForm.Fields]
        pages = len(doc.pages)
    assert len(fields) == 13
    assert {page for _, page in fields} == {pages - 2, pages - 1}  # the table runs over two pages
    for number in (pages - 1, pages):  # every title is whole on the page of its line
        text = " ".join(pdftotext(pdf, "-f", str(number), "-l", str(number)).split())
        lines = text.count("Sted og dato:")
        assert lines == sum(1 for _, page in fields if page == number - 1), text
    last = " ".join(pdftotext(pdf, "-f", str(pages), "-l", str(pages)).split())
    assert "Ordfører i Yahsådljløaæ Øjbšaeckđåbč Aaaaaaa" in last
