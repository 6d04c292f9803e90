"""A pack as a reader expects it: a contents page listing the parts with their pages, one page number
on every page (the pack's, the one to cite) and «Vedlegg n» on each attachment's pages.

The contents page is the pack's first page and tagged content (a heading and a table, in the
structure tree as a Part of its own, with the language of the pack). A record system numbers a
meeting pack as one document: each part's own footer number («Side 1 av 4», drawn by LibreOffice
as an artifact) is taken out and the pack's number («Side 3 av 12») put where it stood, in the same
size; an attachment's pages also get «Vedlegg 1» at the top right. A part whose own number cannot
be found (a PDF from elsewhere, a template with another footer) keeps its footer and gets the pack's
number at the top instead («Vedlegg 1 – side 5 av 12»). The stamps are pagination artifacts (a
screen reader skips them); the structure tree is not touched. Text is set in Carlito (the
documents' font), embedded as a subset with its widths and a ToUnicode map (PDF/A-2a, PDF/UA-1);
the subset is the same for the same text, so the bytes of a pack are the same from build to build.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from politidok.assemble.footer import Footer, own_number
from politidok.core.paths import cache_dir

FONT_DIRS = [Path("/usr/share/fonts/truetype/crosextra"), Path("/usr/share/fonts/truetype/liberation2")]
FONT_FILES = {
    "regular": ["Carlito-Regular.ttf", "LiberationSans-Regular.ttf"],
    "bold": ["Carlito-Bold.ttf", "LiberationSans-Bold.ttf"],
}
WORDS = {
    "nb": {"innhold": "Innhold", "del": "Del", "sider": "Sider", "side": "Side", "av": "av", "vedlegg": "Vedlegg"},
    "nn": {"innhold": "Innhald", "del": "Del", "sider": "Sider", "side": "Side", "av": "av", "vedlegg": "Vedlegg"},
}
MARGIN = 70.9  # 25 mm
ACCENT = (0.122, 0.227, 0.376)
GREY = (0.3, 0.3, 0.3)


@dataclass(frozen=True)
class Section:
    """A part of the pack: its title, its first page (0-based, without the contents page) and page count;
    `attachment` is its number as an attachment (0: the main document)."""

    title: str
    first: int
    pages: int
    attachment: int


def words(language: str) -> dict[str, str]:
    return WORDS["nn" if language.lower().startswith("nn") else "nb"]


def page_range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


# ------------------------------------------------------------------ fonts


@cache
def _font_file(style: str) -> Path:
    for folder in FONT_DIRS:
        for name in FONT_FILES[style]:
            if (folder / name).is_file():
                return folder / name
    raise FileNotFoundError("Carlito/Liberation Sans (fonts-crosextra-carlito)")


@cache
def _metrics(style: str):
    from fontTools.ttLib import TTFont

    _quiet()
    font = TTFont(str(_font_file(style)), recalcTimestamp=False, lazy=True)
    cmap = font.getBestCmap()
    scale = 1000 / font["head"].unitsPerEm
    widths = {cp: font["hmtx"][name][0] * scale for cp, name in cmap.items()}
    gids = {cp: font.getGlyphID(name) for cp, name in cmap.items()}
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    box = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
    cap = round(getattr(os2, "sCapHeight", 0) * scale) or round(hhea.ascent * scale * 0.7)
    return widths, gids, box, round(hhea.ascent * scale), round(hhea.descent * scale), cap


def text_width(text: str, size: float, style: str = "regular") -> float:
    widths = _metrics(style)[0]
    return sum(widths.get(ord(ch), 500) for ch in text) * size / 1000


def _options():
    from fontTools import subset

    options = subset.Options()
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = ["*"]
    return options


LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x2027), 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122]


@cache
def _latin(style: str) -> tuple[bytes, frozenset[int]]:
    """The font cut down to the Latin letters and punctuation (a pack's own subset is then made from this, a
    tenth of the work of cutting the whole font every time): once per process, and kept in the user cache
    under the font's and fontTools' digest (cutting takes almost a second a style)."""
    import fontTools
    from fontTools import subset
    from fontTools.ttLib import TTFont

    _quiet()
    source = _font_file(style).read_bytes()
    key = hashlib.sha256(source + f"{fontTools.version} {LATIN} {_CUT}".encode()).hexdigest()[:20]
    kept = cache_dir("fonts") / f"latin-{style}-{key}.ttf"
    try:
        data = kept.read_bytes()
        return data, frozenset(TTFont(io.BytesIO(data), lazy=True).getBestCmap())  # its cmap: what it covers
    except Exception:  # noqa: BLE001, S110 - missing, unreadable or damaged: cut it again
        pass
    font = TTFont(io.BytesIO(source), recalcTimestamp=False)
    present = frozenset(cp for cp in LATIN if cp in font.getBestCmap())
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    try:  # written whole or not at all; a cache that cannot be written only costs the time
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, kept)
    except OSError:
        pass
    return data, present


_CUT = 1  # the version of the cut above: change it when _options() or the cut changes


def _quiet() -> None:
    """fontTools warns on the fonts' old creation dates («timestamp seems very low»): not for the build's log."""
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)


class Fonts:
    """The fonts of the stamps and the contents page, embedded once per pack (subsets of what is used)."""

    def __init__(self, pdf: pikepdf.Pdf, texts: dict[str, set[str]]) -> None:
        self.gids: dict[str, dict[int, int]] = {}
        self.objects = {style: self._embed(pdf, style, "".join(sorted(chars))) for style, chars in texts.items()}

    @staticmethod
    def name(style: str) -> Name:
        return Name(f"/PolitidokF{'B' if style == 'bold' else 'R'}")

    def encode(self, text: str, style: str) -> bytes:
        gids = self.gids[style]
        return b"".join(gids.get(ord(ch), 0).to_bytes(2, "big") for ch in text)

    def _embed(self, pdf: pikepdf.Pdf, style: str, chars: str):
        from fontTools import subset
        from fontTools.ttLib import TTFont

        widths, full_gids, box, ascent, descent, cap = _metrics(style)
        used = sorted({ord(ch) for ch in chars if ord(ch) in full_gids})
        latin, covered = _latin(style)
        source = io.BytesIO(latin) if set(used) <= covered else str(_font_file(style))
        font = TTFont(source, recalcTimestamp=False)
        subsetter = subset.Subsetter(_options())
        subsetter.populate(unicodes=used)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        program = buffer.getvalue()
        cmap = font.getBestCmap()
        gids = self.gids[style] = {cp: font.getGlyphID(cmap[cp]) for cp in used if cp in cmap}  # CID = glyph id
        count = len(font.getGlyphOrder())
        cid_set = bytearray((count + 7) // 8)  # every glyph of the subset is present
        for gid in range(count):
            cid_set[gid // 8] |= 0x80 >> (gid % 8)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])
        base = Name(f"/{tag}+{font['name'].getDebugName(6) or 'Carlito'}")
        descriptor = pdf.make_indirect(
            Dictionary(
                Type=Name.FontDescriptor,
                FontName=base,
                Flags=32,
                FontBBox=Array(box),
                ItalicAngle=0,
                Ascent=ascent,
                Descent=descent,
                CapHeight=cap,
                StemV=120 if style == "bold" else 80,
                FontFile2=pdf.make_stream(program, Length1=len(program)),
                CIDSet=pdf.make_stream(bytes(cid_set)),
            )
        )
        w = Array()
        for cp in sorted(gids, key=lambda cp: gids[cp]):
            w.append(gids[cp])
            w.append(Array([round(widths[cp])]))
        cid = pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.CIDFontType2,
                BaseFont=base,
                CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
                FontDescriptor=descriptor,
                DW=1000,
                W=w,
                CIDToGIDMap=Name.Identity,
            )
        )
        lines = "\n".join(f"<{gids[cp]:04X}> <{cp:04X}>" for cp in sorted(gids, key=lambda cp: gids[cp]))
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{len(gids)} beginbfchar\n{lines}\nendbfchar\nendcmap\n"
            "CMapName currentdict /CMap defineresource pop\nend\nend\n"
        )
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type0,
                BaseFont=base,
                Encoding=Name("/Identity-H"),
                DescendantFonts=Array([cid]),
                ToUnicode=pdf.make_stream(cmap.encode("ascii")),
            )
        )

    def add_to(self, page: pikepdf.Page) -> None:
        resources = page.obj.get("/Resources")
        if resources is None:
            resources = page.obj.Resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = resources.Font = Dictionary()
        for style, obj in self.objects.items():
            fonts[self.name(style)] = obj


def _show(fonts: Fonts, text: str, x: float, y: float, size: float, style: str, color) -> bytes:
    r, g, b = color
    return (
        f"BT {r} {g} {b} rg /{str(Fonts.name(style))[1:]} {size} Tf {x:.2f} {y:.2f} Td <".encode()
        + fonts.encode(text, style).hex().upper().encode()
        + b"> Tj ET\n"
    )


# ------------------------------------------------------------------ stamps


def stamp_text(section: Section, page: int, total: int, language: str) -> str:
    """The pack's number at the top of a page whose own number was not found: «Side 3 av 12», or on an
    attachment's page «Vedlegg 1 – side 5 av 12»."""
    w = words(language)
    if section.attachment:
        return f"{w['vedlegg']} {section.attachment} – {w['side'].lower()} {page} {w['av']} {total}"
    return f"{w['side']} {page} {w['av']} {total}"


