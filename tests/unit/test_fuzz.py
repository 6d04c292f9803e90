"""Fuzzing `politidok check` (issue 16): generated and nasty YAML, in-process.

Every input must end in exit code 0 or 2 – never «Intern feil», a traceback, a crash or a hang –
and when it is refused, with Norwegian `file:line: field: message` lines that name a file of the
region and a line inside it, bounded in size, with no control characters and no English.

The corpus in tests/fuzz_corpus/ (the nasty cases of the issue) runs every time. The generated part
runs POLITIDOK_FUZZ_N examples per strategy (small by default; `make fuzz N=2000` for a long run,
which prints the figures at the end).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import copy_agreements
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from politidok.cli import main
from politidok.load.yamlsource import format_loc, parse

pytestmark = pytest.mark.slow  # hostile input and fuzzing: in `make test`, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz_corpus"
N = int(os.environ.get("POLITIDOK_FUZZ_N", "25"))
TIMEOUT = 10  # seconds for one check; more is a hang
FIGURES: Counter = Counter()

PROBLEM_LINE = re.compile(r"^  (?P<file>.+?):(?P<line>\d+): (?P<rest>.*)$")
# words of libyaml, PyYAML, pydantic and Python that must never reach a secretary
ENGLISH = re.compile(
    r"\b(found|expected|while|could not|cannot|scanning|parsing|mapping|sequence|token|"
    r"Input should|Value error|Error|error|invalid|not allowed|unacceptable|character|"
    r"Traceback|object|NoneType|type=|line \d+, column)\b"
)


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so politidok's own handler cannot turn it into «Intern feil»."""


class Region:
    """A writable copy of the Hallingdal region; each example changes one file and puts it back."""

    def __init__(self, root: Path, name: str = "hallingdal"):
        self.name = name
        self.agreements = root / "agreements"
        self.folder = self.agreements / name
        copy_agreements(ROOT / "agreements" / name, self.folder)
        self.files = sorted(str(p.relative_to(self.folder)) for p in self.folder.rglob("*.yaml"))
        self.original = {name: (self.folder / name).read_bytes() for name in self.files}

    def restore(self, name: str) -> None:
        path = self.folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.write_bytes(self.original[name])

    def check(self, name: str, content: bytes) -> tuple[int, str, float]:
        path = self.folder / name
        path.write_bytes(content)
        try:
            return run_check(self.agreements, self.name)
        finally:
            self.restore(name)


def run_check(
    agreements: Path, name: str = "hallingdal", templates: Path = ROOT / "templates", timeout: int = TIMEOUT
) -> tuple[int, str, float]:
    """`politidok check NAME` in this process: exit code, all output, seconds (more than `timeout`: a hang)."""
    out = io.StringIO()
    code = 0
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                main(["check", name, "--agreements", str(agreements), "--templates", str(templates)])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    except Hang:
        FIGURES["heng"] += 1
        pytest.fail(f"check hung for more than {timeout} s")
    except (RecursionError, MemoryError):
        FIGURES["krasj"] += 1
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), time.monotonic() - started


def _alarm(_signum, _frame):
    raise Hang()


def _plain_answer(code: int, out: str, counted: str) -> list[str]:
    """What every answer of `check` obeys, counted in FIGURES («{counted}godtatt», «{counted}avvist»): no
    internal error, exit 0 or 2, short plain lines. Its lines when it refuses the input, else []."""
    for word, figure in (("Intern feil", "intern feil"), ("Traceback", "traceback")):
        if word in out:
            FIGURES[figure] += 1
    assert "Intern feil" not in out and "Traceback" not in out, out[-2000:]
    assert code in (0, 2), (code, out[-2000:])
    FIGURES[counted + ("godtatt" if code == 0 else "avvist")] += 1
    assert len(out) < 30_000 and all(len(line) < 1_000 for line in out.splitlines()), len(out)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), repr(out[:500])
    if code == 0:
        assert out.startswith("OK: ")
        return []
    lines = out.splitlines()
    assert re.match(r"^Fant \d+ feil i inndata:$", lines[0]) and lines[-1] == "Ingenting er skrevet til output/."
    return lines


def assert_sane(code: int, out: str, region: Region, name: str, content: bytes) -> list[tuple[str, int, str]]:
    """The rules every input obeys; returns the problems (file, line, rest) for further checks."""
    FIGURES["inndata"] += 1
    lines = _plain_answer(code, out, "")
    if not lines:
        return []
    problems = []
    files = {str(region.folder / f) for f in region.files}
    # YAML breaks lines at CR, LF, CRLF, NEL and the Unicode separators, as an editor does
    n_lines = len(re.split("\r\n|\r|\n|\x85|\u2028|\u2029", content.decode("utf-8", "replace")))
    for line in lines[1:-1]:
        if re.match(r"^  … og \d+ feil til ", line) and line is lines[-2]:
            continue
        m = PROBLEM_LINE.match(line)
        assert m, line
        file, number, rest = m["file"], int(m["line"]), m["rest"]
        assert file in files or file.endswith(tuple(region.files)), file
        words = _message_words(rest, content)
        if ENGLISH.search(words):
            FIGURES["engelsk"] += 1
        assert not ENGLISH.search(words), line
        if file.endswith(name):
            if not (1 <= number <= n_lines):
                FIGURES["feil linje"] += 1
            assert 1 <= number <= n_lines, (line, n_lines)
        problems.append((file, number, rest))
    return problems


