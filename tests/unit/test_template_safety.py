"""Templates are untrusted input (issue 24): nothing from outside, limits on size and time, no DOCTYPE,
no macros in the output, and every message Norwegian with the template, part or paragraph named.

`check` (the lint, build.templates.lint_templates) and the build (render_docx) must agree: each case is
run through both.
"""

from __future__ import annotations

import re
import struct
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from support import IMAGE_BODY, part, rezip, with_paragraph, with_relationship

from politidok.build.templates import lint_templates
from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError
from politidok.documents.catalogue import contexts
from politidok.render import limits, lint, package, render_docx

pytestmark = pytest.mark.slow  # hostile input and fuzzing: in `make test`, not in `make test-fast`

BASE = ROOT / "templates" / "nb" / "innkalling.docx"
# the number of a paragraph added at the end of BASE's body, as the lint counts (the body's paragraphs come first)
ADDED = sum(p.part == "document" for p in lint.paragraphs(BASE)) + 1
ENGLISH = re.compile(
    r"\b(access|attribute|unsafe|object|is undefined|has no|expected|unexpected|got|token|Error|error|"
    r"division|by zero|maximum|recursion depth|exceeded|Range too big|loader|not a Word file|content type)\b"
)


def _lint(template: Path) -> list[str]:
    return [str(p) for p in lint_templates(template.parents[1], [template])]


def _build(template: Path, tmp_path: Path) -> list[str]:
    context = contexts()["innkalling"]
    try:
        render_docx(template, context, DocumentInfo("Innkalling", "nb-NO", date(2025, 2, 1)), tmp_path / "ut.docx")
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