def number_text(page: int, total: int, language: str) -> str:
    """The pack's number where the part's own stood: «Side 3 av 12»."""
    w = words(language)
    return f"{w['side']} {page} {w['av']} {total}"


def attachment_text(section: Section, language: str) -> str:
    """«Vedlegg 1» at the top of an attachment's pages (their number is at the foot)."""
    return f"{words(language)['vedlegg']} {section.attachment}"


def _replace_number(pdf: pikepdf.Pdf, page: pikepdf.Page, footer: Footer, fonts: Fonts, text: str) -> None:
    """The part's own number out of the page's content, the pack's in its place."""
    kept = [ins for i, ins in enumerate(pikepdf.parse_content_stream(page)) if i not in footer.drop]
    middle = footer.left + text_width(footer.text, footer.size) / 2  # (the same font: Carlito)
    x = middle - text_width(text, footer.size) / 2
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    _draw(pdf, page, fonts, _show(fonts, text, x, footer.y, footer.size, "regular", (0, 0, 0)), "Footer")


def _draw(pdf: pikepdf.Pdf, page: pikepdf.Page, fonts: Fonts, drawing: bytes, where: str) -> None:
    stream = b"Q\nq\n/Artifact <</Type /Pagination /Subtype /" + where.encode() + b">> BDC\n" + drawing + b"EMC\nQ\n"
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(stream), prepend=False)
    fonts.add_to(page)


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, fonts: Fonts, text: str) -> None:
    box = [float(v) for v in page.mediabox]
    size = 8.0
    x = box[2] - 42.5 - text_width(text, size)
    y = box[3] - 24.0
    _draw(pdf, page, fonts, _show(fonts, text, x, y, size, "regular", GREY), "Header")