def _message_words(rest: str, content: bytes) -> str:
    """What politidok itself wrote: the field path (the secretary's own keys) and «quoted values» left out."""
    text = content.decode("utf-8", "replace")
    field, sep, message = rest.partition(": ")
    parts = [part for part in re.split(r"[.\[\]]", field) if part and not part.isdigit()]
    if sep and parts and all(part in text or part.replace("\\", "\\\\") in text for part in parts):
        rest = message
    return re.sub(r"«[^»]*»?", "«»", rest)


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Region:
    return Region(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module", params=["hallingdal", "trondelag-sor"])
def any_region(request, tmp_path_factory) -> Region:
    """Each example region in turn (Trøndelag Sør has saksframlegg files)."""
    return Region(tmp_path_factory.mktemp("fuzz"), request.param)


@pytest.fixture(scope="module", autouse=True)
def figures():
    FIGURES.clear()
    yield
    if N > 100:  # the long run: the figures of the issue
        started = FIGURES.pop("_start", None)
        print("\n\nFuzz-tall:", ", ".join(f"{k}: {v}" for k, v in sorted(FIGURES.items())), started or "")


# --- the corpus: the nasty cases of the issue, every time ----------------------------------------

HEAD = re.compile(
    rb"^# m\xc3\xa5l: (?P<target>\S+)  kode: (?P<code>\d)  linje: (?P<line>\d+)  melding: (?P<msg>.*)$", re.MULTILINE
)


def corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("case", corpus(), ids=lambda p: p.stem)
def test_corpus(region, case):
    content = case.read_bytes()
    head = HEAD.match(content.split(b"\n", 1)[0])
    assert head, f"{case.name}: first line must be «# mål: … kode: … linje: … melding: …»"
    target, expected = head["target"].decode(), int(head["code"])
    line, message = int(head["line"]), head["msg"].decode().strip()
    code, out, seconds = region.check(target, content)
    problems = assert_sane(code, out, region, target, content)
    assert code == expected, out[-2000:]
    assert seconds < 5, seconds
    if expected == 2:
        mine = [(n, rest) for file, n, rest in problems if file.endswith(target)]
        assert any(message in rest and (line == 0 or n == line) for n, rest in mine), (line, message, out)


@pytest.mark.parametrize("kind", ["mappe", "lenke", "lenke-ut", "lenke-til-enhet", "fifo", "ikke-utf8", "tom"])
def test_not_a_file(region, kind):
    name = "moter/2025-04-08-hol.yaml"
    path = region.folder / name
    path.unlink()
    try:
        if kind == "mappe":
            path.mkdir()
        elif kind == "lenke":
            path.symlink_to("2025-02-10-gol.yaml")
        elif kind == "lenke-ut":
            path.symlink_to("/etc/passwd")
        elif kind == "lenke-til-enhet":
            path.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "ikke-utf8":
            path.write_bytes(b"sted: \xe5l\n")
        else:
            path.write_bytes(b"")
        code, out, seconds = run_check(region.agreements)
    finally:
        region.restore(name)
    assert_sane(code, out, region, name, b"")
    assert code == 2 and seconds < 5
    assert f"{name}:1: " in out


# --- generated inputs ---------------------------------------------------------------------------

CONTROL = st.sampled_from(
    [chr(c) for c in [*range(9), *range(11, 32), 0x7F, 0x85, 0x9B, 0x2028, 0x2029, 0x202E, 0x2066, 0xFFFE]]
)
INVISIBLE = st.text(
    st.sampled_from(
        [
            "\u200b",
            "\u200c",
            "\u200d",
            "\u2060",
            "\ufeff",
            "\u00a0",
            " ",
            "\u3000",
            "\u00ad",
            "\u3164",
            "\u2800",
            "\u180e",
        ]
    ),
    min_size=1,
    max_size=8,
)
BAD_DATES = st.one_of(
    st.builds(
        lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1990, 2100), st.integers(1, 12), st.integers(29, 31)
    ).filter(lambda s: not _real_date(s)),
    st.builds(
        lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1990, 2100), st.integers(13, 99), st.integers(1, 28)
    ),
    st.builds(lambda y: f"{y:04d}-06-15", st.integers(0, 1989) | st.integers(2101, 9999)),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.booleans(),
)


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


ANY_TEXT = st.text(max_size=60)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ANY_TEXT,
    st.dates(),
    st.sampled_from(["02800", "0o9", "1e5", "08:00", "25:99", "2025-02-30", "~", "null", ".nan"]),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)


