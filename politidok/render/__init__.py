"""Render stage: a Word template + context -> a .docx file.

Jinja runs sandboxed, with StrictUndefined (a missing value is an error, never "") and
autoescape (a `&` or `<` in the data cannot corrupt the XML). Values are inserted once and
never rendered again, so `{{` in the data stays text. Document properties are set after
rendering for the same reason. Zip entries get a fixed timestamp so that the same input
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem
from politidok.render.accessible_docx import (
    DescribedImage,
    allow_rows_to_split,
    mark_header_rows,
    mark_row_headers,
    tag_languages,
)


@dataclass(frozen=True)
class Image:
    """A picture for the template: PNG bytes, or a factory that makes them only when rendering."""

    png: bytes | None
    width_mm: float = 160
    factory: object = None  # () -> bytes, called only if the document is rendered
    key: str = ""  # what the picture depends on (for build fingerprints)
    alt: str = ""  # alternative text (the PDF Figure's /Alt)

    @property
    def fingerprint_key(self) -> str:
        return self.key or hashlib.sha256(self.png or b"").hexdigest()

    def data(self) -> bytes:
        return self.png if self.png is not None else self.factory()


def _bind_images(value, doc: DocxTemplate):
    if isinstance(value, Image):
        if value.alt:
            return DescribedImage(doc, io.BytesIO(value.data()), value.alt, width=Mm(value.width_mm))
        return InlineImage(doc, io.BytesIO(value.data()), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _bind_images(v, doc) for k, v in value.items()}
    if isinstance(value, list):
        return [_bind_images(v, doc) for v in value]
    return value


class _Environment(SandboxedEnvironment):
    """The sandbox, remembering compiled templates: a build renders each Word template many times
    (every meeting's minutes from the same referat.docx), and compiling is half the work."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)
        self._remembered = lru_cache(maxsize=256)(super().from_string)  # not `_compile`: Jinja has one

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return self._remembered(source)


_ENV: _Environment | None = None


def environment() -> SandboxedEnvironment:
    global _ENV
    if _ENV is None:
        _ENV = _Environment()
    return _ENV


class _Template(DocxTemplate):
    """docxtpl's template, remembering its XML clean-up (a pure function of the XML, and a
    tenth of the rendering time) for templates rendered many times."""

    _patched: ClassVar[OrderedDict[str, str]] = OrderedDict()

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
            if len(self._patched) > 256:
                self._patched.popitem(last=False)
        return patched


def render_docx(template: Path, context: dict, info: DocumentInfo, out: Path, display: str | None = None) -> Path:
    """Render `template` with `context` into `out`; template errors raise InputError."""
    display = display or str(template)
    doc = _Template(str(template))
    try:
        doc.render(_bind_images(context, doc), jinja_env=environment(), autoescape=True)
        mark_header_rows(doc.docx)
        allow_rows_to_split(doc.docx)
        mark_row_headers(doc.docx)
        tag_languages(doc.docx, dict(info.other_languages))
    except UndefinedError as exc:
        raise InputError(
            [Problem(display, 1, "", f"malen bruker en verdi som ikke finnes: {exc.message}{_where(exc)}")]
        ) from None
    except TemplateError as exc:
        raise InputError([Problem(display, 1, "", f"feil i malen: {exc.message}{_where(exc)}")]) from None
    props = doc.docx.core_properties
    props.title = core_property(info.title)  # the PDF's title and the arkivmelding keep the whole title
    props.subject = core_property(info.subject)
    props.author = core_property(info.author)
    props.language = info.language
    props.keywords = ""
    props.comments = ""
    props.last_modified_by = "politidok"
    props.revision = 1
    if info.date is not None:  # else the template's own (fixed) dates stay
        stamp = datetime.combine(info.date, time(12, 0))
        props.created = stamp
        props.modified = stamp
        if props.last_printed is not None:
            props.last_printed = stamp
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(fixed_zip(buffer.getvalue(), info.date))
    return out


CORE_PROPERTY_LIMIT = 255  # characters of a Word document property (python-docx refuses more; Word cuts it)


def core_property(text: str | None) -> str | None:
    """A text for a .docx property: at most 255 characters, cut at a word with «…» (a long title of a
    case is allowed; python-docx would stop the build, and Word would cut it anyway)."""
    if text is None or len(text) <= CORE_PROPERTY_LIMIT:
        return text
    cut = text[: CORE_PROPERTY_LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > CORE_PROPERTY_LIMIT // 2 else cut).rstrip(" ,.;:–-") + "…"


def fixed_zip(data: bytes, when: Date | None) -> bytes:
    """The same zip with every entry dated `when` (1980-01-01 if unknown): reproducible bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, 12, 0, 0) if when else (1980, 1, 1, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def _where(exc: TemplateError) -> str:
    context = getattr(exc, "docx_context", None)
    if not context:
        return ""
    text = " ".join(re.sub(r"\s+", " ", part).strip() for part in context).strip()
    return f" (ved teksten: «{text[:160]}»)" if text else ""
