"""Templates secretaries edit in Word: the lint, Word's way of saving, the guide, dump-text, new-region."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_args, run_cli
from docx import Document

# --- lint: broken templates --------------------------------------------------------------------


def _edit(path: Path, old: str, new: str | list[str]) -> None:
    """Replace a paragraph's text (or split it into several paragraphs) with python-docx, as a user would."""
    doc = Document(str(path))
    for p in doc.paragraphs:
        if p.text == old:
            if isinstance(new, str):
                p.runs[0].text = new
                for r in p.runs[1:]:
                    r.text = ""
            else:
                p.runs[0].text = new[0]
                for r in p.runs[1:]:
                    r.text = ""
                anchor = p
                for extra in new[1:]:
                    nxt = copy.deepcopy(anchor._p)
                    anchor._p.addnext(nxt)
                    from docx.text.paragraph import Paragraph

                    anchor = Paragraph(nxt, p._parent)
                    anchor.runs[0].text = extra
            doc.save(str(path))
            return
    raise AssertionError(f"no paragraph {old!r}")


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_check_reports_every_template_problem_at_once(region_copy, tmp_path):
    template = region_copy / "templates" / "nb" / "referat.docx"
    _edit(template, "Sak {{ sak.nummer }}: {{ sak.tittel }}", "Sak {{ sak.nummer }}: {{ sak.titel }}")
    _edit(template, "{%p endfor %}", "{%tr endfor %}")  # the first: closes «{%p for avsnitt in sak.referat %}»
    _edit(template, "{{ neste_mote }}", ["{{ neste_", "mote }}"])  # Enter pressed inside a tag
    _edit(template, "{{ sak.unntatt }}", "{{ sak.unntatt + }}")
    proc = run_cli("check", "hallingdal", *copy_args(region_copy))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    err = proc.stderr
    name = f"{region_copy / 'templates' / 'nb' / 'referat.docx'}"
    assert f"{name}, avsnitt" in err
    assert "«Sak {{ sak.nummer }}: {{ sak.titel }}»: ukjent variabel «sak.titel» – mente du «sak.tittel»?" in err
    assert "«{%tr endfor %}»: «{%tr endfor %}» passer ikke med «{%p for avsnitt in sak.referat %}»" in err
    assert "«{{ neste_»: «{{» lukkes ikke med «}}» i samme avsnitt" in err
    assert "«mote }}»: «}}» uten «{{» foran i samme avsnitt." in err
    assert "«{{ sak.unntatt + }}»: feil i mal-koden" in err
    assert err.count(name) >= 5
    # nynorsk and the other templates are fine: only referat.docx is named
    assert "nn/referat.docx" not in err and "innkalling.docx" not in err
    # the same message stops a build, and output/ stays as it was
    out = tmp_path / "output"
    proc = run_cli("build", "hallingdal", *copy_args(region_copy), "--output", str(out))
    assert proc.returncode == 2 and "ukjent variabel «sak.titel»" in proc.stderr
    assert not (out / "hallingdal").exists()


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_unclosed_block_and_row_tag_outside_table(region_copy):
    template = region_copy / "templates" / "nb" / "saksframlegg.docx"
    _edit(template, "{%p endif %}", "")  # the first: closes «{%p if blokk.sitat %}»
    _edit(template, "{%p for tittel in sak.vedlegg %}", "{%tr for tittel in sak.vedlegg %}")
    proc = run_cli("check", "trondelag-sor", *copy_args(region_copy))
    assert proc.returncode == 2
    assert "«{%tr for tittel in sak.vedlegg %}» må stå i en tabellrad" in proc.stderr
    assert "blir aldri avsluttet" in proc.stderr or "avslutter" in proc.stderr


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_guide_check_fails_when_stale(tmp_path):
    stale = tmp_path / "maler.md"
    stale.write_text((ROOT / "docs" / "maler.md").read_text(encoding="utf-8").replace("`politirad.navn`", "`x`"))
    proc = run_cli("guide", "--check", "--out", str(stale))
    assert proc.returncode == 1 and "ikke oppdatert" in proc.stderr


FILL = {
    "navn": "Vang",
    "kontaktledd": "kommunedirektørene og SLT-koordinatoren",
    "malform": "bokmal",
    "distrikt": "Innlandet politidistrikt",
    "vedtatt": "2025-01-15",
    "id": "ungdom",
    "tittel": "Ungdom",
    "beskrivelse": "Forebygge rus blant unge.",
    "felles_sted": "Regionrådet",
    "fra": "2025-02-01",
    "evaluering": "fellesmøtet i regionrådet",
    "dato": "2025-01-20",
    "kommune": "Vang",
}


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_new_region_scaffold(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    proc = run_cli("new-region", "valdres", "--agreements", str(tmp_path / "agreements"))
    assert proc.returncode == 0, proc.stderr
    assert "Disse 16 feltene er tomme og må fylles ut:" in proc.stdout
    assert "avtale.yaml:7: politirad.navn" in proc.stdout
    path = tmp_path / "agreements" / "valdres" / "avtale.yaml"
    args = ["--agreements", str(tmp_path / "agreements"), "--templates", str(tmp_path / "templates")]
    proc = run_cli("check", "valdres", *args)
    assert proc.returncode == 2 and "politirad.navn: er tomt – fyll inn" in proc.stderr
    filled = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\s*-?\s*)(\w+):\s*(#.*)?$", line)
        if m and m.group(2) in FILL:
            line = f"{m.group(1)}{m.group(2)}: {FILL[m.group(2)]}"
        filled.append(line)
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    proc = run_cli("check", "valdres", *args)
    assert proc.returncode == 0, proc.stderr
    again = run_cli("new-region", "valdres", "--agreements", str(tmp_path / "agreements"))
    assert again.returncode == 2 and "regionen finnes allerede" in again.stderr