def leaves(data, loc=()):
    """(path, value) of every scalar in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, (*loc, i))
    else:
        yield loc, data


def put(data, loc, value):
    if not loc:
        return value
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value
    return data


def dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9).encode("utf-8", "surrogatepass")


def nasty_for(original):
    """Values that must be refused in place of `original` (a text or a date)."""
    if isinstance(original, date):
        return BAD_DATES
    return st.one_of(
        st.builds(lambda a, c, b: a + c + b, ANY_TEXT, CONTROL, ANY_TEXT),
        INVISIBLE,
        st.builds(lambda n: "Ord " * n, st.integers(12_501, 14_000)),  # more than MAKS_LANGTEKST characters…
        st.builds(lambda n: "x" * n, st.integers(301, 2_000)),  # … or a word that never ends
    )


def _base(region: Region, name: str):
    source, problems = parse(region.original[name].decode("utf-8"), Path(name), name)
    assert source is not None and not problems
    return source.data


SETTINGS = settings(
    max_examples=N,
    deadline=None,
    derandomize=N <= 100,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@SETTINGS
@given(data=st.data())
def test_nasty_values_are_refused_at_their_line(any_region, data):
    region = any_region
    name = data.draw(st.sampled_from(region.files), label="fil")
    base = _base(region, name)
    candidates = [(loc, v) for loc, v in leaves(base) if isinstance(v, (str, date)) and loc]
    loc, original = data.draw(st.sampled_from(candidates), label="felt")
    value = data.draw(nasty_for(original), label="verdi")
    content = dump(put(base, loc, value))
    source, _ = parse(content.decode("utf-8", "surrogatepass"), Path(name), name)
    expected_line = source.line_of(loc) if source else None
    if source is not None and isinstance(value, str):
        # YAML itself may fold a value (a raw NEL is a line break): test the value the file really holds
        got = source.data
        for part in loc:
            got = got[part]
        assume(got == value)
    code, out, _ = region.check(name, content)
    problems = assert_sane(code, out, region, name, content)
    if code == 0:
        FIGURES["tull godtatt"] += 1
    assert code == 2, f"{format_loc(loc)} = {value!r:.200} was accepted"
    if expected_line is not None:
        assert any(file.endswith(name) and n == expected_line for file, n, _ in problems), (expected_line, out)


def render_accepted(region: Region, name: str, content: bytes, tmp: Path) -> None:
    """The fast render path: an accepted input's Word documents render (docxtpl, no LibreOffice) to valid XML."""
    import zipfile

    from lxml import etree

    from politidok.documents import plan
    from politidok.load import load_region
    from politidok.render import render_docx

    path = region.folder / name
    path.write_bytes(content)
    try:
        loaded = load_region(region.folder)
        stem = "samarbeidsavtale" if name == "avtale.yaml" else Path(name).stem
        docs = [
            d for d in plan(loaded, ROOT / "templates").documents if stem in d.stem and d.kind != "evalueringsrapport"
        ]
        for doc in docs[:2]:
            out = render_docx(doc.template, doc.context, doc.info, tmp / f"{doc.stem}.docx")
            with zipfile.ZipFile(out) as z:
                etree.fromstring(z.read("word/document.xml"))
            FIGURES["gjengitt"] += 1
    finally:
        region.restore(name)


@SETTINGS
@given(data=st.data())
def test_any_value_anywhere(any_region, data, tmp_path_factory):
    region = any_region
    name = data.draw(st.sampled_from(region.files), label="fil")
    base = _base(region, name)
    loc, _ = data.draw(st.sampled_from(list(leaves(base))), label="felt")
    value = data.draw(VALUES, label="verdi")
    content = dump(put(base, loc, value))
    code, out, _ = region.check(name, content)
    assert_sane(code, out, region, name, content)
    if code == 0:
        render_accepted(region, name, content, tmp_path_factory.mktemp("gjengitt"))


EDIT_CHARS = st.sampled_from(
    list(":-[]{}&*!|>'\"%@`#,?\t\n \\")
    + [
        "\x00",
        "\x0c",
        "\u2028",
        "\ufeff",
        "æ",
        "0",
        "a",
        "- ",
        ": ",
        "  ",
        "\n  ",
        "&a ",
        "*a",
        "!!int ",
        "!!timestamp ",
        "<<: ",
        "---\n",
        '"',
        "'",
    ]
)


def edited(data, text: str, cut: int = 20, swaps: st.SearchStrategy[str] | None = None) -> str:
    """`text` edited by hand 1–4 times: characters inserted, deleted (up to `cut`) or swapped, a line doubled."""
    for _ in range(data.draw(st.integers(1, 4), label="endringer")):
        at = data.draw(st.integers(0, len(text)), label="sted")
        how = data.draw(st.sampled_from(["sett inn", "slett", "bytt", "dupliser linje"]), label="hvordan")
        if how == "sett inn":
            text = text[:at] + data.draw(EDIT_CHARS) + text[at:]
        elif how == "slett":
            text = text[:at] + text[at + data.draw(st.integers(1, cut)) :]
        elif how == "bytt":
            text = text[:at] + data.draw(swaps or EDIT_CHARS) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            i = min(text.count("\n", 0, at), len(lines) - 1)
            lines.insert(i, lines[i])
            text = "".join(lines)
    return text


