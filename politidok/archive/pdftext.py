"""Every text a PDF holds, fast: page text, metadata, bookmarks, the structure tree and fields.

For the leak gate (archive.leaks), which reads every public PDF of every build. pypdf's text
extraction takes ~14 ms per page (0.9 s for the Hallingdal year); this reads the same text in a
fraction of that, because the gate needs no layout, only the characters in drawing order:

- page text: the content streams (and the form XObjects they draw) tokenised with one regular
  expression; each shown string is decoded through its font's /ToUnicode map (or its simple
  encoding). Text in marked content /Artifact (headers, footers, page numbers) is kept apart from
  the body text, so that a sentence broken over a page break is also found in the body text.
  A page with a font that cannot be decoded this way (a CID font without /ToUnicode) is read
  with pypdf instead;
- every string of the file's objects outside stream data (the Info dictionary, bookmark titles,
  the structure tree's /Alt, /ActualText, /T and /E, field names and tooltips, link URIs), from
  the file's bytes and from its object streams, decoded as PDF text strings, each with its key;
- the XMP metadata stream.
"""

from __future__ import annotations

import codecs
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pikepdf

_NAME = rb"[^\s/\[\]()<>{}%]+"
_LITERAL = rb"\((?:[^\\()]|\\.|\((?:[^\\()]|\\.)*\))*\)"
# One token of a content stream. Every branch begins with a literal character, so that re compiles a
# set of first characters and skips ahead to the next candidate (a branch that begins with a group
# would make it try every branch at every byte: three times slower).
_CONTENT = re.compile(
    rb"\[(?P<array>(?:[^\]()]|" + _LITERAL + rb")*\]\s*TJ)"
    rb"|\((?P<lit>(?:[^\\()]|\\.|\((?:[^\\()]|\\.)*\))*)\)"
    rb"|/(?:(?P<art>Artifact\s*(?:<<.*?>>\s*)?BDC|Artifact\s+BMC)"
    rb"|(?P<font>" + _NAME + rb")\s+[-+0-9.]+\s+Tf"
    rb"|(?P<xobject>" + _NAME + rb")\s+Do)"
    rb"|<(?P<dict><.*?>>)"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>"
    rb"|B(?P<mark>[DM]C)\b"
    rb"|E(?P<emc>MC)\b"
    rb"|B(?P<image>I\s.*?\sID\s.*?\sEI)\b"
    rb"|%(?P<comment>[^\r\n]*)",
    re.DOTALL,
)
_PIECE = re.compile(rb"\((?P<lit>(?:[^\\()]|\\.|\((?:[^\\()]|\\.)*\))*)\)|<(?P<hex>[0-9A-Fa-f\s]*)>", re.DOTALL)
_KEY = re.compile(rb"/(" + _NAME + rb")\s*$")
_ESCAPE = re.compile(rb"\\([nrtbf()\\]|[0-7]{1,3}|\r\n|\r|\n)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}
# PDFDocEncoding where it differs from Latin-1 (PDF 32000-1, annex D)
_PDFDOC = {
    **dict(zip(range(0x18, 0x20), "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc", strict=True)),
    **dict(
        zip(
            range(0x80, 0x9F),
            "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
            "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e",
            strict=True,
        )
    ),
    0xA0: "\u20ac",
}
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")
_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
MAX_DEPTH = 8  # form XObjects drawn inside form XObjects


@dataclass
class PdfText:
    """The texts of one PDF, each with where it was found (Norwegian, for a message)."""

    # per page: (its text but artifacts, in drawing order; its artifacts: headers, footers, page numbers).
    # The bodies of consecutive pages join up: a sentence over a page break is one run.
    pages: list[tuple[str, str]] = field(default_factory=list)
    strings: list[tuple[str, str]] = field(default_factory=list)  # (where, text) of the file's objects


def unescape(raw: bytes) -> bytes:
    """The bytes of a literal string's body (without its parentheses)."""
    if b"\\" not in raw:
        return raw

    def one(m: re.Match) -> bytes:
        code = m.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return b""  # a line continuation

    return _ESCAPE.sub(one, raw)


def _hex(raw: bytes) -> bytes:
    try:
        return bytes.fromhex(raw.decode("ascii"))  # whitespace between digits is skipped
    except ValueError:  # an odd number of digits: the last is followed by 0
        digits = re.sub(rb"\s", b"", raw)
        return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode("ascii"))


