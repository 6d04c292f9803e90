"""Templates secretaries edit in Word: the lint, Word's way of saving, the guide, dump-text, new-region."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from lxml import etree

from politidok.build.templates import lint_templates
from politidok.core.docinfo import DocumentInfo
from politidok.documents.catalogue import contexts
from politidok.render import render_docx
from politidok.render.dumptext import dump

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEMPLATES = sorted((ROOT / "templates").rglob("*.docx"))
CURLY = {'"': ("“", "”"), "'": ("‘", "’")}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wordify(source: Path, target: Path) -> int:
    """Re-save a template the way Word does after an edit; return how many tags were split.

    Every run holding a tag is cut into pieces: after the first «{», in the middle of the tag, and
    before the closing «}». Each piece is its own run with rsid attributes; between the pieces stand
    a spell-check mark (proofErr) and Word's _GoBack bookmark; quotes inside the tag become curly.
    """
    split = 0
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", item.filename):
                root = etree.fromstring(data)
                for run in list(root.iter(_w("r"))):
                    t = run.find(_w("t"))
                    if t is None or not t.text or not re.search(r"\{[{%]", t.text):
                        continue
                    text = t.text
                    start = re.search(r"\{[{%]", text).start()
                    end = text.rfind("}")
                    mid = (start + end) // 2
                    cuts = sorted({start + 1, mid, end})
                    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
                    pieces = [_curl(p) for p in pieces]
                    parent, index = run.getparent(), run.getparent().index(run)
                    parent.remove(run)
                    new = []
                    for n, piece in enumerate(pieces):
                        r = copy.deepcopy(run)
                        r.set(_w("rsidR"), f"00{n:02d}A1B2")
                        r.set(_w("rsidRPr"), f"00{n:02d}C3D4")
                        r.find(_w("t")).text = piece
                        r.find(_w("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                        new.append(r)
                        if n == 0:
                            err = etree.Element(_w("proofErr"))
                            err.set(_w("type"), "spellStart")
                            new.append(err)
                        if n == 1:
                            bs = etree.Element(_w("bookmarkStart"))
                            bs.set(_w("id"), "900")
                            bs.set(_w("name"), "_GoBack")
                            be = etree.Element(_w("bookmarkEnd"))
                            be.set(_w("id"), "900")
                            new += [bs, be]
                            err = etree.Element(_w("proofErr"))
                            err.set(_w("type"), "spellEnd")
                            new.append(err)
                    for k, element in enumerate(new):
                        parent.insert(index + k, element)
                    split += 1
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    return split


def _curl(text: str) -> str:
    out, open_ = [], {'"': True, "'": True}
    for ch in text:
        if ch in CURLY:
            out.append(CURLY[ch][0] if open_[ch] else CURLY[ch][1])
            open_[ch] = not open_[ch]
        else:
            out.append(ch)
    return "".join(out)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_word_resave_gives_the_same_document(template, tmp_path):
    resaved = tmp_path / template.name
    assert wordify(template, resaved) >= 5
    xml = zipfile.ZipFile(resaved).read("word/document.xml").decode()
    assert "proofErr" in xml and "_GoBack" in xml and 'w:rsidR="0001A1B2"' in xml  # really re-saved
    assert not lint_templates(ROOT / "templates", [resaved])
    context = contexts()[template.stem]
    info = DocumentInfo("T", "nb-NO", None)
    a = render_docx(template, context, info, tmp_path / "a.docx")
    b = render_docx(resaved, context, info, tmp_path / "b.docx")
    assert dump(a) == dump(b)  # word for word
    assert "tekst" in dump(a) and "{{" not in dump(a)


def test_curly_quotes_inside_a_tag(tmp_path):
    template = ROOT / "templates" / "nb" / "referat.docx"
    assert "join('; ')" in dump(template)
    resaved = tmp_path / "referat.docx"
    wordify(template, resaved)
    assert "join(‘; ’)" in dump(resaved)
    out = render_docx(resaved, contexts()["referat"], DocumentInfo("T", "nb-NO", None), tmp_path / "o.docx")
    assert re.search(r"\| Til stede: \| [^|;]+; [^|;]+ \|", dump(out))  # joined with «; » as the tag says


def test_shipped_templates_are_clean():
    assert lint_templates(ROOT / "templates") == []


# --- guide, dump-text, new-region ----------------------------------------------------------------


@pytest.mark.slow  # the CLI in a subprocess
def test_guide_is_up_to_date():
    proc = run_cli("guide", "--check")
    assert proc.returncode == 0, proc.stderr + " (run: make docs)"
    guide = (ROOT / "docs" / "maler.md").read_text(encoding="utf-8")
    for path in (
        "`politirad.navn`",
        "`signaturrader[].hoyre.tittel`",
        "`saker[].nummer`",
        "`oppfolging[].status`",
        "`sammendrag.forfalt`",
        "`sak.tilradning[]`",
    ):
        assert path in guide
    assert "Aptos" in guide and "{%p for" in guide and "{%tr for" in guide


@pytest.mark.slow  # the CLI in a subprocess
def test_dump_text_and_gitattributes():
    proc = run_cli("dump-text", "templates/nb/referat.docx")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert "# Saker" in lines and "## Sak {{ sak.nummer }}: {{ sak.tittel }}" in lines
    assert (
        "| {{ t.sak }} | {{ t.tiltak }} | {{ t.ansvarlig }} | {{ t.frist }} | {{ t.status }} | {{ t.kommentar }} |"
        in lines
    )
    assert lines[0] == "[header1]" or "[header1]" in lines  # the page header holds the closed-item marking
    assert "*.docx diff=docx" in (ROOT / ".gitattributes").read_text()


def test_every_nynorsk_template_is_nynorsk_by_default():
    """Word spell-checks a template in its default language, and the bokmål runs a nynorsk document keeps
    (none, unless a quotation) are tagged by their own w:lang: every templates/nn/*.docx defaults to nn-NO."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for template in sorted((ROOT / "templates" / "nn").glob("*.docx")):
        with zipfile.ZipFile(template) as z:
            styles = etree.fromstring(z.read("word/styles.xml"))
        defaults = styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang")
        assert defaults is not None and defaults.get(f"{w}val") == "nn-NO", template.name
