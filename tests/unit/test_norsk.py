"""The command line speaks Norwegian: click's texts through politidok's gettext catalog, every
command's help and every error a bad argument provokes, with the old English names as hidden aliases."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import click
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from support import invoke

from politidok import clinorsk
from politidok.cli import cli
from politidok.core import resources

CATALOG = Path(clinorsk.__file__).parent / "locale" / "nb" / "LC_MESSAGES"

# words of click's English texts (and of English in general) that are no Norwegian words
ENGLISH = {
    "the",
    "is",
    "not",
    "does",
    "match",
    "format",
    "valid",
    "invalid",
    "missing",
    "option",
    "options",
    "usage",
    "error",
    "try",
    "such",
    "command",
    "commands",
    "requires",
    "required",
    "got",
    "unexpected",
    "extra",
    "exist",
    "exists",
    "directory",
    "file",
    "path",
    "show",
    "message",
    "exit",
    "did",
    "you",
    "mean",
    "integer",
    "choose",
    "from",
    "was",
    "were",
    "given",
    "takes",
    "value",
    "values",
    "aborted",
    "default",
    "please",
    "no",
    "one",
    "of",
    "an",
    "and",
    "this",
    "help",
    "for",
    "with",
    "name",
}
NORWEGIAN_TOO = {"for", "help"}  # «for» is Norwegian; «help» only in option names, checked apart
ENGLISH -= NORWEGIAN_TOO
UPPER_ENGLISH = re.compile(r"\b(TEXT|INTEGER|PATH|FILE|DIRECTORY|FLOAT|OPTIONS|COMMAND|ARGS|NAME|PDFS|DOCX)\b")


def english_words(text: str) -> list[str]:
    """English words outside «quotes» (a user's value), option names and paths."""
    text = re.sub(r"«[^»]*»|'[^']*'", " ", text)
    found = []
    for token in re.findall(r"[^\s,.:;()\[\]|]+", text):
        if token.startswith("-") or "/" in token or "=" in token:
            continue
        if token.lower() in ENGLISH:
            found.append(token)
    return found


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        assert command is not None
        if command.hidden:
            continue
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


def bad_calls() -> list[list[str]]:
    """Every command with an unknown option, each value option without its value, each number with a
    word, each file that must exist with one that does not, extra arguments, and required ones left out."""
    calls: list[list[str]] = [["fisk"], ["--finnes-ikke"], ["tjener", "fisk"], ["maler", "fisk"]]
    for path, command in commands():
        if isinstance(command, click.Group):
            continue
        base = list(path)
        calls.append([*base, "--finnes-ikke"])
        if not any(isinstance(p, click.Argument) and p.nargs == -1 for p in command.params):
            calls.append([*base, "a", "b", "c", "d", "e"])
        required = [p for p in command.params if p.required]
        if required:
            calls.append(base)
        for p in command.params:
            if not isinstance(p, click.Option) or p.is_flag or p.hidden or p.name == "help":
                continue
            filler = ["x"] * sum(isinstance(a, click.Argument) and a.required for a in command.params)
            calls.append([*base, *filler, p.opts[0]])
            if isinstance(p.type, click.types.IntParamType):
                calls.append([*base, *filler, p.opts[0], "abc"])
            if isinstance(p.type, click.types.DateTime) or p.name == "dato":
                calls.append([*base, *filler, p.opts[0], "1.2.2025"])
            if isinstance(p.type, click.Path) and p.type.exists:
                calls.append([*base, *filler, p.opts[0], "/finnes/ikke"])
            if isinstance(p.type, click.Choice):
                calls.append([*base, *filler, p.opts[0], "ingen-slik"])
        for p in command.params:
            if isinstance(p, click.Argument) and isinstance(p.type, click.Path) and p.type.exists:
                calls.append([*base, "/finnes/ikke.pdf"])
    return calls


@pytest.mark.parametrize("args", bad_calls(), ids=" ".join)
def test_bad_arguments_get_norwegian_messages(args, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # nothing to find here: no region, no working folder
    monkeypatch.setenv("POLITIDOK_SERVER", "off")
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the user's locale does not make politidok English
    code, text = invoke(args, capsys)
    assert code == 2, text
    assert text.strip()
    assert not english_words(text), (english_words(text), text)
    assert "Traceback" not in text


def test_every_help_is_norwegian(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    seen = 0
    for path, _command in [((), cli), *commands()]:
        code, text = invoke([*path, "--hjelp"], capsys)
        assert code == 0, text
        assert text.startswith(f"Bruk: politidok {' '.join(path)}".rstrip() + " ")
        assert "Valg:" in text and "Options" not in text
        assert not UPPER_ENGLISH.search(text), (path, UPPER_ENGLISH.search(text))
        assert not english_words(text), (path, english_words(text))
        assert not re.search(r"--(only|year|force|out|agreements|templates|output|help|field|idle)\b", text), path
        seen += 1
    assert seen > 12


def test_the_old_english_names_still_work(tmp_path, monkeypatch, capsys):
    out = tmp_path / "veiledning.md"
    code, text = invoke(["guide", "--out", str(out)], capsys)
    assert code == 0 and out.read_text(encoding="utf-8").startswith("#"), text
    code, text = invoke(["guide", "--check", "--out", str(out)], capsys)
    assert code == 0 and "er oppdatert" in text
    code, text = invoke(["build", "--help"], capsys)
    assert code == 0 and "Bruk: politidok bygg" in text


def test_a_dash_writes_to_standard_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, text = invoke(["veiledning", "--ut", "-"], capsys)
    assert code == 0 and text.startswith("#") and "## Kontroller og bygg på nytt" in text
    assert not (tmp_path / "-").exists()


def test_the_catalog_is_compiled_from_its_source():
    """politidok.mo is committed: it must say what politidok.po says (`make locale` compiles it)."""
    with (CATALOG / "politidok.po").open("rb") as f:
        po = read_po(f)
    with (CATALOG / "politidok.mo").open("rb") as f:
        mo = read_mo(f)

    def both(m) -> tuple:
        return tuple([m.id] if isinstance(m.id, str) else m.id), tuple(
            [m.string] if isinstance(m.string, str) else m.string
        )

    source = dict(both(m) for m in po if m.id)
    compiled = dict(both(m) for m in mo if m.id)
    assert source == compiled
    assert all(all(v) for v in source.values()), [k for k, v in source.items() if not all(v)]


def test_the_catalog_covers_every_text_click_marks():
    """Each `_()`/`ngettext()` text in the installed click is in the catalog."""
    from babel.messages.extract import extract_from_dir

    click_dir = Path(click.__file__).parent
    marked = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(str(click_dir))}
    with (CATALOG / "politidok.po").open("rb") as f:
        ours = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert marked - ours == set()


def test_click_is_translated_by_gettext_not_patched():
    import click.core
    import click.exceptions

    assert click.core._ is gettext.gettext and click.exceptions.ngettext is gettext.ngettext
    assert gettext.textdomain() == clinorsk.DOMAIN
    assert gettext.gettext("Usage:") == "Bruk:"
    assert gettext.ngettext("Option {name!r} requires an argument.", "x", 1) == "Valget «{name}» trenger en verdi."
    assert resources.locale() == CATALOG.parent.parent