# neighbouring strings of a TJ array merged before decoding (fewer pieces to decode one by one): hex
# strings always; literal strings when the first does not end in an escaped parenthesis
_ADJACENT_HEX = re.compile(rb">\s*[-+0-9.]*\s*<")
_ADJACENT_LITERAL = re.compile(rb"(?<!\\)\)\s*[-+0-9.]*\s*\(")


def _pieces(raw: bytes) -> bytes:
    """The bytes of every string in a TJ array, joined."""
    raw = _ADJACENT_HEX.sub(b"", raw)
    if b"(" in raw:
        raw = _ADJACENT_LITERAL.sub(b"", raw)
    return b"".join(
        unescape(m.group("lit")) if m.group("lit") is not None else _hex(m.group("hex")) for m in _PIECE.finditer(raw)
    )


def text_string(data: bytes) -> str:
    """A PDF text string: UTF-16 with a byte order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding."""
    if data[:2] in (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE):
        return data.decode("utf-16", "replace")
    if data[:3] == codecs.BOM_UTF8:
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1").translate(_PDFDOC)


class _Font:
    """How a font's character codes become text."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.width = 1
        self.table: dict[int, str] = {}
        self.ok = True
        composite = font.get("/Subtype") == pikepdf.Name.Type0
        cmap = font.get("/ToUnicode")
        if isinstance(cmap, pikepdf.Stream):
            try:
                self._cmap(cmap.read_bytes())
            except (pikepdf.PdfError, ValueError):
                self.table = {}
        if composite:
            self.width = 2
            self.ok = bool(self.table)  # CIDs without /ToUnicode: not decodable here
        elif not self.table:
            self._simple(font)

    def _cmap(self, data: bytes) -> None:
        for block in _BFCHAR.findall(data):
            codes = _HEX.findall(block)
            for src, dst in zip(codes[::2], codes[1::2], strict=False):
                self._width_of(src)
                self.table[int(src, 16)] = _utf16(dst)
        for block in _BFRANGE.findall(data):
            for lo, hi, dst in _RANGE.findall(block):
                self._width_of(lo)
                first, last = int(lo, 16), int(hi, 16)
                if last - first > 0xFFFF:
                    continue
                if dst.startswith(b"["):
                    for code, item in zip(range(first, last + 1), _HEX.findall(dst), strict=False):
                        self.table[code] = _utf16(item)
                else:
                    base = _hex(dst[1:-1])
                    for offset, code in enumerate(range(first, last + 1)):
                        value = base[:-2] + (int.from_bytes(base[-2:], "big") + offset).to_bytes(2, "big")
                        self.table[code] = value.decode("utf-16-be", "replace")

    def _width_of(self, src: bytes) -> None:
        if len(re.sub(rb"\s", b"", src)) > 2:
            self.width = 2

    def _simple(self, font: pikepdf.Dictionary) -> None:
        encoding = font.get("/Encoding")
        base, differences = "/StandardEncoding", None
        if isinstance(encoding, pikepdf.Name):
            base = str(encoding)
        elif isinstance(encoding, pikepdf.Dictionary):
            base = str(encoding.get("/BaseEncoding", base))
            differences = encoding.get("/Differences")
        codec = _ENCODINGS.get(base, "cp1252")
        self.table = {code: bytes([code]).decode(codec, "replace") for code in range(256)}
        if isinstance(differences, pikepdf.Array):
            names = _glyph_names()
            code = 0
            for item in differences:
                if isinstance(item, pikepdf.Name):
                    glyph = str(item)[1:]
                    uni = re.fullmatch(r"uni([0-9A-Fa-f]{4})|u([0-9A-Fa-f]{4,6})", glyph)  # 'uni00E5', 'u00E5'
                    self.table[code] = names.get(glyph) or (chr(int(uni[1] or uni[2], 16)) if uni else glyph[:1])
                    code += 1
                else:
                    code = int(item)

    def decode(self, data: bytes) -> str:
        if self.width == 1:
            return data.decode("latin-1").translate(self.table)
        if len(data) % 2:
            data += b"\0"
        codes = array("H", data)
        codes.byteswap()  # big-endian codes
        get = self.table.get
        return "".join(get(c, "") for c in codes)


def _utf16(raw: bytes) -> str:
    return _hex(raw).decode("utf-16-be", "replace")


@lru_cache(maxsize=1)
def _glyph_names() -> dict[str, str]:
    """The Adobe glyph list (pypdf's), for fonts with /Differences and no /ToUnicode."""
    from pypdf._codecs.adobe_glyphs import adobe_glyphs

    return {name.lstrip("/"): text for name, text in adobe_glyphs.items()}


def _font_key(font: pikepdf.Dictionary) -> bytes:
    """What decides how a font's codes become text: its kind, its /ToUnicode map, else its encoding."""
    cmap = font.get("/ToUnicode")
    if isinstance(cmap, pikepdf.Stream):
        return str(font.get("/Subtype")).encode() + b"\0" + _raw(cmap)
    return str(font.get("/Subtype")).encode() + b"\0" + repr(font.get("/Encoding")).encode()


# fonts already read, by _font_key (a pack repeats the fonts of its parts; a warm server, of earlier builds)
_FONTS: dict[bytes, _Font] = {}


class _Reader:
    def font(self, resources: pikepdf.Dictionary | None, name: bytes) -> _Font | None:
        fonts = resources.get("/Font") if resources is not None else None
        font = fonts.get("/" + name.decode("latin-1")) if isinstance(fonts, pikepdf.Dictionary) else None
        if not isinstance(font, pikepdf.Dictionary):
            return None
        key = _font_key(font)
        found = _FONTS.get(key)  # one lookup: another build's thread (--alle) may clear the cache meanwhile
        if found is None:
            if len(_FONTS) >= _PAGES_LIMIT:
                _FONTS.clear()
            found = _FONTS[key] = _Font(font)
        return found

    def stream_text(
        self, data: bytes, resources, body: list[str], artifacts: list[str], extra: list[str], depth: int = 0
    ) -> bool:
        """Append the text drawn by one content stream to `body` or `artifacts` (and property lists'
        /Alt and /E to `extra`); False when a font could not be decoded."""
        font: _Font | None = None
        marks: list[tuple[bool, bool]] = []  # open marked-content sequences: (artifact, replaced by /ActualText)
        artifact = replaced = 0
        pending: dict[str, str] = {}  # the property list of the BDC that follows
        ok = True
        fonts: dict[bytes, _Font | None] = {}
        for m in _CONTENT.finditer(data):
            kind = m.lastgroup
            if kind in ("array", "lit", "hex"):
                if replaced:
                    continue
                if kind == "array":
                    raw = _pieces(m.group())
                else:
                    raw = unescape(m.group(kind)) if kind == "lit" else _hex(m.group(kind))
                if font is None:
                    text = raw.decode("latin-1")
                else:
                    ok = ok and font.ok
                    text = font.decode(raw)
                (artifacts if artifact else body).append(text)
            elif kind == "font":
                name = m.group("font")
                if name not in fonts:
                    fonts[name] = self.font(resources, name)
                font = fonts[name]
            elif kind == "art":
                marks.append((True, False))
                artifact += 1
                pending = {}
            elif kind == "dict":  # most are <</MCID n>>: no string to read
                raw = m.group("dict")
                pending = _properties(raw) if b"(" in raw or b"<" in raw[1:] else {}
            elif kind == "mark":
                actual = pending.get("ActualText") if m.group() == b"BDC" else None
                extra += [pending[k] for k in ("Alt", "E") if k in pending]
                pending = {}
                if actual is not None and not replaced:
                    (artifacts if artifact else body).append(actual)  # the text the glyphs stand for
                marks.append((False, actual is not None))
                replaced += actual is not None
            elif kind == "emc":
                if marks:
                    was_artifact, was_replaced = marks.pop()
                    artifact -= was_artifact
                    replaced -= was_replaced
            elif kind == "xobject" and depth < MAX_DEPTH and not replaced:
                xobjects = resources.get("/XObject") if resources is not None else None
                form = xobjects.get("/" + m.group("xobject").decode("latin-1")) if xobjects is not None else None
                if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == pikepdf.Name.Form:
                    inner = form.get("/Resources", resources)
                    into = artifacts if artifact else body
                    ok = self.stream_text(_data(form), inner, into, artifacts, extra, depth + 1) and ok
        return ok


def _properties(raw: bytes) -> dict[str, str]:
    """The text strings of a property list, by key (/ActualText, /Alt, /E, /Lang …)."""
    return {key: text for key, text in _strings(raw) if key}


def _strings(data: bytes) -> list[tuple[str, str]]:
    """Every string in a stretch of PDF syntax (no stream data), with the key it is the value of ('' for none)."""
    out = []
    for m in _PIECE.finditer(data):
        raw = unescape(m.group("lit")) if m.group("lit") is not None else _hex(m.group("hex"))
        key = _KEY.search(data, max(0, m.start() - 80), m.start())
        out.append((key.group(1).decode("latin-1") if key else "", text_string(raw)))
    return out


def _data(stream: pikepdf.Stream) -> bytes:
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:
        return b""


def _page_data(page: pikepdf.Page) -> bytes:
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return _data(contents)
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(_data(c) for c in contents if isinstance(c, pikepdf.Stream))
    return b""


# pages already read, by what their text depends on (a pack repeats the pages of its parts)
_PAGES: dict[bytes, tuple[str, str, tuple[str, ...], bool]] = {}
_PAGES_LIMIT = 5000


def _raw(obj) -> bytes:
    try:
        return obj.read_raw_bytes() if isinstance(obj, pikepdf.Stream) else repr(obj).encode()
    except pikepdf.PdfError:
        return b""


def _page_key(page: pikepdf.Page) -> bytes:
    """A digest of a page's content streams and of the fonts and forms they use (their raw bytes)."""
    import hashlib

    h = hashlib.sha256()
    contents = page.obj.get("/Contents")
    for c in contents if isinstance(contents, pikepdf.Array) else [contents]:
        h.update(_raw(c) + b"\0")
    resources = page.obj.get("/Resources")
    if resources is not None:
        for group in ("/Font", "/XObject"):
            for name, item in (resources.get(group) or {}).items():
                h.update(name.encode() + b"\0")
                if isinstance(item, pikepdf.Dictionary) and group == "/Font":
                    h.update(_font_key(item))
                elif isinstance(item, pikepdf.Stream):
                    h.update(_raw(item) + repr(item.get("/Resources")).encode())
    return h.digest()


def _without_streams(data: bytes) -> bytes:
    """The file's syntax: every stream's data left out (its strings are read where they are drawn)."""
    parts, at, look = [], 0, 0
    while (start := data.find(b"stream", look)) >= 0:
        look = start + 6
        # the keyword: after a dictionary's ">>", followed by an end of line (not «mainstream» in a string)
        if data[start + 6 : start + 7] not in (b"\r", b"\n") or not data[max(0, start - 8) : start].rstrip().endswith(
            b">>"
        ):
            continue
        end = data.find(b"endstream", look)
        if end < 0:
            break
        parts.append(data[at:look])
        at = look = end + 9
    parts.append(data[at:])
    return b"\n".join(parts)


def read(path: Path) -> PdfText:
    """The texts of a PDF (see the module's docstring)."""
    data = path.read_bytes()
    result = PdfText()
    syntax = [_without_streams(data)]
    reader = _Reader()
    with pikepdf.open(path) as pdf:
        if b"/ObjStm" in data:  # objects compressed into object streams: their syntax too
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == pikepdf.Name.ObjStm:
                    syntax.append(_data(obj))
        result.strings += [(f"PDF-objekt /{k}" if k else "PDF-objekt", t) for d in syntax for k, t in _strings(d)]
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            xmp = _data(metadata).decode("utf-8", "replace")
            result.strings += [("XMP-metadata", t) for t in xml_texts(xmp)]
        for number, page in enumerate(pdf.pages, 1):
            key = _page_key(page)
            known = _PAGES.get(key)  # one lookup, as for fonts
            if known is None:
                body: list[str] = []
                artifacts: list[str] = []
                extra: list[str] = []
                ok = reader.stream_text(_page_data(page), page.obj.get("/Resources"), body, artifacts, extra)
                if len(_PAGES) >= _PAGES_LIMIT:
                    _PAGES.clear()
                known = _PAGES[key] = ("".join(body), "".join(artifacts), tuple(extra), ok)
            body_text, artifact_text, extra_texts, ok = known
            annotations: list[str] = []
            for annot in page.obj.get("/Annots", []):  # appearance streams of fields and stamps
                ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
                appearance = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
                if isinstance(appearance, pikepdf.Stream):
                    resources = appearance.get("/Resources")
                    ok = reader.stream_text(_data(appearance), resources, annotations, annotations, []) and ok
            if not ok:  # a font this reader cannot decode: pypdf's slower extraction for this page
                import pypdf

                body_text = pypdf.PdfReader(path).pages[number - 1].extract_text() or ""
            result.pages.append((body_text, artifact_text + "".join(annotations)))
            result.strings += [(f"side {number}, alternativ tekst", t) for t in extra_texts]
    return result


_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def xml_texts(xml: str, min_attribute: int = 0) -> list[str]:
    """An XML document's text (tags removed: a word split over runs joins up) and its attribute values
    (but namespace declarations, and values shorter than `min_attribute` characters: ids, sizes, flags)."""
    import html

    attributes = [
        a or b
        for name, a, b in _ATTRIBUTE.findall(xml)
        if not name.startswith("xmlns") and len(a or b) >= min_attribute
    ]
    return [html.unescape(_TAG.sub("", xml)), html.unescape("\n".join(attributes))]
