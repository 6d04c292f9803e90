"""Assemble stage: the converted PDF -> the final, signature-ready PDF/A.

1. find each signatory's line on the signature page (the underscores above the title);
2. add one empty signature field per signatory over that line (a /Sig widget, as pyHanko makes them);
3. one pikepdf pass makes the tagged PDF PDF/UA-1 (accessibility.py) and writes consistent
   XMP/Info metadata, /Lang and a content-derived /ID.
Signing itself comes later, as an incremental update that keeps all of this.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from politidok.assemble import accessibility, pdfa, pdfmeta
from politidok.assemble.reading import track_marked_content
from politidok.core.docinfo import DocumentInfo, SignatureField
from politidok.core.errors import ToolError

UNDERSCORE_EM = 0.498  # advance width of "_" in Calibri/Carlito, in em
FIELD_HEIGHT = 34.0  # points above the line where the signature goes


@dataclass(frozen=True)
class _Text:
    text: str
    x: float
    y: float
    size: float
    mcid: int | None = None  # the marked-content sequence (tagged PDF) the text is in


def _texts(page) -> list[_Text]:
    """The page's text pieces; pieces that continue one another on the same line are joined (a name
    in another language is a run, and so a text piece, of its own: «Ordfører i Røros / » + «Rosse»)."""
    raw: list[_Text] = []
    marks: list[int | None] = []

    def mark(op, args, _cm, _tm):
        track_marked_content(marks, op, args)

    def visit(text, cm, tm, _font, size):
        if text:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            mcid = next((m for m in reversed(marks) if m is not None), None)
            raw.append(_Text(text, x, y, size * (tm[0] or 1) * (cm[0] or 1), None if mcid is None else int(mcid)))

    page.extract_text(visitor_operand_before=mark, visitor_text=visit)
    merged: list[_Text] = []
    for piece in raw:
        last = merged[-1] if merged else None
        if (
            last is not None
            and abs(piece.y - last.y) < 0.5
            and abs(piece.size - last.size) < 0.1
            and 0 <= piece.x - last.x <= len(last.text) * last.size * 0.65 + 2
            and "\n" not in last.text
        ):
            mcid = last.mcid if last.mcid == piece.mcid else None
            merged[-1] = _Text(last.text + piece.text, last.x, last.y, last.size, mcid)
        else:
            merged.append(piece)
    return [_Text(t.text.strip(), t.x, t.y, t.size, t.mcid) for t in merged if t.text.strip()]


def _title_starts_here(first: _Text, texts: list[_Text], title: str) -> bool:
    """Is `first` the title's first line? A long title wraps: its next lines follow below, at the same x."""
    if first.text == title:
        return True
    if not title.startswith(first.text):
        return False
    below = sorted(
        (t for t in texts if abs(t.x - first.x) < 2 and 0 < first.y - t.y < 6 * first.size), key=lambda t: -t.y
    )
    joined = first.text
    for t in below:
        joined = f"{joined} {t.text}" if not joined.endswith("-") else joined + t.text
        if " ".join(joined.split()) == " ".join(title.split()):
            return True
        if not " ".join(title.split()).startswith(" ".join(joined.split())):
            return False
    return False


Box = tuple[float, float, float, float]


def locate(pdf: bytes, fields: Sequence[SignatureField]) -> list[tuple[SignatureField, int, Box, int | None]]:
    """Page index, rectangle and the line's marked-content id for each field: over the
    underscores just above its title."""
    from pypdf import PdfReader  # 50 ms to import, and only documents with signatories need it

    reader = PdfReader(io.BytesIO(pdf))
    placed = []
    missing = []
    pages: dict[int, list[_Text]] = {}
    for field in fields:
        for index in range(len(reader.pages) - 1, -1, -1):
            if index not in pages:  # each page is read once, from the last (the signature page)
                pages[index] = _texts(reader.pages[index])
            texts = pages[index]
            titles = [t for t in texts if _title_starts_here(t, texts, field.title)]
            if not titles:
                continue
            title = titles[0]
            lines = [
                t
                for t in texts
                if set(t.text) == {"_"} and abs(t.x - title.x) < 2 and 0 < t.y - title.y < 4 * title.size
            ]
            if not lines:
                continue
            line = min(lines, key=lambda t: t.y - title.y)
            width = len(line.text) * line.size * UNDERSCORE_EM
            placed.append((field, index, (line.x, line.y - 3, line.x + width, line.y + FIELD_HEIGHT), line.mcid))
            break
        else:
            missing.append(field.title)
    if missing:
        raise ToolError(
            "Fant ikke signaturlinjen (understreker over tittelen) i PDF-en for: "
            + ", ".join(f"«{m}»" for m in missing)
            + ". Har malen fortsatt signaturblokken?"
        )
    return placed


