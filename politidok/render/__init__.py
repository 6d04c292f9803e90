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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem
from politidok.core.picture import Picture
from politidok.render import limits, messages, package
from politidok.render.accessible_docx import (
    DescribedImage,
    allow_rows_to_split,
    mark_header_rows,
    mark_row_headers,
    tag_languages,
)
from politidok.render.flow import keep_together
from politidok.render.tables import lay_out_tables
from politidok.render.typography import nonbreaking_spaces


@dataclass(frozen=True)
class Image:
    """A picture for the template: PNG bytes, or a factory that makes them only when rendering."""

    png: bytes | None
    width_mm: float = 160
    factory: Callable[[], bytes] | None = None  # called only if the document is rendered
    key: str = ""  # what the picture depends on (for build fingerprints)
    alt: str = ""  # alternative text (the PDF Figure's /Alt)

    @property
    def fingerprint_key(self) -> str:
        return self.key or hashlib.sha256(self.png or b"").hexdigest()

    def data(self) -> bytes:
        if self.png is not None:
            return self.png
        assert self.factory is not None  # an Image has its bytes or a factory
        return self.factory()


def _bind_images(value, doc: DocxTemplate):
    if isinstance(value, Picture):
        return DescribedImage(doc, io.BytesIO(value.read()), value.alt, width=Mm(value.width_mm))
    if isinstance(value, Image):
        if value.alt:
            return DescribedImage(doc, io.BytesIO(value.data()), value.alt, width=Mm(value.width_mm))
        return InlineImage(doc, io.BytesIO(value.data()), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _bind_images(v, doc) for k, v in value.items()}
    if isinstance(value, list):
        return [_bind_images(v, doc) for v in value]
    return value


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, remembering compiled templates: a build renders each Word template many times
    (every meeting's minutes from the same referat.docx), and compiling is half the work.

    Immutable (a template cannot change a list or dict it is given), and with the limits of
    render.limits on time, loop rounds and sizes built into the compiled code."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(limits.concat)

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)
        self.filters = {name: limits.guard_filter(name, func) for name, func in self.filters.items()}
        self.filters[limits.LOOP_FILTER] = limits.guard_iter
        self.filters[limits.SIZE_FILTER] = limits.checked
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: nothing a document needs
        self._remembered = lru_cache(maxsize=256)(super().from_string)  # not `_compile`: Jinja has one

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return self._remembered(source)

    def _generate(self, source, name, filename, defer_init=False):
        return super()._generate(limits.Rewrite().visit(source), name, filename, defer_init)

    def call_binop(self, context, operator, left, right):
        return limits.binop(operator, left, right, self.binop_table)

    def call(self, context, obj, /, *args, **kwargs):
        limits.tick()
        limits.check_method(obj, args, kwargs)
        result = super().call(context, obj, *args, **kwargs)
        if type(result) in (str, list, tuple, dict, set):
            limits.measure(result)
        return result


_ENV: _Environment | None = None


def environment() -> SandboxedEnvironment:
    global _ENV
    if _ENV is None:
        _ENV = _Environment()
    return _ENV


class _Template(DocxTemplate):
    """docxtpl's template, remembering its XML clean-up (a pure function of the XML, and a
    tenth of the rendering time) for templates rendered many times, and which part it renders
    (for a message that names the paragraph)."""

    _patched: ClassVar[OrderedDict[str, str]] = OrderedDict()
    rendering: tuple[str, str] = ("", "")  # (part name, the Jinja source docxtpl renders it from)

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
            if len(self._patched) > 256:
                self._patched.popitem(last=False)
            limits.tick()  # docxtpl's clean-up of a large part (~1 s a MB) counts against the render's time
        return patched

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        self.rendering = (str(part.partname).lstrip("/"), src_xml)
        return super().render_xml_part(src_xml, part, context, jinja_env)

    def render_properties(self, context, jinja_env=None) -> None:
        self.rendering = ("docProps/core.xml", "")
        super().render_properties(context, jinja_env)

    def render_footnotes(self, context, jinja_env=None) -> None:
        self.rendering = ("word/footnotes.xml", "")
        super().render_footnotes(context, jinja_env)


