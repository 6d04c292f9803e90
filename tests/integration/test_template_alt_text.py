"""The accessibility pass and the Word-side helpers on small synthetic documents (no LibreOffice)."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import copy_args, run_cli


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_check_warns_about_a_template_picture_without_alt_text(region_copy):
    template = region_copy / "templates" / "nb" / "referat.docx"
    document = docx.Document(template)
    document.paragraphs[0].add_run().add_picture(io.BytesIO(_png()))
    document.save(template)
    proc = run_cli("check", "hallingdal", *copy_args(region_copy))
    assert proc.returncode == 0, proc.stderr
    assert f"Advarsel: {template}: bildet «" in proc.stdout and "alternativ tekst" in proc.stdout
    proc = run_cli("check", "hallingdal")
    assert "Advarsel" not in proc.stdout  # the shipped templates have no such picture
