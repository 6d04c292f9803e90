"""How wide text comes out: Carlito (the templates' Calibri) advance widths, and the font size and
boldness a paragraph's style gives (following basedOn)."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from docx.oxml.ns import qn

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/crosextra"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
]
FONTS = {
    False: ["Carlito-Regular.ttf", "LiberationSans-Regular.ttf"],
    True: ["Carlito-Bold.ttf", "LiberationSans-Bold.ttf"],
}


@cache
def _font(bold: bool):
    from PIL import ImageFont

    for folder in FONT_DIRS:
        for name in FONTS[bold]:
            if (folder / name).is_file():
                return ImageFont.truetype(str(folder / name), 1000)
    return None


def text_width(text: str, size_pt: float = 11, bold: bool = False) -> float:
    """The width of `text` in twips (Carlito, the templates' Calibri, at `size_pt`)."""
    return _em(text, bold) * size_pt * 20


@lru_cache(maxsize=1 << 16)
def _em(text: str, bold: bool) -> float:
    """The width of `text` in em (the same words come back in every table of every document)."""
    font = _font(bold)
    return font.getlength(text) / 1000 if font is not None else 0.5 * len(text)


class Styles:
    """Font size and boldness of paragraph styles (following basedOn), from the document's styles part."""

    def __init__(self, document) -> None:
        self._styles = {s.style_id: s for s in document.styles if s.type == 1}  # WD_STYLE_TYPE.PARAGRAPH
        default = next(
            (
                s
                for s in document.styles
                if s.type == 1 and getattr(s, "_element", None) is not None and s._element.get(qn("w:default")) == "1"
            ),
            None,
        )
        self._default = default.style_id if default is not None else None

    def of(self, paragraph) -> tuple[float, bool]:
        props = paragraph.find(qn("w:pPr"))
        ref = props.find(qn("w:pStyle")) if props is not None else None
        style = self._styles.get(ref.get(qn("w:val")) if ref is not None else self._default)
        size, bold = None, None
        while style is not None and (size is None or bold is None):
            font = style.font
            if size is None and font.size is not None:
                size = font.size.pt
            if bold is None and font.bold is not None:
                bold = font.bold
            style = style.base_style
        return (size or 11.0), bool(bold)

    def keeps_with_next(self, paragraph) -> bool:
        """Is the paragraph kept with the next (directly, or by its style: headings are)?"""
        props = paragraph.find(qn("w:pPr"))
        direct = props.find(qn("w:keepNext")) if props is not None else None
        if direct is not None:
            return direct.get(qn("w:val"), "true") not in ("0", "false", "off")
        ref = props.find(qn("w:pStyle")) if props is not None else None
        style = self._styles.get(ref.get(qn("w:val")) if ref is not None else self._default)
        while style is not None:
            if style.paragraph_format.keep_with_next is not None:
                return style.paragraph_format.keep_with_next
            style = style.base_style
        return False