@SETTINGS
@given(data=st.data())
def test_edited_text(any_region, data, tmp_path_factory):
    region = any_region
    name = data.draw(st.sampled_from(region.files), label="fil")
    text = region.original[name].decode("utf-8")
    text = edited(data, text)
    content = text.encode("utf-8", "surrogatepass")
    code, out, _ = region.check(name, content)
    assert_sane(code, out, region, name, content)
    if code == 0 and content != region.original[name]:
        render_accepted(region, name, content, tmp_path_factory.mktemp("gjengitt"))


@SETTINGS
@given(data=st.data())
def test_generated_documents(any_region, data):
    region = any_region
    name = data.draw(st.sampled_from(region.files), label="fil")
    if data.draw(st.booleans(), label="rå tekst"):
        content = data.draw(st.text(max_size=300), label="tekst").encode("utf-8", "surrogatepass")
    else:
        keys = (
            st.sampled_from(
                [
                    "politirad",
                    "kommuner",
                    "navn",
                    "dato",
                    "fra",
                    "til",
                    "saker",
                    "nummer",
                    "tittel",
                    "vedlegg",
                    "fil",
                    "referat",
                    "kommune",
                    "sted",
                    "ar",
                    "tiltak",
                    "frist",
                ]
            )
            | ANY_TEXT
        )
        doc = st.recursive(
            SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=20
        )
        content = dump(data.draw(doc, label="dokument"))
    code, out, _ = region.check(name, content)
    assert_sane(code, out, region, name, content)


# --- hostile templates (issue 24) -------------------------------------------------------------------------
#
# A copy of templates/ where one template is replaced by a hostile variant of itself; `politidok check` in this
# process must end in 0 or 2 within its time, with Norwegian lines that name the template (and a part or a
# paragraph), never «Intern feil», a traceback or English. A template that check accepts must render (the
# build's render_docx) for the region's documents of its kind: check and build agree.

TEMPLATE_PROBLEM = re.compile(r"^  (?P<file>.+?\.docx)(?:, avsnitt (?P<par>\d+)|:(?P<line>\d+)): (?P<rest>.*)$")
TEMPLATE_ENGLISH = re.compile(
    r"\b(access|attribute|unsafe|object|undefined|has no|expected|unexpected|got|token|Error|error|division|"
    r"maximum|recursion depth|exceeded|Range too big|loader|not a Word file|content type|Traceback|NoneType|"
    r"invalid|found|while|could not|cannot|character|line \d+, column)\b"
)
TEMPLATE_KINDS = ["innkalling", "referat", "samarbeidsavtale"]
# a template's check may take longer than a YAML file's: its trial render has 2 s (quick_limits), and a large
# (allowed) part takes docxtpl about a second a MB; more than this is a hang
TEMPLATE_TIMEOUT = 30


class Templates:
    """A writable copy of templates/; each example replaces one template and puts it back."""

    def __init__(self, root: Path):
        self.root = root / "templates"
        shutil.copytree(ROOT / "templates", self.root)
        self.region = Region(root)

    def check(self, kind: str, content: bytes) -> tuple[int, str, float, Path]:
        path = self.root / "nb" / f"{kind}.docx"
        original = (ROOT / "templates" / "nb" / f"{kind}.docx").read_bytes()
        path.write_bytes(content)
        try:
            code, out, seconds = run_check(self.region.agreements, templates=self.root, timeout=TEMPLATE_TIMEOUT)
            return code, out, seconds, path
        finally:
            path.write_bytes(original)


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Templates:
    return Templates(tmp_path_factory.mktemp("maler"))


@pytest.fixture(autouse=False)
def quick_limits(monkeypatch):
    """A render's time limit of 2 s (10 s in real builds), so that a runaway example takes 2 s, not 10."""
    from politidok.render import limits

    monkeypatch.setattr(limits, "LIMITS", limits.RenderLimits(seconds=2.0))


def assert_sane_template(code: int, out: str, path: Path) -> list[str]:
    FIGURES["maler"] += 1
    lines = _plain_answer(code, out, "mal ")
    if not lines:
        return []
    rests = []
    for line in lines[1:-1]:
        if re.match(r"^  … og \d+ feil til ", line):
            continue
        m = TEMPLATE_PROBLEM.match(line)
        assert m, line
        assert m["file"] == path.as_posix(), line  # only the hostile template is blamed
        words = re.sub(r"«[^»]*»?", "«»", m["rest"])
        if TEMPLATE_ENGLISH.search(words):
            FIGURES["engelsk"] += 1
        assert not TEMPLATE_ENGLISH.search(words), line
        rests.append(m["rest"])
    return rests


