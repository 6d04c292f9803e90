"""What belongs together stays on one page, wherever the page breaks (real LibreOffice): a heading with its
text, a paragraph ending with a colon with the list it introduces, a picture with its caption.

A template like a secretary's own (a heading style with an outline level and no «keep with next») is
rendered through politidok with its content moved down page 1 a few points at a time, so that each pair
meets the page's foot at some positions."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pikepdf
from conftest import need, pdftotext
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt
from lxml import etree

from politidok.convert import Converter
from politidok.core.docinfo import DocumentInfo
from politidok.render import render_docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
POSITIONS = [n * 6.0 for n in range(70)]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 240), (40, 60, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _template(path: Path, space_before: float) -> Path:
    document = docx.Document()
    heading = document.styles.add_style("Min overskrift", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = document.styles["Normal"]
    heading.font.size, heading.font.bold = Pt(14), True
    heading.paragraph_format.space_before = Pt(14)
    heading.element.get_or_add_pPr().append(etree.fromstring(f'<w:outlineLvl xmlns:w="{_W}" w:val="0"/>'))
    for i in range(12):
        document.add_paragraph(f"Avsnitt {i + 1}")
    document.paragraphs[-1].paragraph_format.space_before = Pt(space_before)
    document.add_paragraph("Nestemøte", style=heading)
    document.add_paragraph("Fellesmøtet på Hallingtinget i november.")
    document.add_paragraph("Mellomtekst en.")
    document.add_paragraph(
        "Felles prioriterte satsingsområder er basert på politimesterens situasjonsbilde og analyser. "
        "Politirådet er enige om følgende satsingsområder for perioden 2025–2026:"
    )
    document.add_paragraph("Førstepunkt rus og kriminalitet blant ungdom", style="List Bullet")
    document.add_paragraph("Andrepunkt vold i nære relasjoner", style="List Bullet")
    document.add_paragraph("Mellomtekst to.")
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png()), width=Mm(100))
    document.add_paragraph().add_run("Figur 1: Bildeteksten under diagrammet.").italic = True
    document.add_paragraph("Sluttekst.")
    document.save(path)
    return path


def _page(pages: list[str], word: str) -> int:
    found = [n for n, text in enumerate(pages) if word in text]
    assert len(found) == 1, (word, found)
    return found[0]


def _picture_pages(pdf: Path) -> list[int]:
    """The pages that draw an image (LibreOffice may share one resource dictionary between pages)."""
    with pikepdf.open(pdf) as doc:
        found = []
        for n, page in enumerate(doc.pages):
            images = {k for k, x in page.obj.Resources.get("/XObject", {}).items() if x.get("/Subtype") == "/Image"}
            drawn = {str(operands[0]) for operands, op in pikepdf.parse_content_stream(page) if str(op) == "Do"}
            if images & drawn:
                found.append(n)
        return found


def test_headings_colon_paragraphs_and_pictures_keep_what_follows_wherever_the_page_breaks(tmp_path):
    need("soffice", "pdftotext")
    info = DocumentInfo("Sideflyt", "nb-NO", date(2025, 1, 1))
    with Converter() as converter:
        futures = []
        for n, points in enumerate(POSITIONS):
            rendered = render_docx(_template(tmp_path / f"mal-{n}.docx", points), {}, info, tmp_path / f"{n}.docx")
            futures.append(converter.submit(rendered, tmp_path / f"{n}.pdf"))
        converter.finish()
        converted = [f.result() for f in futures]
    parted = {"heading": set(), "colon": set(), "picture": set()}  # positions where the pair is not on page 1
    for points, pdf in zip(POSITIONS, converted):
        with pikepdf.open(pdf) as doc:
            count = len(doc.pages)
        pages = [" ".join(pdftotext(pdf, "-f", str(k), "-l", str(k)).split()) for k in range(1, count + 1)]
        heading, text = _page(pages, "Nestemøte"), _page(pages, "Hallingtinget")
        assert heading == text, f"{points} pt: the heading ends page {heading + 1}"
        colon, item = _page(pages, "2025–2026:"), _page(pages, "Førstepunkt")
        assert colon == item, f"{points} pt: «…2025–2026:» ends page {colon + 1}, its list begins on the next"
        [picture] = _picture_pages(pdf)
        caption = _page(pages, "Bildeteksten")
        assert picture == caption, f"{points} pt: the picture is on page {picture + 1}, its caption on {caption + 1}"
        for name, page in (("heading", heading), ("colon", colon), ("picture", picture)):
            if page:
                parted[name].add(points)
    # each pair was at the foot of page 1 at some positions and moved to page 2 at others
    assert all(0 < len(moved) < len(POSITIONS) for moved in parted.values()), parted