def render_docx(template: Path, context: Mapping, info: DocumentInfo, out: Path, display: str | None = None) -> Path:
    """Render `template` with `context` into `out`; template errors raise InputError.

    The template is checked first (render.package: sizes, no DOCTYPE, nothing from outside) and
    rendered within render.limits; its macros (vbaProject) are not taken along."""
    display = display or str(template)
    data, problems = package.read_template(template, display)
    if data is None or problems:
        raise InputError(problems)
    problems = package.checked(data, display)
    if problems:
        raise InputError(problems)
    doc = _Template(io.BytesIO(data))
    try:
        drop_macros(doc.get_docx())
    except Exception:  # noqa: BLE001 - python-docx on a package it cannot make sense of
        raise InputError([Problem(display, 1, "", "malen kan ikke leses som et Word-dokument")]) from None
    bound = _bind_images(context, doc)
    try:
        with limits.budget():
            doc.render(bound, jinja_env=environment(), autoescape=True)
    except Exception as exc:  # noqa: BLE001 - the template's code (Jinja, the sandbox, docxtpl on its XML)
        raise InputError([_problem(exc, doc, data, display)]) from None
    problems = [
        problem
        for part in doc.docx.part.package.iter_parts()
        if str(part.partname).startswith(RENDERED_PARTS) and hasattr(part, "element")
        for problem in package.rendered_problems(str(part.partname).lstrip("/"), part.element, display)
    ]
    if problems:
        raise InputError(problems)
    mark_header_rows(doc.docx)
    allow_rows_to_split(doc.docx)
    mark_row_headers(doc.docx)
    tag_languages(doc.docx, dict(info.other_languages))
    keep_together(doc.docx)
    nonbreaking_spaces(doc.docx)
    lay_out_tables(doc.docx, info.language.split("-")[0])
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
    out.write_bytes(fixed_zip(buffer.getvalue(), info.date, {"docProps/app.xml": lambda x: app_properties(x, info)}))
    return out


_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
# what the template's own properties say about itself: its word counts, its program (Word for Mac)
_STALE = (
    "Template",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "Lines",
    "Paragraphs",
    "CharactersWithSpaces",
    "AppVersion",
    "DocSecurity",
    "HeadingPairs",
    "TitlesOfParts",
)


def app_properties(xml: bytes, info: DocumentInfo) -> bytes:
    """docProps/app.xml of a rendered document: the council as Company, politidok as the Application,
    and none of the template's stale counts or its program's name and version."""
    from lxml import etree

    root = etree.fromstring(xml)
    for name in _STALE:
        for element in root.findall(_EXTENDED + name):
            root.remove(element)
    for name, value in (("Application", "politidok"), ("Company", info.author)):
        element = root.find(_EXTENDED + name)
        if element is None:
            element = etree.SubElement(root, _EXTENDED + name)
        element.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# parts a rendered document never takes along: macros (Word's VBA project and what belongs to it)
MACRO_PARTS = ("/vbaProject", "/wordVbaData", "/keyMapCustomizations", "/attachedToolbars")


def drop_macros(document) -> None:
    """Remove the template's macro parts (vbaProject …): python-docx saves only the parts still related."""
    part = document.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype.endswith(MACRO_PARTS):
            del part.rels[rId]


CORE_PROPERTY_LIMIT = 255  # characters of a Word document property (python-docx refuses more; Word cuts it)


def core_property(text: str | None) -> str | None:
    """A text for a .docx property: at most 255 characters, cut at a word with «…» (a long title of a
    case is allowed; python-docx would stop the build, and Word would cut it anyway)."""
    if text is None or len(text) <= CORE_PROPERTY_LIMIT:
        return text
    cut = text[: CORE_PROPERTY_LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > CORE_PROPERTY_LIMIT // 2 else cut).rstrip(" ,.;:–-") + "…"


def fixed_zip(data: bytes, when: Date | None, change: dict | None = None) -> bytes:
    """The same zip with every entry dated `when` (1980-01-01 if unknown): reproducible bytes; `change`
    maps an entry's name to a function of its bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, 12, 0, 0) if when else (1980, 1, 1, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = src.read(item.filename)
            if change and item.filename in change:
                content = change[item.filename](content)
            dst.writestr(info, content)
    return out.getvalue()


RENDERED_PARTS = ("/word/document", "/word/header", "/word/footer", "/word/footnotes")
PART_NAMES = {"header": "topptekst", "footer": "bunntekst", "footnotes": "fotnoter", "endnotes": "sluttnoter"}


def part_label(name: str) -> str:
    """'word/header2.xml' -> 'topptekst 2'; the body has none; other parts are named as they are."""
    stem = Path(name).stem
    if not name or stem == "document":
        return ""
    m = re.fullmatch(r"([a-z]+)(\d*)", stem)
    if m and m[1] in PART_NAMES:
        return f"{PART_NAMES[m[1]]} {m[2]}".strip()
    return name


def _problem(exc: BaseException, doc: _Template, data: bytes, display: str) -> Problem:
    """A render's failure as the lint reports a paragraph: template, paragraph (its number and text),
    the part when it is not the body, and the message in Norwegian."""
    from politidok.render import lint

    message = messages.describe(exc)
    if not isinstance(exc, (TemplateError, RecursionError, ArithmeticError, TypeError, ValueError, MemoryError)):
        message = "malen kan ikke fylles ut: Word-innholdet i den er ugyldig; lagre den på nytt i Word"
    name, source = doc.rendering
    label = part_label(name)
    par = None
    line = _template_line(exc)
    if source and line:
        try:
            par = lint.locate(io.BytesIO(data), name, source, line)
        except Exception:  # noqa: BLE001, S110 - only the paragraph's number is lost
            pass
    if par is None:
        return Problem(display, 1, label, message)
    return Problem(display, par.number, label, f"«{lint.quote_text(par.text)}»: {message}", unit="avsnitt")


def _template_line(exc: BaseException) -> int | None:
    """The line of the Jinja source where `exc` happened: a syntax error's own, else the last template frame's."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