def render_accepted_template(templates: Templates, kind: str, content: bytes, tmp: Path) -> None:
    """What check accepted, the build renders: every document of the kind (at most 3) through render_docx."""
    import zipfile

    from politidok.documents import plan
    from politidok.load import load_region
    from politidok.render import render_docx

    path = templates.root / "nb" / f"{kind}.docx"
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        loaded = load_region(templates.region.folder)
        docs = [d for d in plan(loaded, templates.root).documents]
        docs = [d for d in docs if d.template == path][:3]
        for doc in docs:
            out = render_docx(doc.template, doc.context, doc.info, tmp / f"{doc.stem}.docx")  # InputError fails here
            with zipfile.ZipFile(out) as z:
                assert not any("vba" in name.lower() for name in z.namelist())  # macros are never taken along
            FIGURES["mal gjengitt"] += 1
    finally:
        path.write_bytes(original)


def _template_xml(kind: str, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(ROOT / "templates" / "nb" / f"{kind}.docx") as z:
        return z.read(name).decode("utf-8")


def _template(kind: str) -> Path:
    return ROOT / "templates" / "nb" / f"{kind}.docx"


REL_KINDS = st.sampled_from(
    [
        "image",
        "oleObject",
        "aFChunk",
        "attachedTemplate",
        "subDocument",
        "frame",
        "hyperlink",
        "package",
        "video",
        "control",
        "styles",
        "mailMergeSource",
        "x-ukjent",
    ]
)
TARGETS = st.sampled_from(
    [
        "http://127.0.0.1:9/bilde.png",
        "https://127.0.0.1:9/x",
        "file:///etc/passwd",
        "FILE:///tmp/x.svg",
        "\\\\server\\del\\x.docx",
        "//server/del/x",
        "../../../etc/passwd",
        "/etc/passwd",
        "media/finnes-ikke.png",
        "mailto:a@b.no",
        "javascript:alert(1)",
        "smb://server/x",
        "",
        " http://127.0.0.1:9/ ",
        "x" * 3000,
        "http://127.0.0.1:9/\u202eevil",
        "data:image/png;base64,AAAA",
    ]
)


@st.composite
def linking(draw) -> tuple[str, bytes]:
    import tempfile

    from support import IMAGE_BODY, rezip, with_relationship

    kind = draw(st.sampled_from(TEMPLATE_KINDS), label="mal")
    rel = draw(REL_KINDS, label="relasjon")
    target = draw(TARGETS, label="mål")
    external = draw(st.booleans(), label="ekstern")
    rels = draw(
        st.sampled_from(
            [
                "word/_rels/document.xml.rels",
                "_rels/.rels",
                "word/_rels/settings.xml.rels",
                "word/_rels/footer1.xml.rels",
            ]
        ),
        label="del",
    )
    body = IMAGE_BODY if rel == "image" and draw(st.booleans(), label="med bilde") else ""
    with tempfile.TemporaryDirectory() as tmp:
        source = _template(kind)
        if rels not in ("word/_rels/document.xml.rels", "_rels/.rels"):
            empty = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
            )
            source = rezip(source, Path(tmp) / "tom.docx", {rels: empty})
        from xml.sax.saxutils import quoteattr

        out = with_relationship(source, Path(tmp) / "ut.docx", rel, quoteattr(target)[1:-1], external, rels, body)
        return kind, out.read_bytes()