def _both(template: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    checked, built = _lint(template), _build(template, tmp_path)
    for line in checked + built:
        assert not ENGLISH.search(re.sub(r"«[^»]*»", "«»", line)), line
    return checked, built


def _hostile(tmp_path: Path) -> Path:
    return tmp_path / "templates" / "nb" / "innkalling.docx"


# --- item 2: nothing from outside ---------------------------------------------------------------------

OUTSIDE = {
    "image-http": ("image", "http://127.0.0.1:9/bilde.png", "word/_rels/document.xml.rels", IMAGE_BODY),
    "image-file": ("image", "file:///etc/passwd", "word/_rels/document.xml.rels", IMAGE_BODY),
    "ole": ("oleObject", "file:///tmp/regneark.xlsx", "word/_rels/document.xml.rels", ""),
    "altchunk": ("aFChunk", "http://127.0.0.1:9/innhold.html", "word/_rels/document.xml.rels", ""),
    "attached-template": ("attachedTemplate", "file:///C:/maler/Normal.dotm", "word/_rels/settings.xml.rels", ""),
    "subdocument": ("subDocument", "\\\\server\\del\\under.docx", "word/_rels/document.xml.rels", ""),
    "frame": ("frame", "http://127.0.0.1:9/ramme.html", "word/_rels/document.xml.rels", ""),
    "file-link": ("hyperlink", "file:///etc/passwd", "word/_rels/document.xml.rels", ""),
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_external_relationships_are_refused_naming_template_part_and_target(tmp_path, case):
    kind, target, rels, body = OUTSIDE[case]
    extra = {}
    if rels == "word/_rels/settings.xml.rels":
        extra[rels] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        )
        template = rezip(BASE, tmp_path / "mellom.docx", extra)
    else:
        template = BASE
    hostile = with_relationship(template, _hostile(tmp_path), kind, target, rels=rels, body=body)
    checked, built = _both(hostile, tmp_path)
    assert checked == built, (checked, built)  # check and build say the same
    assert len(checked) == 1, checked
    assert f"{hostile.as_posix()}:1: {rels}: malen henter innhold utenfra" in checked[0]
    assert f"peker på «{target}»" in checked[0]


def test_an_internal_altchunk_is_refused_too(tmp_path):
    hostile = with_relationship(
        BASE,
        _hostile(tmp_path),
        "aFChunk",
        "innhold.html",
        external=False,
        extra={"word/innhold.html": b'<html><img src="http://127.0.0.1:9/x.png"></html>'},
    )
    checked, built = _both(hostile, tmp_path)
    assert checked == built and "altChunk" in checked[0] and "innhold.html" in checked[0]


@pytest.mark.parametrize("target", ["https://www.politiet.no/", "mailto:post@kommune.no"])
def test_an_ordinary_web_or_mail_link_is_allowed(tmp_path, target):
    hostile = with_relationship(BASE, _hostile(tmp_path), "hyperlink", target)
    assert _both(hostile, tmp_path) == ([], [])


@pytest.mark.parametrize("field", ["INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDEAUTO"])
def test_field_codes_that_fetch_are_refused(tmp_path, field):
    document = part(BASE, "word/document.xml").decode()
    at = document.rindex("<w:sectPr")
    # Word splits the instruction over runs: « INCLUDE» «PICTURE "http://…" \d »
    code = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {field[:4]}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{field[4:]} "http://127.0.0.1:9/x.png" \\d </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    hostile = rezip(BASE, _hostile(tmp_path), {"word/document.xml": (document[:at] + code + document[at:]).encode()})
    checked, built = _both(hostile, tmp_path)
    assert checked == built and len(checked) == 1
    assert "word/document.xml: malen har feltkoden" in checked[0] and field in checked[0]


def test_a_hyperlink_field_is_not_taken_for_a_link_field(tmp_path):
    document = part(BASE, "word/document.xml").decode()
    at = document.rindex("<w:sectPr")
    code = '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://www.politiet.no/link&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
    hostile = rezip(BASE, _hostile(tmp_path), {"word/document.xml": (document[:at] + code + document[at:]).encode()})
    assert _both(hostile, tmp_path) == ([], [])


# --- item 3: DOCTYPE and entities, in every part --------------------------------------------------------

DOCTYPE = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize("name", [n for n in zipfile.ZipFile(BASE).namelist() if n.endswith((".xml", ".rels"))])
def test_a_doctype_is_refused_in_every_part_with_the_same_message_in_check_and_build(tmp_path, name):
    xml = part(BASE, name).decode("utf-8")
    declaration = re.match(r"<\?xml[^>]*\?>\s*", xml)
    at = declaration.end() if declaration else 0
    hostile = rezip(BASE, _hostile(tmp_path), {name: (xml[:at] + DOCTYPE + xml[at:]).encode()})
    checked, built = _both(hostile, tmp_path)
    assert checked == built, (checked, built)
    assert checked == [f"{hostile.as_posix()}:1: {name}: {package._doctype()}"]


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    xml = part(BASE, "word/document.xml").decode()
    xml = xml.replace("?>", '?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1).replace(
        "</w:body>", "<w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body>"
    )
    hostile = rezip(BASE, _hostile(tmp_path), {"word/document.xml": xml.encode()})
    checked, built = _both(hostile, tmp_path)
    assert checked == built and "DOCTYPE" in checked[0] and "root:" not in "".join(checked)


# --- item 3: sizes ----------------------------------------------------------------------------------------


def test_a_huge_part_is_refused_before_it_is_unpacked(tmp_path):
    big = b"\0" * (package.LIMITS.part_bytes + 1)  # compresses to a few KB: the zip stays small
    hostile = rezip(BASE, _hostile(tmp_path), {"word/media/stor.bin": big})
    assert hostile.stat().st_size < 100_000
    started = time.monotonic()
    checked, built = _both(hostile, tmp_path)
    assert time.monotonic() - started < 5
    assert checked == built and len(checked) == 1
    assert (
        "word/media/stor.bin: delen er over 10,0 MB utpakket; en del (et bilde o.l.) kan være høyst 10,0 MB"
        in (checked[0])
    )


def test_an_xml_part_over_its_limit_is_refused_before_it_is_parsed(tmp_path):
    xml = part(BASE, "word/document.xml").decode()
    filler = "<w:p><w:r><w:t>" + "x" * (package.LIMITS.xml_part_bytes) + "</w:t></w:r></w:p>"
    hostile = rezip(
        BASE, _hostile(tmp_path), {"word/document.xml": xml.replace("</w:body>", filler + "</w:body>").encode()}
    )
    started = time.monotonic()
    checked, built = _both(hostile, tmp_path)
    assert time.monotonic() - started < 5
    assert checked == built and len(checked) == 1
    assert (
        "word/document.xml: delen er over 5,0 MB utpakket; en XML-del (teksten, stilene …) kan være høyst 5,0 MB"
        in (checked[0])
    )


def test_a_part_whose_header_understates_its_size_is_cut_off(tmp_path):
    """A zip bomb that lies: its headers say 1 KB, the data unpacks to 11 MB. Unpacking stops at the limit
    (or at the size the header claims); either way the part is refused and nothing large is held."""
    hostile = rezip(BASE, _hostile(tmp_path), {"word/media/bombe.bin": b"\0" * (package.LIMITS.part_bytes + 1)})
    data = bytearray(hostile.read_bytes())
    name = b"word/media/bombe.bin"
    # (signature, offset of the name length, offset of the name, offset of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + length_at)[0]
            if bytes(data[at + name_at : at + name_at + length]) == name:
                struct.pack_into("<I", data, at + size_at, 1000)
            at = data.find(signature, at + 4)
    hostile.write_bytes(bytes(data))
    checked, built = _both(hostile, tmp_path)
    assert checked == built and len(checked) == 1
    assert "word/media/bombe.bin: delen kan ikke pakkes ut" in checked[0] or "bombe.bin: delen er over" in checked[0]


def test_a_template_file_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "LIMITS", package.Limits(template_bytes=5_000))
    hostile = rezip(BASE, _hostile(tmp_path), {"word/ekstra.txt": str(tmp_path).encode()})  # bytes of its own
    checked, built = _both(hostile, tmp_path)
    assert checked == built and len(checked) == 1
    assert re.search(r"malen er \d+,\d MB; en mal kan være høyst 0,0 MB", checked[0]), checked[0]