# ------------------------------------------------------------------ the contents page


def _wrap(text: str, width: float, size: float, style: str = "regular") -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, style) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines or [""]


def contents_rows(sections: list[Section], front: int) -> list[tuple[str, str]]:
    """(title, pages) of each part, numbered in the pack with `front` contents pages first."""
    return [(s.title, page_range(front + s.first + 1, front + s.first + s.pages)) for s in sections]


def add_contents_page(pdf: pikepdf.Pdf, sections: list[Section], title: str, language: str, fonts: Fonts):
    """Insert the contents page at the front; returns its Part structure element (or None if untagged)."""
    w = words(language)
    box = pdf.pages[0].mediabox
    width, height = float(box[2]), float(box[3])
    rows = contents_rows(sections, 1)
    content = io.BytesIO()
    marks: list[Dictionary] = []  # the structure element of each MCID, in order
    tagged = "/StructTreeRoot" in pdf.Root
    page_dict = pdf.make_indirect(
        Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, width, height]), Resources=Dictionary(), Contents=pdf.make_stream(b"")
        )
    )

    def element(kind: str, parent: Dictionary | None, **extra) -> Dictionary:
        e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind), K=Array(), **extra))
        if parent is not None:
            e.P = parent
            parent.K.append(e)
        return e

    def marked(e: Dictionary, drawing: bytes) -> None:
        mcid = len(marks)
        marks.append(e)
        e.K.append(mcid)
        e.Pg = page_dict
        content.write(f"/{str(e.S)[1:]} <</MCID {mcid}>> BDC\n".encode() + drawing + b"EMC\n")

    part = element("Part", None, T=String(w["innhold"]))
    y = height - MARGIN - 10
    heading = element("H1", part)
    marked(heading, _show(fonts, w["innhold"], MARGIN, y, 16, "bold", ACCENT))
    y -= 24
    lead = element("P", part)
    lines = _wrap(title, width - 2 * MARGIN, 11)
    marked(lead, b"".join(_show(fonts, t, MARGIN, y - 14 * i, 11, "regular", (0, 0, 0)) for i, t in enumerate(lines)))
    y -= 14 * len(lines) + 16
    table = element("Table", part)
    right = width - MARGIN
    title_width = right - 60 - MARGIN
    header = element("TR", table)
    for text, x_right in ((w["del"], None), (w["sider"], right)):
        th = element("TH", header, A=Dictionary(O=Name.Table, Scope=Name.Column))
        x = MARGIN if x_right is None else x_right - text_width(text, 10, "bold")
        marked(th, _show(fonts, text, x, y, 10, "bold", (0, 0, 0)))
    rule = f"{GREY[0]} {GREY[1]} {GREY[2]} RG 0.5 w {MARGIN:.2f} {y - 5:.2f} m {right:.2f} {y - 5:.2f} l S\n"
    content.write(b"/Artifact BMC\n" + rule.encode() + b"EMC\n")
    y -= 20
    for row_title, pages in rows:
        tr = element("TR", table)
        lines = _wrap(row_title, title_width, 10)
        marked(
            element("TD", tr),
            b"".join(_show(fonts, t, MARGIN, y - 13 * i, 10, "regular", (0, 0, 0)) for i, t in enumerate(lines)),
        )
        marked(element("TD", tr), _show(fonts, pages, right - text_width(pages, 10), y, 10, "regular", (0, 0, 0)))
        y -= 13 * len(lines) + 7
    page_dict.Contents = pdf.make_stream(content.getvalue())
    pdf.pages.insert(0, pikepdf.Page(page_dict))
    page = pdf.pages[0]
    fonts.add_to(page)
    if not tagged:
        return None
    root = pdf.Root.StructTreeRoot
    key = _next_key(root)
    page.obj.StructParents = key
    page.obj.Tabs = Name.S
    nums = _nums(root.ParentTree)
    nums += [key, pdf.make_indirect(Array(marks))]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key + 1
    return part