@st.composite
def bombs(draw) -> tuple[str, bytes]:
    import tempfile
    import zipfile

    from support import rezip

    from politidok.render.package import LIMITS

    kind = draw(st.sampled_from(TEMPLATE_KINDS), label="mal")
    how = draw(
        st.sampled_from(
            [
                "stor del",
                "mange deler",
                "dyp xml",
                "milliard latter",
                "ekstern entitet",
                "lyvende hode",
                "ikke zip",
                "kryptert",
                "tom del",
                "ugyldig xml",
                "stor tekst",
            ]
        ),
        label="bombe",
    )
    with tempfile.TemporaryDirectory() as tmp:
        base, out = _template(kind), Path(tmp) / "ut.docx"
        if how == "stor del":
            size = draw(st.integers(LIMITS.part_bytes + 1, LIMITS.part_bytes * 3), label="byte")
            name = draw(st.sampled_from(["word/media/stor.png", "word/document.xml", "customXml/item9.xml"]))
            rezip(base, out, {name: b"\0" * size})
        elif how == "mange deler":
            with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w") as dst:
                for item in src.infolist():
                    dst.writestr(item, src.read(item.filename))
                for n in range(LIMITS.parts + draw(st.integers(1, 50))):
                    dst.writestr(f"word/media/d{n}.bin", b"")
        elif how == "dyp xml":
            depth = draw(st.integers(300, 20_000), label="dybde")
            rezip(base, out, {"customXml/item1.xml": ("<a>" * depth + "</a>" * depth).encode()})
        elif how in ("milliard latter", "ekstern entitet"):
            name = draw(
                st.sampled_from(
                    [
                        "word/document.xml",
                        "word/styles.xml",
                        "[Content_Types].xml",
                        "word/_rels/document.xml.rels",
                        "docProps/core.xml",
                        "word/footer1.xml",
                    ]
                )
            )
            xml = _template_xml(kind, name)
            doctype = (
                '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
                + "]>"
                if how == "milliard latter"
                else '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            )
            at = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
            rezip(base, out, {name: (xml[:at] + doctype + xml[at:]).encode()})
        elif how == "lyvende hode":
            rezip(base, out, {"word/media/bombe.bin": b"\0" * (LIMITS.part_bytes + 10)})
            data = bytearray(out.read_bytes())
            at = data.find(b"PK\x01\x02")
            while at != -1:
                length = int.from_bytes(data[at + 28 : at + 30], "little")
                if data[at + 46 : at + 46 + length] == b"word/media/bombe.bin":
                    data[at + 24 : at + 28] = (draw(st.integers(0, 5000), label="oppgitt")).to_bytes(4, "little")
                at = data.find(b"PK\x01\x02", at + 4)
            out.write_bytes(bytes(data))
        elif how == "ikke zip":
            out.write_bytes(draw(st.binary(max_size=200), label="byte"))
        elif how == "kryptert":
            data = bytearray(base.read_bytes())
            at = data.find(b"PK\x01\x02")
            data[at + 8] |= 1  # the first entry says it is encrypted
            out.write_bytes(bytes(data))
        elif how == "tom del":
            rezip(base, out, {draw(st.sampled_from(["word/document.xml", "word/styles.xml", "_rels/.rels"])): b""})
        elif how == "ugyldig xml":
            name = draw(st.sampled_from(["word/document.xml", "word/settings.xml", "[Content_Types].xml"]))
            xml = _template_xml(kind, name)
            cut = draw(st.integers(0, len(xml) - 1), label="kutt")
            rezip(base, out, {name: xml[:cut].encode()})
        else:
            rezip(
                base,
                out,
                {
                    "word/document.xml": _template_xml(kind, "word/document.xml")
                    .replace(
                        "</w:body>",
                        "<w:p><w:r><w:t>" + "x" * draw(st.integers(1, 1_500_000)) + "</w:t></w:r></w:p></w:body>",
                    )
                    .encode()
                },
            )
        return kind, out.read_bytes()


LOOP_OVER = st.sampled_from(
    ["'x'*100000", "'x'*99999", "range(100000)", "range(10**5)", "'ab'*50000", "[1]*100000", "'x'", "'xy'*10"]
)
BODIES = st.sampled_from(
    [
        "",
        "{{ a }}",
        "{{ 'y'*100000 }}",
        "{{ ('y'*900000)|replace('y', 'zz') }}",
        "{{ 'x'|center(10**9) }}",
        "{{ '%0999999999d'|format(1) }}",
        "{{ '{:>9999999}'.format(1) }}",
        "{{ 'x'.ljust(10**8) }}",
        "{{ 9**(9**7) }}",
        "{{ (a ~ a ~ a)|length }}",
        "{% set ns.s = ns.s ~ ns.s %}",
        "{% set ns.l = [ns.l, ns.l] %}",
        "{% set ns.s = ns.s + ns.s %}",
        "{{ ns.l|tojson|length }}",
        "{{ ([ns.l]*1000)|string|length }}",
        "{{ m(3) }}",
        "{{ loop.length }}",
        "{{ ('x'*10**6)|list|sort|join }}",
        "{{ (range(99999)|list)|sum }}",
        "{{ ((range(99999)|list)|batch(3, 'x'*100000))|list|length }}",
        "{{ 'x'.replace('', 'y'*10**6) }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ a.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ns|attr('__dict__') }}",
        "{{ ('%s'*100000) % ((1,)*100000) }}",
        "{{ 'x' * 10**7 }}",
        "{{ [1,2].append(3) }}",
        "{{ {}.update(a=1) }}",
        "{{ 1/0 }}",
        "{{ 2.0**100000 }}",
        "{{ 'a' + 1 }}",
        "{{ 10**5000 }}",
        "{{ self }}",
        "{{ lipsum(10**6) }}",
        "{% include 'x' %}",
        "{{ a|int(default=1) }}",
        "{{ ('9'*5000)|int }}",
        "{{ range(10**6) }}",
        "{{ '\u202e' }}",
    ]
)


@st.composite
def runaway(draw) -> tuple[str, bytes]:
    import tempfile

    from support import with_paragraph

    kind = draw(st.sampled_from(TEMPLATE_KINDS), label="mal")
    depth = draw(st.integers(0, 3), label="dybde")
    body = draw(BODIES, label="kropp")
    for level in range(depth):
        body = f"{{% for a in {draw(LOOP_OVER, label=f'løkke {level}')} %}}{body}{{% endfor %}}"
    prefix = "{% set ns = namespace(s='x', l=[1]) %}" if "ns." in body or "ns|" in body else ""
    if "m(" in body:
        prefix += "{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{{ m(n) }}{% endif %}{% endmacro %}"
    text = prefix + body
    with tempfile.TemporaryDirectory() as tmp:
        out = with_paragraph(
            _template(kind), Path(tmp) / "ut.docx", text, footer=draw(st.booleans(), label="bunntekst")
        )
        return kind, out.read_bytes()


@st.composite
def macros(draw) -> tuple[str, bytes]:
    import tempfile

    from support import part, rezip, with_relationship

    from politidok.render.package import DOCX_MAIN, OTHER_MAINS

    kind = draw(st.sampled_from(TEMPLATE_KINDS), label="mal")
    with tempfile.TemporaryDirectory() as tmp:
        out = with_relationship(
            _template(kind),
            Path(tmp) / "vba.docx",
            "vbaProject",
            "vbaProject.bin",
            False,
            extra={"word/vbaProject.bin": draw(st.binary(max_size=2000), label="vba")},
        )
        types = (
            part(out, "[Content_Types].xml")
            .decode()
            .replace(
                "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
            )
        )
        if draw(st.booleans(), label="docm"):
            types = types.replace(DOCX_MAIN, draw(st.sampled_from(sorted(OTHER_MAINS)), label="type"))
        out = rezip(out, Path(tmp) / "ut.docx", {"[Content_Types].xml": types.encode()})
        return kind, out.read_bytes()


HOSTILE = {"lenker": linking(), "bomber": bombs(), "løkker": runaway(), "makroer": macros()}


# --- issue 24: the archive ledger, signals during a build, regions whose names share a prefix -------

LEDGER = "arkivert.yaml"


def _ledger_text() -> str:
    """A ledger as `politidok arkiver` writes it: two documents, one replaced by a corrected version."""
    from politidok.build import ledger

    entries = {
        stem: ledger.Archived(
            stem,
            {f"{stem}.pdf": f"{i}a" * 32, f"{stem}.docx": f"{i}b" * 32, f"arkivmelding-{stem}.xml": f"{i}c" * 32},
            f"{i}d" * 32,
            {
                "avtale.yaml": ledger.Kilde("avtale.yaml", f"{i}e" * 32, {"politirad.navn": f"{i}0" * 32}),
                f"moter/{stem[-13:]}.yaml": ledger.Kilde(f"moter/{stem[-13:]}.yaml", f"{i}f" * 32),
            },
            arkivert=date(2025, 2, 20) if stem.startswith("referat") else None,
            sendt=date(2025, 2, 3) if stem.startswith("innkalling") else None,
            erstattet_av=replaced,
            erstattet=date(2025, 3, 1) if replaced else None,
        )
        for i, (stem, replaced) in enumerate(
            [
                ("referat-2025-02-10-gol", "referat-2025-02-10-gol-v2"),
                ("referat-2025-04-08-hol", None),
                ("innkalling-2025-04-08-hol", None),
            ]
        )
    }
    root = Path(tempfile.mkdtemp(prefix="politidok-fuzz-ledger-"))
    try:
        return ledger.write(root, entries).read_text(encoding="utf-8")
    finally:
        shutil.rmtree(root)


@pytest.fixture(scope="module")
def ledger_region(tmp_path_factory) -> Region:
    """Hallingdal with an archive ledger (agreements/hallingdal/arkivert.yaml) that `check` accepts."""
    region = Region(tmp_path_factory.mktemp("fuzz"))
    content = _ledger_text().encode("utf-8")
    (region.folder / LEDGER).write_bytes(content)
    region.files.append(LEDGER)
    region.original[LEDGER] = content
    code, out, _ = run_check(region.agreements)
    assert code == 0, out
    return region


@SETTINGS
@given(data=st.data())
def test_hostile_templates(templates, quick_limits, tmp_path_factory, data):
    """One strategy (N examples in all), each example of one class of hostile template."""
    klasse = data.draw(st.sampled_from(sorted(HOSTILE)), label="klasse")
    kind, content = data.draw(HOSTILE[klasse], label=klasse)
    FIGURES[f"mal: {klasse}"] += 1
    code, out, seconds, path = templates.check(kind, content)
    assert_sane_template(code, out, path)
    assert seconds < TEMPLATE_TIMEOUT
    if code == 0:
        render_accepted_template(templates, kind, content, tmp_path_factory.mktemp("mal"))
    elif klasse == "makroer" and "Word-dokument med makroer" not in out and "Word-mal" not in out:
        pytest.fail(out)  # a vbaProject alone is dropped, not refused: only a macro document type is


@SETTINGS
@given(data=st.data())
def test_ledger_edited_by_hand(ledger_region, data):
    """A ledger edited (or broken) by hand: a Norwegian message at a line of the ledger, never a crash."""
    text = ledger_region.original[LEDGER].decode("utf-8")
    text = edited(data, text, cut=40, swaps=EDIT_CHARS | st.sampled_from(["0", "f", "g", "-v2", "/", ".."]))
    content = text.encode("utf-8", "surrogatepass")
    code, out, _ = ledger_region.check(LEDGER, content)
    assert_sane(code, out, ledger_region, LEDGER, content)


@SETTINGS
@given(data=st.data())
def test_ledger_any_value_anywhere(ledger_region, data):
    base = _base(ledger_region, LEDGER)
    loc, _ = data.draw(st.sampled_from(list(leaves(base))), label="felt")
    value = data.draw(VALUES | st.sampled_from(["", "../avtale.yaml", "a" * 63, "A" * 64, "referat-2025-04-08-hol"]))
    content = dump(put(base, loc, value))
    code, out, _ = ledger_region.check(LEDGER, content)
    assert_sane(code, out, ledger_region, LEDGER, content)


@pytest.mark.parametrize("kind", ["mappe", "lenke", "fifo", "tom liste av filer", "ikke-utf8"])
def test_ledger_that_is_no_ledger(ledger_region, kind):
    region, path = ledger_region, ledger_region.folder / LEDGER
    path.unlink()
    content = b""
    try:
        if kind == "mappe":
            path.mkdir()
        elif kind == "lenke":
            path.symlink_to("avtale.yaml")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "ikke-utf8":
            path.write_bytes(b"dokumenter: \xe5\n")
        else:
            content = re.sub(rb"  filer:\n(  - .*\n    .*\n)+", b"  filer: []\n", region.original[LEDGER])
            path.write_bytes(content)
        code, out, seconds = run_check(region.agreements)
    finally:
        region.restore(LEDGER)
    assert_sane(code, out, region, LEDGER, content)
    assert code == 2 and seconds < 5 and f"{LEDGER}:" in out and "hent arkivlisten fra versjonskontrollen" in out


def _kalender_build(paths, region: str = "hallingdal"):
    from politidok.build import build
    from politidok.core.options import BuildOptions

    return build(region, paths, BuildOptions(only=frozenset({"kalender"})))


def _complete(folder: Path) -> bool:
    """Every file the manifest names is there with its checksum, and nothing else."""
    import hashlib
    import json

    listed = {f["path"]: f["sha256"] for f in json.loads((folder / "manifest.json").read_text())["files"]}
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.name != "manifest.json"}
    return files == listed