# --- item 2: macros are not taken along ------------------------------------------------------------------------


def test_a_vba_project_is_not_copied_into_the_output(tmp_path):
    vba = b'Attribute VB_Name = "ThisDocument"\nSub AutoOpen()\nEnd Sub\n'
    hostile = with_relationship(
        BASE,
        _hostile(tmp_path),
        "vbaProject",
        "vbaProject.bin",
        external=False,
        extra={"word/vbaProject.bin": vba},
    )
    hostile_types = (
        part(hostile, "[Content_Types].xml")
        .decode()
        .replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    )
    hostile = rezip(
        hostile,
        tmp_path / "templates" / "nb" / "x" / "innkalling.docx",
        {"[Content_Types].xml": hostile_types.encode()},
    )
    out = tmp_path / "ut.docx"
    render_docx(hostile, contexts()["innkalling"], DocumentInfo("Innkalling", "nb-NO", date(2025, 2, 1)), out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        assert "word/document.xml" in names and not any("vba" in n.lower() for n in names), names
        assert b"vbaProject" not in z.read("word/_rels/document.xml.rels")
        assert b"vbaProject" not in z.read("[Content_Types].xml")


@pytest.mark.parametrize(
    ("content_type", "said"),
    [
        ("application/vnd.ms-word.document.macroEnabled.main+xml", "Word-dokument med makroer (.docm)"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "Word-mal (.dotx)"),
    ],
)
def test_a_docm_or_dotx_saved_as_docx_is_refused_in_norwegian(tmp_path, content_type, said):
    types = part(BASE, "[Content_Types].xml").decode().replace(package.DOCX_MAIN, content_type)
    hostile = rezip(BASE, _hostile(tmp_path), {"[Content_Types].xml": types.encode()})
    checked, built = _both(hostile, tmp_path)
    assert (
        checked
        == built
        == [f"{hostile.as_posix()}:1: [Content_Types].xml: malen er lagret som {said}. {package.SAVE_AS_DOCX}"]
    )


# --- item 3: time and size limits while rendering -------------------------------------------------------------

RUNAWAY = {
    "nested loops": "{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}{% endfor %}{% endfor %}",
    "exponential macro": ("{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{% endif %}{% endmacro %}{{ m(60) }}"),
    "huge text": "{{ 'x'*10**10 }}",
    "huge number": "{{ 9**(9**9) }}",
    "doubling": "{% set ns = namespace(s='x') %}{% for i in range(200) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "nested lists": "{% set ns = namespace(l=[1]) %}{% for i in range(200) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
    "replace": "{{ ('x'*100000)|replace('x', 'x'*100000) }}",
    "wide format": "{{ '%0999999999d'|format(1) }}",
    "wide str.format": "{{ '{:>9999999999}'.format(1) }}",
    "ljust": "{{ 'x'.ljust(10**10) }}",
    "output": "{% for a in range(100000) %}{{ 'x'*100000 }}{% endfor %}",
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
}


# what the lint refuses before it renders (macros and range are not in the lint's vocabulary): check refuses
# these too, with the lint's message; the others pass the lint and stop in its trial render as in the build
LINT_FIRST = {"exponential macro", "doubling", "nested lists", "output", "recursion"}


@pytest.mark.parametrize("case", sorted(RUNAWAY))
def test_runaway_templates_stop_with_a_norwegian_message_in_check_and_build(tmp_path, monkeypatch, case):
    monkeypatch.setattr(limits, "LIMITS", limits.RenderLimits(seconds=1.0))
    hostile = with_paragraph(BASE, _hostile(tmp_path), RUNAWAY[case])
    started = time.monotonic()
    checked, built = _both(hostile, tmp_path)
    assert time.monotonic() - started < 6  # both together, each within its second
    assert checked and len(built) == 1, (checked, built)
    if case not in LINT_FIRST:
        assert checked == built
    where = ":1: " if case == "output" else f", avsnitt {ADDED}: «"  # the whole part is too long: no one paragraph
    assert built[0].startswith(hostile.as_posix() + where), built[0]
    assert re.search(
        r"malen (brukte mer enn 1 sekunder|lager|kaller seg selv|blir mer enn)|løkkene i malen|formatet|et format",
        built[0],
    ), built[0]


def test_the_time_limit_holds_in_a_thread_as_in_the_warm_server(monkeypatch, tmp_path):
    import threading

    monkeypatch.setattr(limits, "LIMITS", limits.RenderLimits(seconds=0.5))
    hostile = with_paragraph(BASE, _hostile(tmp_path), RUNAWAY["exponential macro"])
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append(_build(hostile, tmp_path)))
    started = time.monotonic()
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - started < 5
    assert "malen brukte mer enn 0,5 sekunder" in found[0][0]


# --- item 11: the sandbox's and Jinja's messages in Norwegian, with the paragraph --------------------------------

SANDBOX = {
    "{{ ''.__class__ }}": "malen prøver å bruke «__class__», som en mal ikke får bruke",
    "{{ mote.__init__ }}": "malen prøver å bruke «__init__», som en mal ikke får bruke",
    "{{ finnes_ikke }}": "malen bruker en verdi som ikke finnes: «finnes_ikke» finnes ikke",
    "{{ 1/0 }}": "malen deler på null",
    "{{ 'a' + 1 }}": "malen bruker en verdi på en måte som ikke passer til den",
    "{{ range(10**6)|list }}": "range() kan gi høyst 100 000 tall",
    "{% include 'annen.docx' %}": "malen kan ikke hente inn andre maler",
}


@pytest.mark.parametrize("code", sorted(SANDBOX))
def test_sandbox_and_jinja_messages_are_norwegian_and_name_the_paragraph(tmp_path, code):
    hostile = with_paragraph(BASE, _hostile(tmp_path), f"Tekst {code}")
    checked, built = _both(hostile, tmp_path)
    assert checked and built
    paragraph = re.escape(f"«Tekst {code}»")
    for found in (checked, built):  # the lint may find it first by itself (an unknown name): the same paragraph
        assert re.search(rf"^{re.escape(hostile.as_posix())}, avsnitt {ADDED}: {paragraph}", found[-1]), found
    assert SANDBOX[code] in built[0], built


def test_a_message_from_a_footer_names_the_footer(tmp_path):
    hostile = with_paragraph(BASE, _hostile(tmp_path), "Side {{ ''.__class__ }}", footer=True)
    built = _build(hostile, tmp_path)
    assert re.match(rf"^{re.escape(hostile.as_posix())}, avsnitt \d+: bunntekst 1: «Side ", built[0]), built
    assert _lint(hostile) == built


def test_syntax_errors_in_the_lint_are_norwegian(tmp_path):
    hostile = with_paragraph(BASE, _hostile(tmp_path), "Tekst {{ a b }} og {{ a[ }}")
    checked = _lint(hostile)
    assert any("ventet slutten på feltet («}}»), men fant «b»" in line for line in checked), checked
    assert any("ventet «]», men fant «}»" in line for line in checked), checked


def test_a_fetching_field_written_by_the_templates_own_code_is_refused_after_rendering(tmp_path):
    """`|safe` lets a template's code write XML ('%c' % 60 is «<»): what it wrote is checked too."""
    code = "{{ (('%c' % 60) ~ 'w:fldSimple w:instr=\"INCLUDEPICTURE http://127.0.0.1:9/x.png\"/' ~ ('%c' % 62))|safe }}"
    hostile = with_paragraph(BASE, _hostile(tmp_path), code)
    checked, built = _both(hostile, tmp_path)
    assert checked == built and len(built) == 1, (checked, built)
    assert "word/document.xml: malen har feltkoden «INCLUDEPICTURE http://127.0.0.1:9/x.png»" in built[0]
