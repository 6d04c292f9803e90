"""Page breaks where a reader needs them (render.flow): headings, a colon before a list, a picture and its
caption kept together, widow and orphan control on; in any template, a secretary's own included."""

from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from politidok.render.flow import keep_together

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PNG = (  # a 1×1 white PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x81\xe8\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _kept(paragraph) -> bool:
    element = paragraph._p.find(qn("w:pPr") + "/" + qn("w:keepNext"))
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _own_heading_style(document, name: str, level: int):
    """A secretary's heading style: an outline level, based on Normal, and no «keep with next» of its own."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    props = style.element.get_or_add_pPr()
    props.append(etree.fromstring(f'<w:outlineLvl xmlns:w="{_W}" w:val="{level}"/>'))
    return style


def test_a_heading_of_any_style_is_kept_with_its_text_and_empty_paragraphs_after_it():
    """«Neste møte» must never end a page: by outline level (a secretary's own style without Word's
    keep-with-next), by Word's heading style names, and across an empty paragraph below the heading."""
    document = docx.Document()
    own = _own_heading_style(document, "Min overskrift", 0)
    first = document.add_paragraph("Neste møte", style=own)
    text = document.add_paragraph("Neste møte blir fellesmøtet på Hallingtinget i november.")
    second = document.add_paragraph("Vedlegg", style="Heading 2")
    second._p.get_or_add_pPr().append(etree.fromstring(f'<w:keepNext xmlns:w="{_W}" w:val="0"/>'))
    empty = document.add_paragraph("")
    last = document.add_paragraph("Vedlegg 1: Evalueringsrapport 2025")
    assert not _kept(first)
    keep_together(document)
    assert _kept(first) and _kept(second) and _kept(empty)
    assert not _kept(text) and not _kept(last)


def test_a_paragraph_ending_with_a_colon_is_kept_with_the_list_or_table_it_introduces():
    """The Sogn and Midt-Troms agreements ended page 2 with «… for perioden 2025–2026:» and began the list on
    page 3. A colon before ordinary text, or a list after a sentence, is left as it is."""
    document = docx.Document()
    intro = document.add_paragraph("Politirådet er enige om følgende satsingsområder for perioden 2025–2026:")
    document.add_paragraph("Rus og kriminalitet blant ungdom", style="List Bullet")
    plain = document.add_paragraph("Dette er en setning.")
    document.add_paragraph("Et punkt", style="List Number")
    before_table = document.add_paragraph("Politirådet har disse medlemmene: ")
    document.add_table(rows=1, cols=2)
    before_text = document.add_paragraph("Merk:")
    document.add_paragraph("Teksten etter.")
    keep_together(document)
    assert _kept(intro) and _kept(before_table)
    assert not _kept(plain) and not _kept(before_text)


def test_a_picture_is_kept_with_its_caption_below_or_above():
    """Hallingdal's report had its chart at the foot of page 1 and «Figur 1: …» at the top of page 2."""
    document = docx.Document()
    picture = document.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(PNG))
    caption = document.add_paragraph()
    caption.add_run("Figur 1: Status for tiltakene per satsingsområde.").italic = True
    styled = document.add_paragraph("Kart over regionen", style="Caption")
    below = document.add_paragraph()
    below.add_run().add_picture(io.BytesIO(PNG))
    lone = document.add_paragraph()
    lone.add_run().add_picture(io.BytesIO(PNG))
    document.add_paragraph("Teksten går videre.")
    keep_together(document)
    assert _kept(picture) and _kept(styled)
    assert not _kept(caption) and not _kept(below) and not _kept(lone)


def test_widow_and_orphan_control_is_on_in_the_paragraph_defaults():
    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:pPrDefault") + "/" + qn("w:pPr"))
    assert defaults is None or defaults.find(qn("w:widowControl")) is None  # python-docx's template has none
    keep_together(document)
    keep_together(document)  # twice: still one
    defaults = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:pPrDefault") + "/" + qn("w:pPr"))
    [control] = defaults.findall(qn("w:widowControl"))
    assert control.get(qn("w:val")) is None  # on
    order = [child.tag for child in defaults]
    if qn("w:spacing") in order:  # schema order: widowControl before spacing
        assert order.index(qn("w:widowControl")) < order.index(qn("w:spacing"))


def test_non_breaking_spaces_in_dates_grades_times_and_paragraph_signs():
    """«17. mai», «8. trinn», «kl. 10.00» and «§ 13» never break over two lines, in both målformer, also when
    the template's runs part them («22.» in one run, « april» in the next) and in a header."""
    from politidok.render.typography import nonbreaking_spaces

    document = docx.Document()
    first = document.add_paragraph("Første patrulje er satt opp lørdag 17. mai, kl. 10.00 etter offl. § 13 jf. §§ 14.")
    second = document.add_paragraph("Undervisning for elevar på 8. trinn og 10. klasse, Kl. 9.")
    split = document.add_paragraph()
    split.add_run("Brevet ble sendt 22.")
    split.add_run(" April 2025.")
    untouched = document.add_paragraph("Frist 31.12.2025, side 2 av 5, kl.10, år 2025. mai, 1.5 mai, sak 3/25 trinn.")
    header = document.sections[0].header.paragraphs[0]
    header.text = "Dato: 10. februar 2025"
    before = untouched.text
    assert nonbreaking_spaces(document) == 9
    nb = "\u00a0"
    assert (
        first.text == f"Første patrulje er satt opp lørdag 17.{nb}mai, kl.{nb}10.00 etter offl. §{nb}13 jf. §§{nb}14."
    )
    assert second.text == f"Undervisning for elevar på 8.{nb}trinn og 10.{nb}klasse, Kl.{nb}9."
    assert [r.text for r in split.runs] == ["Brevet ble sendt 22.", f"{nb}April 2025."]
    assert untouched.text == before
    assert header.text == f"Dato: 10.{nb}februar 2025"
