"""Rendering: data never becomes markup or template code; template mistakes are reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from politidok.context import agreement_context
from politidok.context.letterhead import letterhead
from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError
from politidok.load import load_agreement
from politidok.render import render_docx

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "nb" / "samarbeidsavtale.docx"
TRICKY = "Sør & Co <b>fet</b> \"sitat\" 'enkelt' {{ region }} {% if true %}kode{% endif %} {# kommentar #}"


def all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def context() -> dict:
    avtale = load_agreement(ROOT / "agreements" / "hallingdal")
    return {**agreement_context(avtale), **letterhead(avtale, avtale.dato, avtale.arkiv)}  # as Planner.add gives it


def test_special_characters_come_out_literally(tmp_path):
    ctx = context()
    ctx["politirad"]["navn"] = ctx["politirad"]["alle_navn"] = TRICKY  # the subtitle shows every official name
    ctx["region"] = "Hallingdal"
    out = render_docx(TEMPLATE, ctx, DocumentInfo("Tittel & <x>", "nb-NO", date(2024, 10, 17)), tmp_path / "a.docx")
    text = all_text(out)
    assert TRICKY in text  # exactly, not escaped twice, not executed
    assert Document(str(out)).core_properties.title == "Tittel & <x>"


def test_missing_value_is_an_error_not_empty(tmp_path):
    ctx = context()
    del ctx["gyldighet"]
    with pytest.raises(InputError) as info:
        render_docx(TEMPLATE, ctx, DocumentInfo("T", "nb-NO", date(2024, 1, 1)), tmp_path / "a.docx")
    [p] = info.value.problems
    assert p.file.endswith("samarbeidsavtale.docx")
    assert "gyldighet" in p.message


def test_sandbox_blocks_attribute_access(tmp_path):
    from docx import Document as New

    doc = New()
    doc.add_paragraph("{{ region.__class__.__mro__ }}")
    template = tmp_path / "ondsinnet.docx"
    doc.save(str(template))
    with pytest.raises(InputError):
        render_docx(template, {"region": "x"}, DocumentInfo("T", "nb-NO", date(2024, 1, 1)), tmp_path / "b.docx")


def test_same_input_same_docx_bytes(tmp_path):
    info = DocumentInfo("T", "nb-NO", date(2024, 10, 17))
    a = render_docx(TEMPLATE, context(), info, tmp_path / "a.docx").read_bytes()
    b = render_docx(TEMPLATE, context(), info, tmp_path / "b.docx").read_bytes()
    assert a == b
