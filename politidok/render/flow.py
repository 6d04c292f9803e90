"""Page breaks where a reader needs them: what belongs together is kept on one page.

Done on the rendered document (after docxtpl, before the tables are laid out), so that every
template gets it, a secretary's own included, without a change in Word:

- Widow and orphan control on (w:widowControl in the document's paragraph defaults): no single
  line of a paragraph alone at the foot or the top of a page. A style that turns it off keeps that.
- A heading is kept with what follows it (w:keepNext): a paragraph whose style, or the style it is
  based on, has an outline level (Word's «Overskrift 1» … and a secretary's own heading styles),
  or that has one itself. Empty paragraphs right after it (spacing in a template) are kept along,
  so the heading never ends a page with only white below it.
- A paragraph that ends with a colon and introduces a list or a table («… for perioden
  2025–2026:») is kept with the list's first item (or the table's first row).
- A picture and its caption stay together: a paragraph that holds only a picture is kept with a
  caption after it, a caption above a picture is kept with it. A caption is a paragraph in the
  style «Caption» (Word's «Bildetekst») or one that begins «Figur 1», «Fig. 2», «Tabell 3» ….

LibreOffice honours w:keepNext as «keep with next paragraph»: when the pair does not fit on the
page together, both move to the next page; a heading and its first lines are never parted.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from politidok.render.tables import _PPR_ORDER, _set_ppr

CAPTION = re.compile(r"^\s*(figur|fig\.|bilde|bilete|illustrasjon|diagram|kart|tabell)\s*\d", re.IGNORECASE)
CAPTION_STYLES = {"caption", "bildetekst"}  # w:name of the style (Word's built-in name is «caption»)
_DRAWING = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


class _Styles:
    """What the paragraph styles say about outline level, lists and captions (following basedOn)."""

    def __init__(self, document: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self._default: str | None = None
        for style in document.styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            sid = style.get(qn("w:styleId"))
            if sid is not None:
                self._by_id[sid] = style
                if style.get(qn("w:default")) in ("1", "true", "on"):
                    self._default = sid

    def _chain(self, paragraph: Any) -> list[Any]:
        props = paragraph.find(qn("w:pPr"))
        ref = props.find(qn("w:pStyle")) if props is not None else None
        sid = ref.get(qn("w:val")) if ref is not None else self._default
        chain, seen = [], set()
        while sid is not None and sid in self._by_id and sid not in seen:
            seen.add(sid)
            style = self._by_id[sid]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return chain

    def _first(self, paragraph: Any, tag: str) -> Any:
        """The property `tag` of the paragraph: its own, else the nearest style's that sets it."""
        props = paragraph.find(qn("w:pPr"))
        own = props.find(qn(tag)) if props is not None else None
        if own is not None:
            return own
        for style in self._chain(paragraph):
            found = style.find(qn("w:pPr") + "/" + qn(tag))
            if found is not None:
                return found
        return None

    def is_heading(self, paragraph: Any) -> bool:
        level = self._first(paragraph, "w:outlineLvl")
        if level is not None:
            value = level.get(qn("w:val"), "9")
            return value.isdigit() and int(value) < 9
        return any(_name(s).startswith("heading ") for s in self._chain(paragraph))

    def is_list_item(self, paragraph: Any) -> bool:
        numbering = self._first(paragraph, "w:numPr")
        if numbering is None:
            return False
        num_id = numbering.find(qn("w:numId"))
        return num_id is None or num_id.get(qn("w:val"), "1") != "0"

    def is_caption(self, paragraph: Any) -> bool:
        if any(_name(s) in CAPTION_STYLES for s in self._chain(paragraph)[:1]):
            return True
        return bool(CAPTION.match(_text(paragraph)))


def _name(style: Any) -> str:
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val"), "") if name is not None else "").casefold()


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _is_picture(paragraph: Any) -> bool:
    """A paragraph that holds a picture and no text."""
    return next(paragraph.iter(*_DRAWING), None) is not None and not _text(paragraph).strip()


def _is_empty(paragraph: Any) -> bool:
    return not _text(paragraph).strip() and next(paragraph.iter(*_DRAWING), None) is None


def _breaks_section(paragraph: Any) -> bool:
    return paragraph.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None


def widow_control(document: Any) -> None:
    """Widow and orphan control in the paragraph defaults of the document's styles."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, defaults)
    p_default = defaults.find(qn("w:pPrDefault"))
    if p_default is None:
        p_default = etree.SubElement(defaults, qn("w:pPrDefault"))
    props = p_default.find(qn("w:pPr"))
    if props is None:
        props = etree.SubElement(p_default, qn("w:pPr"))
    control = props.find(qn("w:widowControl"))
    if control is None:
        control = etree.Element(qn("w:widowControl"))
        later = _PPR_ORDER[_PPR_ORDER.index("w:widowControl") + 1 :]
        anchor = next((c for c in props if any(c.tag == qn(t) for t in later)), None)
        if anchor is not None:
            anchor.addprevious(control)
        else:
            props.append(control)
    control.attrib.pop(qn("w:val"), None)


def keep_together(document: Any) -> int:
    """Widow control on, and w:keepNext where a reader needs it (module doc); returns how many paragraphs
    got w:keepNext."""
    widow_control(document)
    styles = _Styles(document)
    body = document.element.body
    blocks = [b for b in body if b.tag in (qn("w:p"), qn("w:tbl"))]
    kept = 0

    def keep(paragraph: Any) -> None:
        nonlocal kept
        _set_ppr(paragraph, "w:keepNext")
        paragraph.find(qn("w:pPr") + "/" + qn("w:keepNext")).attrib.pop(qn("w:val"), None)  # «not kept»: kept
        kept += 1

    for i, block in enumerate(blocks):
        if block.tag != qn("w:p") or _breaks_section(block) or i + 1 >= len(blocks):
            continue
        after = blocks[i + 1]
        if styles.is_heading(block) and not _is_empty(block):
            keep(block)
            j = i + 1  # and the empty paragraphs between it and its text
            while j + 1 < len(blocks) and blocks[j].tag == qn("w:p") and _is_empty(blocks[j]):
                if not _breaks_section(blocks[j]):
                    keep(blocks[j])
                j += 1
            continue
        introduces = _text(block).rstrip().endswith(":") and (
            after.tag == qn("w:tbl") or (after.tag == qn("w:p") and styles.is_list_item(after))
        )
        captioned = after.tag == qn("w:p") and (
            (_is_picture(block) and styles.is_caption(after)) or (styles.is_caption(block) and _is_picture(after))
        )
        if introduces or captioned:
            keep(block)
    return kept