def _nums(tree: Any) -> list:
    out = list(tree.get("/Nums", []))
    for kid in tree.get("/Kids", []):
        out += _nums(kid)
    return out


def _next_key(root: Any) -> int:
    keys = [int(k) for k in _nums(root.ParentTree)[::2]] if "/ParentTree" in root else []
    return max([*keys, int(root.get("/ParentTreeNextKey", 0)) - 1]) + 1


def stamp_pack(pdf: pikepdf.Pdf, sections: list[Section], title: str, language: str):
    """Contents page first, then every page numbered in the pack; returns the contents page's Part (tagged
    packs)."""
    total = 1 + sum(s.pages for s in sections)
    w = words(language)
    pages = [(s, n, pdf.pages[s.first + n]) for s in sections for n in range(s.pages)]
    feet = [own_number(page, n + 1, s.pages) for s, n, page in pages]
    numbers = [number_text(2 + s.first + n, total, language) for s, n, _page in pages]
    tops = [
        (attachment_text(s, language) if s.attachment else "")
        if foot is not None
        else stamp_text(s, 2 + s.first + n, total, language)
        for (s, n, _page), foot in zip(pages, feet)
    ]
    first = next((f for f in feet if f is not None), None)  # where the contents page's number goes
    front = number_text(1, total, language)
    rows = contents_rows(sections, 1)
    regular = set("".join(numbers) + "".join(tops) + front + title + "".join(t + p for t, p in rows))
    bold = set(w["innhold"] + w["del"] + w["sider"])
    fonts = Fonts(pdf, {"regular": regular, "bold": bold})
    for (_s, _n, page), foot, number, top in zip(pages, feet, numbers, tops):
        if foot is not None:
            _replace_number(pdf, page, foot, fonts, number)
        if top:
            _stamp(pdf, page, fonts, top)
    part = add_contents_page(pdf, sections, title, language, fonts)
    if first is not None:
        middle = (float(pdf.pages[0].mediabox[0]) + float(pdf.pages[0].mediabox[2])) / 2
        x = middle - text_width(front, first.size) / 2
        _draw(pdf, pdf.pages[0], fonts, _show(fonts, front, x, first.y, first.size, "regular", (0, 0, 0)), "Footer")
    else:
        _stamp(pdf, pdf.pages[0], fonts, front)
    return part
