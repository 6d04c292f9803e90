"""Templates with Word's tracked changes or comments are refused by `check` and never converted by a build.

A secretary who forgot to accept the changes would otherwise sign an agreement that prints deleted
text struck through, inserted text coloured and a change bar in the margin.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import copy_agreements
from lxml import etree

from politidok import build as build_module
from politidok.build.templates import lint_templates
from politidok.core.errors import InputError
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths
from politidok.render.lint import lint, paragraphs, revisions

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def edit(src: Path, dst: Path, change) -> None:
    """Copy a .docx, changing word/document.xml with `change(root)`."""
    with zipfile.ZipFile(src) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, data)


def body_paragraphs(root) -> list:
    return list(root.iter(q("p")))


def tracked_insert(index: int, text: str = "ny tekst"):
    def change(root):
        p = body_paragraphs(root)[index]
        ins = etree.SubElement(
            p, q("ins"), {q("id"): "901", q("author"): "Sekretær", q("date"): "2025-01-01T00:00:00Z"}
        )
        run = etree.SubElement(ins, q("r"))
        etree.SubElement(run, q("t")).text = text

    return change


def tracked_delete(index: int):
    def change(root):
        p = body_paragraphs(root)[index]
        d = etree.SubElement(p, q("del"), {q("id"): "902", q("author"): "Sekretær"})
        run = etree.SubElement(d, q("r"))
        etree.SubElement(run, q("delText")).text = "gammel tekst"

    return change


def format_change(index: int):
    def change(root):
        p = body_paragraphs(root)[index]
        ppr = p.find(q("pPr"))
        if ppr is None:
            ppr = etree.Element(q("pPr"))
            p.insert(0, ppr)
        etree.SubElement(ppr, q("pPrChange"), {q("id"): "903", q("author"): "Sekretær"}).append(etree.Element(q("pPr")))

    return change


def comment(index: int):
    def change(root):
        p = body_paragraphs(root)[index]
        etree.SubElement(p, q("commentRangeStart"), {q("id"): "0"})
        etree.SubElement(p, q("commentRangeEnd"), {q("id"): "0"})
        run = etree.SubElement(p, q("r"))
        etree.SubElement(run, q("commentReference"), {q("id"): "0"})

    return change


TEMPLATE = ROOT / "templates" / "nb" / "samarbeidsavtale.docx"


def test_real_templates_have_no_revisions():
    for path in sorted((ROOT / "templates").rglob("*.docx")):
        assert revisions(path) == [], path


@pytest.mark.parametrize(
    "change, kind",
    [
        (tracked_insert(5), "innsatt tekst"),
        (tracked_delete(5), "slettet tekst"),
        (format_change(5), "endret avsnittsformat"),
    ],
)
def test_tracked_changes_are_named_with_paragraph_and_how_to_accept(tmp_path, change, kind):
    bad = tmp_path / "samarbeidsavtale.docx"
    edit(TEMPLATE, bad, change)
    [p] = lint(bad, "templates/nb/samarbeidsavtale.docx", None)
    assert p.unit == "avsnitt" and p.line == 6
    assert f"sporede endringer ({kind})" in p.message
    assert "Se gjennom → Godta → Godta alle endringer" in p.message
    assert str(p).startswith("templates/nb/samarbeidsavtale.docx, avsnitt 6: «")
    assert paragraphs(bad)[5].text[:20] in p.message  # the paragraph as Word shows it


def test_comment_is_refused(tmp_path):
    bad = tmp_path / "samarbeidsavtale.docx"
    edit(TEMPLATE, bad, comment(3))
    [p] = lint(bad, "samarbeidsavtale.docx", None)
    assert p.line == 4 and "kommentar" in p.message and "Slett alle kommentarer" in p.message


def test_check_and_build_refuse_before_converting(tmp_path):
    copy_agreements(ROOT / "agreements", tmp_path / "agreements")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    target = tmp_path / "templates" / "nb" / "samarbeidsavtale.docx"
    edit(TEMPLATE, target, tracked_delete(5))
    paths = Paths(tmp_path / "agreements", tmp_path / "templates", tmp_path / "output")
    problems = lint_templates(paths.templates)
    assert [p.file for p in problems] == [target.as_posix()]
    with pytest.raises(InputError) as info:
        build_module.check("hallingdal", paths)
    assert "sporede endringer" in info.value.report()

    class NoConversion:
        def __getattr__(self, name):
            raise AssertionError(f"a template with tracked changes reached conversion ({name})")

    with pytest.raises(InputError) as info:
        build_module.build("hallingdal", paths, BuildOptions(frozenset({"samarbeidsavtale"})), services=NoConversion())
    assert "sporede endringer" in info.value.report()
    assert not (paths.output / "hallingdal").exists()
