"""PAdES signing of one empty signature field, as an incremental update that keeps PDF/A.

pyHanko rewrites the XMP metadata of every revision it writes, in a form PDFBox rejects
(namespaces declared on each element), so the signing revision leaves metadata alone: the
document's own metadata, written once by politidok, stays valid. The visible stamp uses an
embedded TrueType font (PDF/A forbids the non-embedded standard fonts pyHanko uses by default).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import CIDFontType2, GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle

from politidok.core.errors import ToolError

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's odd 'created' date is harmless

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]
STAMP_TEXT = "Signert digitalt av\n%(signer)s\n%(ts)s"


class _PdfaGlyphAccumulator(GlyphAccumulator):
    """pyHanko's glyph accumulator made PDF/A-clean.

    1. pyHanko writes glyph widths (/W) and TJ offsets in font units, but PDF reads them as
       thousandths of an em: wrong for fonts with 2048 units per em (Carlito, Liberation).
       Here shaping, widths and offsets all run in 1000 units per em.
    2. PDF/A-1 (and PDFBox preflight) wants a /CIDSet for a subset CID font, and it must list
       every CID present in the font program. The subset keeps the glyph ids of the full font
       (CIDToGIDMap /Identity), so every glyph slot 0 … numGlyphs-1 is present in the program
       (most of them empty): listing only the glyphs drawn misses the composite glyphs'
       components, and page-validation counts every slot.
    3. The ToUnicode CMap is written as bfchar entries only: pyHanko's array form of bfrange is
       valid, but checkers (page-validation) call it malformed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._font_units = self.units_per_em
        self.units_per_em = 1000
        self.hb_font.scale = (1000, 1000)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        cached = glyph_id in self._glyphs
        cid, width = super()._get_cid_and_width(glyph_id)
        if not cached:
            width = round(width * 1000 / self._font_units)
            self._glyphs[glyph_id] = (cid, width)
        return cid, width

    def prepare_write(self):
        if self._write_prepared:
            return
        super().prepare_write()
        if isinstance(self.cidfont_obj, CIDFontType2):  # CID = glyph id (Identity map)
            cids = range(self.tt["maxp"].numGlyphs)
            bits = bytearray((len(cids) + 7) // 8)
            for cid in cids:
                bits[cid // 8] |= 0x80 >> (cid % 8)
            descriptor = self.cidfont_obj._font_descriptor
            descriptor[generic.pdf_name("/CIDSet")] = self.writer.add_object(
                generic.StreamObject(stream_data=bytes(bits))
            )

    def _format_tounicode_cmap(self):
        entries = [
            f"<{cid:04x}> <{text.encode('utf-16be').hex()}>" for cid, text in sorted(self._cid_to_unicode.items())
        ]
        chunks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
        body = "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo <<\n/Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + body
            + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        )
        stream = generic.StreamObject(stream_data=cmap.encode("ascii"))
        stream.compress()
        return stream


class _PdfaFontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None):
        with open(self.font_file, "rb") as handle:
            data = io.BytesIO(handle.read())
        return _PdfaGlyphAccumulator(writer=writer, font_handle=data, font_size=self.font_size, obj_stream=obj_stream)


class _MetadataKeepingWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, leaving the document's XMP metadata as it is."""

    def _update_meta(self) -> None:
        pass


def stamp_font() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Carlito"], capture_output=True, text=True, check=False
        ).stdout
        if found.endswith((".ttf", ".otf")) and Path(found).exists():
            return found
    raise ToolError("Fant ingen TrueType-font til signaturstempelet. Installer fonts-crosextra-carlito.")


def sign(pdf: Path, p12: Path, passphrase: str, field: str, out: Path) -> Path:
    """Sign the empty field `field` of `pdf` with the key in `p12`; write the result to `out`."""
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase.encode() if passphrase else None)
    except (OSError, ValueError) as exc:
        raise ToolError(f"Kunne ikke lese sertifikatfilen {p12} ({exc}). Er passordet riktig?") from None
    if signer is None:
        raise ToolError(f"Kunne ikke lese sertifikatfilen {p12}. Er passordet riktig?")
    data = pdf.read_bytes()
    with pdf.open("rb") as source:
        writer = _MetadataKeepingWriter(source)  # keeps politidok's PDF/A metadata (see module docstring)
        empty = {name for name, value, _ref in fields.enumerate_sig_fields(writer, filled_status=False)}
        taken = {name for name, value, _ref in fields.enumerate_sig_fields(writer, filled_status=True)}
        if field not in empty:
            known = ", ".join(sorted(empty)) or "ingen"
            status = "er allerede signert" if field in taken else "finnes ikke"
            raise ToolError(f"Signaturfeltet «{field}» {status} i {pdf.name}. Tomme felt: {known}.")
        meta = signers.PdfSignatureMetadata(
            field_name=field,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        style = TextStampStyle(
            stamp_text=STAMP_TEXT,
            text_box_style=TextBoxStyle(font=_PdfaFontFactory(stamp_font()), font_size=8),
            border_width=0,
        )
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("wb") as target:
            pdf_signer.sign_pdf(writer, output=target)
    if not tmp.read_bytes().startswith(data):
        tmp.unlink()
        raise ToolError("Signeringen ble ikke skrevet som en tilleggsrevisjon; avbryter.")
    tmp.replace(out)
    return out