# builds (calendar files, in this process) cost more than a check: a fifth as many examples
BUILD_SETTINGS = settings(SETTINGS, max_examples=max(5, N // 5))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the example regions, with midt (a copy of midt-troms), and Hallingdal's calendars built."""
    from politidok.core.paths import Paths

    root = tmp_path_factory.mktemp("bygg")
    copy_agreements(ROOT / "agreements", root / "agreements")
    copy_agreements(ROOT / "agreements" / "hallingdal", root / "agreements" / "midt")
    copy_agreements(ROOT / "agreements" / "hallingdal", root / "agreements" / "midt-a")
    paths = Paths(root / "agreements", ROOT / "templates", root / "output")
    _kalender_build(paths)
    return paths


@BUILD_SETTINGS
@given(
    delay=st.floats(0, 0.15), sig=st.sampled_from([signal.SIGTERM, signal.SIGINT, signal.SIGHUP]), flip=st.booleans()
)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # a signal that hit a gc callback
def test_signal_during_a_build(built, delay, sig, flip):
    """Ctrl-C, SIGTERM or SIGHUP at any moment of a build (in this process: calendar files only): output/
    is the old or the new complete folder, and no work folder is left."""
    import threading

    from politidok.core import signals

    meeting = built.agreements / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("sted: ", "sted: Nytt ", 1) if flip else text.replace("sted: Nytt ", "sted: "))
    timer = threading.Timer(delay, os.kill, (os.getpid(), sig))
    outcome = "avbrutt"
    with signals.stoppable():
        try:
            timer.start()
            try:
                _kalender_build(built)
                outcome = "ferdig"
            finally:
                timer.join()
                for _ in range(100):  # the handler runs here if the signal came after the build
                    pass
        except KeyboardInterrupt:
            pass
        except Exception:
            FIGURES["krasj"] += 1
            raise
    FIGURES[f"signal: {outcome}"] += 1
    assert not [p.name for p in built.output.iterdir() if p.name.startswith(".hallingdal-")]
    assert _complete(built.output / "hallingdal")


@BUILD_SETTINGS
@given(names=st.permutations(["midt", "midt-a", "midt-troms", "midt"]), run=st.integers(0, 2**31))
def test_regions_whose_names_share_a_prefix_side_by_side(built, names, run):  # `run`: 12 orders, run many times
    """Builds of midt, midt-a and midt-troms at once (one output/): none removes another's work folder."""
    import threading

    from politidok.core.errors import ToolError

    errors: list[BaseException] = []
    for name in set(names):
        shutil.rmtree(built.output / ".politidok" / name, ignore_errors=True)  # not a no-op

    def one(name: str) -> None:
        try:
            _kalender_build(built, name)
        except ToolError as exc:  # the same region twice at once: «En annen bygging … pågår»
            assert "pågår allerede" in str(exc)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    FIGURES["samtidige bygg"] += len(names)
    if errors:
        FIGURES["krasj"] += 1
    assert not errors, errors
    assert not [p.name for p in built.output.iterdir() if p.name.startswith(".midt")]
    assert all(_complete(built.output / n) for n in set(names))
