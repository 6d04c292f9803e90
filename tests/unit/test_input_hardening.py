"""Hostile and careless input (issue 16): every class ends in a Norwegian `file:line: field: message`, exit 2.

Each test names the class from the issue; the line asserted is the line of the offending key.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import time
from pathlib import Path

import pikepdf
import pytest
from conftest import copy_agreements

from politidok.cli import main
from politidok.core.errors import InputError, Problem
from politidok.load import load_agreement, load_region
from politidok.load.yamlsource import MAX_BYTES, parse, read

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "agreements" / "hallingdal" / "avtale.yaml").read_text(encoding="utf-8")
MEETING = "2025-04-08-hol.yaml"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def agreement_problems(tmp_path: Path, text: str) -> list[Problem]:
    region = tmp_path / "region"
    region.mkdir(exist_ok=True)
    (region / "avtale.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_agreement(region, display_root=tmp_path)
    return info.value.problems


@pytest.fixture()
def region(tmp_path) -> Path:
    folder = tmp_path / "agreements" / "hallingdal"
    copy_agreements(ROOT / "agreements" / "hallingdal", folder)
    return folder


def meeting_problems(region: Path, old: str, new: str, name: str = MEETING) -> tuple[list[Problem], str]:
    path = region / "moter" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_region(region, display_root=region.parent)
    return info.value.problems, text


def run_check(region: Path) -> tuple[int, str]:
    """`politidok check` in-process: exit code and everything printed."""
    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(["check", region.name, "--agreements", str(region.parent), "--templates", str(ROOT / "templates")])
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue()


# --- the calendar and the range of dates ------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        ("2025-02-30", "2025-02-30 finnes ikke i kalenderen"),
        ("2025-13-01", "2025-13-01 finnes ikke i kalenderen"),
        ("1718000000", "ikke et tall"),
        ("0", "ikke et tall"),
        ("2999-01-01", "mellom 1990 og 2100"),
        ("1970-01-01", "mellom 1990 og 2100"),
        ("true", "ikke true/false"),
        ("11.03.2025", "ikke en dato"),
        ("2025-03-11 10:00:00", "uten klokkeslett"),
    ],
)
def test_impossible_dates_and_numbers_where_dates_belong(tmp_path, value, words):
    text = GOOD.replace("  dato: 2024-10-17", f"  dato: {value}")
    [p] = agreement_problems(tmp_path, text)
    assert p.field == "signering.dato"
    assert p.line == line_of(text, f"dato: {value}")
    assert words in p.message


def test_period_ending_before_it_begins(tmp_path):
    text = GOOD.replace("  fra: 2024-10-25\n", "  fra: 2024-10-25\n  til: 2024-10-24\n")
    [p] = agreement_problems(tmp_path, text)
    assert (p.field, p.line) == ("gyldighet.til", line_of(text, "til: 2024-10-24"))
    assert "slutter (2024-10-24) før den begynner (2024-10-25)" in p.message


def test_meeting_ending_before_it_starts(region):
    problems, text = meeting_problems(region, 'til: "12:00"', 'til: "09:00"')
    [p] = problems
    assert (p.field, p.line) == ("til", line_of(text, 'til: "09:00"'))
    assert "møtet slutter (kl. 09.00) før eller når det begynner (kl. 10.00)" in p.message


# --- text that is no text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        ('"Gol\\0kommune"', "U+0000 (NUL)"),
        ('"Side 1\\fSide 2"', "U+000C (sideskift)"),
        ('"abc\\x1b[31m"', "U+001B (escape)"),
        ('"abc\\u202Eevil"', "U+202E (retningsstyring)"),
        ('"\\u200B\\u200B"', "bare usynlige tegn"),
        ('"\\u00A0 \\u2060"', "bare usynlige tegn"),
        ('"\\u3164"', "bare usynlige tegn"),
    ],
)
def test_control_and_invisible_characters_are_refused(tmp_path, value, words):
    text = GOOD.replace("  region: Hallingdal", f"  region: {value}")
    [p] = agreement_problems(tmp_path, text)
    assert (p.field, p.line) == ("politirad.region", line_of(text, "  region: "))
    assert words in p.message
    assert "\x00" not in str(p) and "\x1b" not in str(p) and "\u202e" not in str(p)


def test_raw_control_character_in_the_file_names_its_line(tmp_path):
    text = GOOD.replace("  region: Hallingdal", "  region: Hal\x0clingdal")
    [p] = agreement_problems(tmp_path, text)
    assert p.line == line_of(text, "region: Hal")
    assert "U+000C (sideskift)" in p.message and "\x0c" not in str(p)


def test_long_values_are_bounded_and_not_echoed(tmp_path):
    long_title = "Politirådet " + "i Hallingdal " * 1000  # 13,000 characters in a short field
    text = GOOD.replace("  navn: Politirådet i Hallingdal", f"  navn: {long_title}")
    [p] = agreement_problems(tmp_path, text)
    assert p.field == "politirad.navn" and "er for lang" in p.message and "høyst 10000 tegn" in p.message
    word = "x" * 1_000
    text = GOOD.replace("  region: Hallingdal", f"  region: {word}")
    [p] = agreement_problems(tmp_path, text)
    assert "ord" in p.message and len(str(p)) < 300


def test_value_echoed_at_most_80_characters(region):
    problems, _ = meeting_problems(region, "kommune: Hol", "kommune: " + "Holmestrand " * 500)
    [p] = [p for p in problems if p.field == "kommune"]
    quoted = p.message.split("«")[1].split("»")[0]
    assert len(quoted) <= 80 and quoted.endswith("…")


def test_leading_zero_number_stays_text(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("telefon: 02800\npostnummer: 0150\noktal: 0o17\nheks: 0x1F\nn: 0\n", encoding="utf-8")
    source, problems = read(path)
    assert not problems
    assert source.data == {"telefon": "02800", "postnummer": "0150", "oktal": 15, "heks": 31, "n": 0}


def test_explicit_tags_that_cannot_be_made(tmp_path):
    for value, words in (
        ("!!int x", "«x» er ikke et heltall"),
        ("!!float x", "«x» er ikke et tall"),
        ("!!bool ja", "«ja» er ikke true eller false"),
        ("!python/object x", "ukjent YAML-merke"),
    ):
        text = GOOD.replace("  region: Hallingdal", f"  region: {value}")
        [p] = agreement_problems(tmp_path, text)
        assert p.line == line_of(text, "  region: ") and words in p.message


# --- YAML bombs and deep nesting ----------------------------------------------------------------


def test_billion_laughs_is_refused_fast(tmp_path):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    started = time.monotonic()
    [p] = agreement_problems(tmp_path, bomb)
    assert time.monotonic() - started < 2
    assert "aliasene" in p.message and "for mange verdier" in p.message
    assert p.line <= 9


def test_recursive_alias(tmp_path):
    [p] = agreement_problems(tmp_path, "politirad: &a\n  navn: x\n  selv: *a\n")
    assert "viser til seg selv" in p.message


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 50_000 + "\n",
        "a: " + "[" * 60 + "]" * 60 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x: 1\n",
    ],
)
def test_deep_nesting_is_a_message_not_a_crash(tmp_path, text):
    [p] = agreement_problems(tmp_path, text)
    assert "nivåer" in p.message


def test_file_too_large(tmp_path):
    text = GOOD + "#" * (MAX_BYTES + 10) + "\n"
    [p] = agreement_problems(tmp_path, text)
    assert "for stor" in p.message and p.line == 1


# --- libyaml's problems in Norwegian, at the line where the fault starts -----------------------


@pytest.mark.parametrize(
    "old, new, needle, words",
    [
        ("  region: Hallingdal", '  region: "Hallingdal', 'region: "Hallingdal', "anførselstegnet lukkes ikke"),
        ("  region: Hallingdal", "  region: [Hallingdal", "region: [Hallingdal", "lukkes ikke med «]»"),
        ("  region: Hallingdal", "  region Hallingdal", "region Hallingdal", "mangler «:»"),
        ("  region: Hallingdal", " region: Hallingdal", " region: Hallingdal", "feil innrykk"),
        ("  region: Hallingdal", "  region: Hallingdal: Gol", "region: Hallingdal: Gol", "kolon på feil sted"),
        ("  region: Hallingdal", "  region: @Hallingdal", "region: @Hallingdal", "kan ikke begynne en verdi"),
        ("  region: Hallingdal", "  region: *ukjent", "region: *ukjent", "ukjent alias"),
        ("  region: Hallingdal", '  region: "Hall\\qingdal"', 'region: "Hall', "ukjent tegn etter «\\»"),
    ],
)
def test_syntax_errors_are_norwegian_and_point_at_the_fault(tmp_path, old, new, needle, words):
    text = GOOD.replace(old, new)
    [p] = agreement_problems(tmp_path, text)
    assert words in p.message and p.message.startswith("ugyldig YAML-syntaks")
    assert p.line == line_of(text, needle)
    for english in ("found", "expected", "while", "could not", "scanning", "parsing"):
        assert english not in p.message


def test_two_documents(tmp_path):
    text = GOOD + "---\nnoe: annet\n"
    [p] = agreement_problems(tmp_path, text)
    assert "ett dokument" in p.message and p.line == line_of(text, "---")


def test_non_text_key(tmp_path):
    text = GOOD.replace("politirad:\n", "politirad:\n  1: x\n", 1)
    problems = agreement_problems(tmp_path, text)
    assert any(
        p.field == "politirad.1" and "ukjent felt" in p.message and p.line == line_of(text, "  1: x") for p in problems
    )


# --- what is not a file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, words",
    [
        ("folder", "er en mappe"),
        ("symlink", "er en symbolsk lenke"),
        ("dangling", "er en symbolsk lenke"),
        ("fifo", "FIFO"),
        ("device", "er en enhet"),
        ("device-link", "er en symbolsk lenke"),
    ],
)
def test_not_a_regular_file(region, kind, words):
    path = region / "moter" / MEETING
    path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "symlink":
        path.symlink_to(ROOT / "agreements" / "hallingdal" / "moter" / MEETING)
    elif kind == "dangling":
        path.symlink_to(region / "finnes-ikke")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device-link":
        path.symlink_to("/dev/zero")
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))
        except PermissionError:
            pytest.skip("mknod needs privileges")
    started = time.monotonic()
    code, out = run_check(region)
    assert time.monotonic() - started < 5  # no blocking read
    assert code == 2, out
    assert f"moter/{MEETING}:1: " in out and words in out
    assert "Intern feil" not in out and "Traceback" not in out


def test_agreement_is_a_folder(region):
    (region / "avtale.yaml").unlink()
    (region / "avtale.yaml").mkdir()
    code, out = run_check(region)
    assert code == 2 and "avtale.yaml:1: er en mappe" in out


def test_not_utf8(region):
    (region / "moter" / MEETING).write_bytes("dato: 2025-04-08\nsted: Ål\n".encode("latin-1"))
    code, out = run_check(region)
    assert code == 2 and "ikke UTF-8" in out and f"{MEETING}:2: " in out


# --- attachments stay inside the region ---------------------------------------------------------

ATTACHMENT = "moter/vedlegg/situasjonsbilde-2025.pdf"


@pytest.mark.parametrize(
    "fil, words",
    [
        ("/etc/passwd", "ikke en absolutt sti"),
        ("../../../etc/passwd", "«..» er ikke tillatt"),
        ("moter/../../hallingdal/" + ATTACHMENT, "«..» er ikke tillatt"),
        ("~/hemmelig.pdf", "ikke en absolutt sti"),
    ],
)
def test_attachment_paths_outside_the_region(region, fil, words):
    problems, text = meeting_problems(region, ATTACHMENT, fil, name="2025-02-10-gol.yaml")
    [p] = problems
    assert p.field == "saker[2].vedlegg[1].fil" and words in p.message
    assert p.line == line_of(text, "fil: ")


def test_attachment_symlink_pointing_out(region, tmp_path):
    outside = tmp_path / "utenfor.pdf"
    shutil.copy(region / ATTACHMENT, outside)
    (region / "moter" / "vedlegg" / "lenke.pdf").symlink_to(outside)
    problems, _ = meeting_problems(region, ATTACHMENT, "moter/vedlegg/lenke.pdf", name="2025-02-10-gol.yaml")
    [p] = problems
    assert "lenke til en fil utenfor regionmappen" in p.message


def test_attachment_symlink_inside_is_fine(region):
    (region / "moter" / "vedlegg" / "lenke.pdf").symlink_to("situasjonsbilde-2025.pdf")
    path = region / "moter" / "2025-02-10-gol.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(ATTACHMENT, "moter/vedlegg/lenke.pdf"), encoding="utf-8")
    assert load_region(region).moter


def test_attachment_must_be_a_pdf_by_its_header(region):
    fake = region / "moter" / "vedlegg" / "falsk.pdf"
    fake.write_text("dette er ingen PDF\n", encoding="utf-8")
    problems, _ = meeting_problems(region, ATTACHMENT, "moter/vedlegg/falsk.pdf", name="2025-02-10-gol.yaml")
    [p] = problems
    assert "falsk.pdf er ikke en PDF" in p.message


def test_attachment_fifo_does_not_hang(region):
    os.mkfifo(region / "moter" / "vedlegg" / "ror.pdf")
    started = time.monotonic()
    problems, _ = meeting_problems(region, ATTACHMENT, "moter/vedlegg/ror.pdf", name="2025-02-10-gol.yaml")
    assert time.monotonic() - started < 5
    [p] = problems
    assert "ikke en vanlig fil" in p.message


def test_plain_pdf_attachment_still_needs_pdfa(region):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(region / "moter" / "vedlegg" / "vanlig.pdf")
    problems, _ = meeting_problems(region, ATTACHMENT, "moter/vedlegg/vanlig.pdf", name="2025-02-10-gol.yaml")
    assert ["vanlig.pdf er ikke PDF/A" in p.message for p in problems] == [True]


# --- the whole check ------------------------------------------------------------------------------


def test_many_problems_in_one_report_bounded_and_norwegian(region):
    path = region / "moter" / MEETING
    text = path.read_text(encoding="utf-8")
    text = text.replace("dato: 2025-04-08", "dato: 2025-02-30").replace("sted: ", 'sted: "' + "x " * 50_000 + '"\n#', 1)
    text = text.replace("referent: ", 'referent: "\\0"\n#', 1)
    path.write_text(text, encoding="utf-8")
    code, out = run_check(region)
    assert code == 2
    assert "2025-02-30 finnes ikke i kalenderen" in out
    assert "U+0000 (NUL)" in out and "er for lang (100000 tegn; høyst 10000 tegn)" in out
    assert len(out) < 3_000 and "\x00" not in out
    assert "Intern feil" not in out


def test_parse_never_raises_on_garbage():
    for text in (
        "",
        "\n",
        "- - - -",
        "? ? ?",
        "{[}]",
        "!!",
        "&",
        "*",
        "%",
        "'",
        '"',
        "|",
        ">",
        "- |\n x\n y",
        "a: !!binary ###",
        "a: !!timestamp 2025-99-99T99:99",
        "\t",
        "a:\n\t b",
        "\ufeff",
        "...",
        "---\n---",
    ):
        parse(text, Path("x.yaml"), "x.yaml")


# --- every model field uses the shared value types ----------------------------------------------


def _bare(annotation, metadata=()) -> list[str]:
    """Plain `str` or `date` inside an annotation, i.e. not one of the checked types (Tekst, Dato, a pattern …)."""
    import datetime
    import typing

    from pydantic import StringConstraints

    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _bare(base, meta)
    if annotation is str and not any(isinstance(m, StringConstraints) or hasattr(m, "func") for m in metadata):
        return ["str"]
    if annotation is datetime.date and not any(
        getattr(getattr(m, "func", None), "__name__", "") == "_dato_inn" for m in metadata
    ):
        return ["date"]
    return [b for arg in typing.get_args(annotation) for b in _bare(arg)]


def test_every_text_and_date_field_is_checked():
    """A new field written as plain `str` or `date` would bypass the checks: use Tekst, Langtekst or Dato."""
    from politidok.load import models, planmodels

    bare = {}
    for model in [*vars(models).values(), *vars(planmodels).values()]:
        if isinstance(model, type) and issubclass(model, models.Modell):
            for name, info in model.model_fields.items():
                found = _bare(info.annotation, info.metadata)
                if found:
                    bare[f"{model.__name__}.{name}"] = found
    assert not bare, bare


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        ("nummer: 1/25", "nummer: 1" + "0" * 5000 + "/25", "saker[1].nummer", "formen N/ÅÅ"),
        ("nummer: 1/25", "nummer: sak en", "saker[1].nummer", "formen N/ÅÅ"),
    ],
)
def test_sak_numbers_are_bounded(region, old, new, field, words):
    problems, text = meeting_problems(region, old, new)
    assert any(p.field == field and words in p.message and p.line == line_of(text, new[:12]) for p in problems), (
        problems
    )


def test_ids_are_bounded(tmp_path):
    text = GOOD.replace("  - id: ", "  - id: " + "x" * 200 + "-", 1)
    problems = agreement_problems(tmp_path, text)
    assert any("er for lang" in p.message and p.field.endswith(".id") for p in problems), problems
