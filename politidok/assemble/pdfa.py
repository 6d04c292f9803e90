"""PDF/A-2a details of the accessibility pass: real Unicode for Symbol-font bullets, and stream
data that no checker can misread.
"""

from __future__ import annotations

import io
import re
import zlib

import pikepdf
from pikepdf import Name

# Symbol/Wingdings code points (U+F0xx, as Word's bullets arrive) -> the character they show
SYMBOL_PUA = {
    0xF0B7: 0x2022,  # • bullet (Symbol)
    0xF0A7: 0x25AA,  # ▪ small square (Wingdings §)
    0xF06F: 0x25A1,  # □ white square (Wingdings o)
    0xF0A8: 0x25A1,  # □
    0xF0D8: 0x27A2,  # ➢ arrowhead (Wingdings Ø)
    0xF0FC: 0x2713,  # ✓ check mark (Wingdings ü)
    0xF076: 0x2756,  # ❖ (Wingdings v)
    0xF0E8: 0x2794,  # ➔ (Wingdings è)
    0xF02D: 0x2013,  # – en dash (Symbol -)
    0xF0B0: 0x00B0,  # ° degree
}


def _fonts(pdf: pikepdf.Pdf):
    seen = set()

    def visit(resources, depth=0):
        if resources is None or depth > 10:
            return
        for font in (resources.get("/Font") or {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == Name.Form:
                yield from visit(xobject.get("/Resources"), depth + 1)

    for page in pdf.pages:
        yield from visit(page.obj.get("/Resources"))


_PUA_TARGET = re.compile(rb"(<[0-9A-Fa-f]{2,4}>\s*)<([Ff]0[0-9A-Fa-f]{2})>")


def fix_private_use(pdf: pikepdf.Pdf) -> None:
    for font in _fonts(pdf):
        cmap = font.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        data = cmap.read_bytes()

        def real(match):
            code = SYMBOL_PUA.get(int(match.group(2), 16))
            return match.group(1) + (b"<%04X>" % code if code else b"<" + match.group(2) + b">")

        fixed = _PUA_TARGET.sub(real, data)
        if fixed != data:
            font.ToUnicode = pdf.make_stream(fixed)


# --- bytes -----------------------------------------------------------------------------------

_STREAM_END = re.compile(rb"\r\nendstream")


def fix_stream_endings(data: bytes) -> bytes | None:
    """Re-save `data` so that no stream's data ends with CR; None if none does.

    A stream written as `…\\r` + `\\nendstream` is ambiguous to some checkers: they read the
    `\\r\\n` as the end-of-line before endstream and the /Length as one byte too long (it is
    right). The stream's data gets a trailing newline, recompressed (a Flate stream ends with
    the Adler-32 of its data, so only other data changes its last byte): harmless in content
    streams, CMaps, font programs and ICC profiles. Images are left alone.
    """
    if not _STREAM_END.search(data):
        return None
    pdf = pikepdf.open(io.BytesIO(data))
    changed = False
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        if obj.get("/Subtype") == Name.Image or obj.get("/Filter") not in (None, Name.FlateDecode):
            continue
        padded = obj.read_bytes() + b"\n"
        if obj.get("/Length1") is not None:
            obj.Length1 = len(padded)
        for key in ("/DecodeParms", "/DL"):
            if key in obj:
                del obj[key]
        obj.write(zlib.compress(padded, 9), filter=Name.FlateDecode)
        changed = True
    if not changed:
        return None
    out = io.BytesIO()
    pdf.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()