def add_signature_fields(data: bytes, fields: Sequence[SignatureField]) -> pikepdf.Pdf:
    """Empty signature fields (/FT /Sig widgets, printable, with an empty appearance) over the lines.

    Written with pikepdf, which the build uses anyway; signing services and pyHanko fill them.
    """
    doc = pikepdf.open(io.BytesIO(data))
    if not fields:
        return doc
    acroform = doc.Root.get("/AcroForm")
    if acroform is None:
        acroform = doc.Root.AcroForm = doc.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array()))
    acroform.SigFlags = 1  # the document has signature fields
    for field, page_index, box, line in locate(data, fields):
        rect = [round(v, 2) for v in box]
        page = doc.pages[page_index]
        appearance = doc.make_stream(
            b"",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, rect[2] - rect[0], rect[3] - rect[1]],
            Resources=pikepdf.Dictionary(),
        )
        widget = doc.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Sig,
                T=pikepdf.String(field.name),
                TU=pikepdf.String(f"Signaturfelt: {field.title}"),
                F=4 | 128,
                Rect=rect,
                P=page.obj,
                AP=pikepdf.Dictionary(N=appearance),
            )
        )
        if line is not None:  # the accessibility pass puts the field where the line is in the structure
            widget[accessibility.LINE_KEY] = line
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(widget)
        acroform.Fields.append(widget)
    return doc


def finalize(pdf: bytes | pikepdf.Pdf, info: DocumentInfo, out: Path) -> Path:
    """Make it PDF/UA, write metadata, /Lang and a content-derived /ID; save as one clean revision."""
    doc = pdf if isinstance(pdf, pikepdf.Pdf) else pikepdf.open(io.BytesIO(pdf))
    buffer = io.BytesIO()
    with doc:
        accessibility.apply(doc)
        pdfmeta.apply(doc, info)
        if "/DocChecksum" in doc.trailer:
            del doc.trailer.DocChecksum  # LibreOffice's per-export checksum, not standard PDF
        doc.save(buffer, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = buffer.getvalue()
    for _attempt in range(3):  # a padded stream may, rarely, end in CR again
        fixed = pdfa.fix_stream_endings(data)
        if fixed is None:
            break
        data = fixed
    out.write_bytes(content_id(data))
    return out


_ID = re.compile(rb"/ID \[<([0-9a-fA-F]{32})><([0-9a-fA-F]{32})>\]")


def content_id(data: bytes) -> bytes:
    """Set the trailer /ID to the MD5 of the file itself (with the ID zeroed).

    qpdf keeps the first /ID element of its input, and LibreOffice's is random, so the
    same document would get a new ID on every build. The replacement has the same
    length, so the cross-reference offsets stay valid.
    """
    matches = list(_ID.finditer(data))
    if not matches:
        return data
    m = matches[-1]
    zero = b"0" * 32
    zeroed = data[: m.start()] + b"/ID [<" + zero + b"><" + zero + b">]" + data[m.end() :]
    digest = hashlib.md5(zeroed).hexdigest().encode()
    return data[: m.start()] + b"/ID [<" + digest + b"><" + digest + b">]" + data[m.end() :]


def assemble(converted: Path, info: DocumentInfo, fields: Sequence[SignatureField], out: Path) -> Path:
    """Converted PDF -> final PDF at `out` with signature fields and metadata."""
    return finalize(add_signature_fields(converted.read_bytes(), fields), info, out)
