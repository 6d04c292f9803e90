"""Issue 24, items 5–10: the ledger, work folders, linked folders, memory, values and the environment.

Each test names its item. Builds here are of calendar files only (`--only kalender`): the engine
and the atomic swap run for real, without LibreOffice.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import queue
import shutil
import signal
import threading
import tracemalloc
from concurrent.futures import Future
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_agreements
from docx import Document

from politidok.build import build, ledger, output, state
from politidok.build.templates import lint_templates
from politidok.cli import main
from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem, ToolError, report
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths
from politidok.load import load_region

pytestmark = pytest.mark.slow  # hostile input and fuzzing: in `make test`, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
GOL = "referat-2025-02-10-gol"
SHA = "a" * 64


@pytest.fixture()
def copy(tmp_path) -> Path:
    """agreements/ (Hallingdal, Midt-Troms) and templates/ in a temporary folder."""
    for name in ("hallingdal", "midt-troms"):
        copy_agreements(ROOT / "agreements" / name, tmp_path / "agreements" / name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def paths_of(copy: Path, out: str | Path = "out") -> Paths:
    return Paths(copy / "agreements", copy / "templates", copy / out)


def calendars(copy: Path, out: str | Path = "out") -> tuple[int, str]:
    """`politidok build hallingdal --only kalender` as the CLI reports it (exit code, message), without the
    CLI's early start of LibreOffice: the library's build, and core.errors.report for a failure."""
    try:
        build("hallingdal", paths_of(copy, out), BuildOptions(only=frozenset({"kalender"})))
    except (InputError, ToolError) as exc:
        return report(exc)[1], report(exc)[0]
    return 0, ""


def run(*args: str) -> tuple[int, str]:
    """The CLI in this process: exit code and everything it printed."""
    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue()


# --- item 5: the ledger ----------------------------------------------------------------------------

GOOD_LEDGER = f"""\
# Arkiverte dokumenter
dokumenter:
- dokument: {GOL}
  arkivert: 2025-02-20
  filer:
  - fil: {GOL}.pdf
    sha256: {SHA}
  - fil: {GOL}.docx
    sha256: {"b" * 64}
  innhold: {"c" * 64}
  kilder:
    moter/2025-02-10-gol.yaml: {"d" * 64}
"""


def ledger_problems(folder: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        ledger.read(folder)
    return info.value.problems


def test_a_written_ledger_reads_back(tmp_path):
    (tmp_path / "arkivert.yaml").write_text(GOOD_LEDGER, encoding="utf-8")
    [entry] = ledger.read(tmp_path).values()
    assert entry.filer == {f"{GOL}.pdf": SHA, f"{GOL}.docx": "b" * 64} and entry.arkivert == date(2025, 2, 20)
    ledger.write(tmp_path, {GOL: entry})
    assert ledger.read(tmp_path) == {GOL: entry}
    assert [p.name for p in tmp_path.iterdir()] == ["arkivert.yaml"]  # no temporary file beside it


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        (f"    sha256: {SHA}", "    sha256: 12ab", 7, "«12ab» er ikke en SHA-256-sum"),
        ("  filer:\n", "  filer: []\n  x:\n", 5, "filer: må ha minst 1 element"),
        ("  arkivert: 2025-02-20", "  arkivert: [2025-02-20", 4, "ugyldig YAML-syntaks"),
        (f"  - fil: {GOL}.docx", f"  - fil: {GOL}.pdf", 8, "står to ganger i samme dokument"),
        (f"  - fil: {GOL}.docx", "  - fil: ../../avtale.yaml", 8, "er ikke et filnavn"),
        ("    moter/2025", "    ../moter/2025", 12, "er ikke en fil i regionmappen"),
        ("  innhold:", f"  erstattet_av: {GOL}\n  innhold:", 10, "versjonene erstatter hverandre i ring"),
        ("  innhold:", "  fil: x\n  innhold:", 10, "ukjent felt"),
        ("  arkivert: 2025-02-20", "  arkivert: 2025-02-30", 4, "finnes ikke i kalenderen"),
    ],
)
def test_item5_a_corrupt_ledger_is_named_at_its_line(tmp_path, old, new, line, words):
    text = GOOD_LEDGER.replace(old, new, 1)
    if new.startswith("  filer: []"):  # the list of files emptied
        text = text.replace(
            f"  x:\n  - fil: {GOL}.pdf\n    sha256: {SHA}\n  - fil: {GOL}.docx\n    sha256: {'b' * 64}\n", ""
        )
    assert text != GOOD_LEDGER
    (tmp_path / "arkivert.yaml").write_text(text, encoding="utf-8")
    problems = ledger_problems(tmp_path)
    assert any(p.line == line and words in str(p) for p in problems), problems
    assert all("hent arkivlisten fra versjonskontrollen" in p.message for p in problems)


def test_item5_the_same_document_twice(tmp_path):
    second = GOOD_LEDGER.split("dokumenter:\n", 1)[1]
    (tmp_path / "arkivert.yaml").write_text(GOOD_LEDGER + second, encoding="utf-8")
    problems = ledger_problems(tmp_path)
    assert any(p.line == 13 and f"«{GOL}» står to ganger i arkivlisten" in p.message for p in problems), problems


@pytest.mark.parametrize("kind, words", [("fifo", "(FIFO)"), ("mappe", "er en mappe"), ("lenke", "symbolsk lenke")])
def test_item5_a_ledger_that_is_no_file(tmp_path, kind, words):
    """Today a FIFO or a folder counts as no ledger: every archived document could be rewritten."""
    path = tmp_path / "arkivert.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "mappe":
        path.mkdir()
    else:
        (tmp_path / "ekte.yaml").write_text(GOOD_LEDGER, encoding="utf-8")
        path.symlink_to("ekte.yaml")
    [p] = ledger_problems(tmp_path)
    assert p.line == 1 and words in p.message and p.file.endswith("arkivert.yaml")


def test_item5_a_ledger_of_comments_only_has_no_documents(tmp_path):
    (tmp_path / "arkivert.yaml").write_text("# ingen ennå\n", encoding="utf-8")
    assert ledger.read(tmp_path) == {}
    assert ledger.read(tmp_path / "ingen") == {}  # and no ledger at all


def test_item5_check_reads_the_ledger(copy):
    (copy / "agreements" / "hallingdal" / "arkivert.yaml").write_text(GOOD_LEDGER.replace(SHA, "x"), encoding="utf-8")
    code, out = run("check", "hallingdal", *args_of(copy))
    assert code == 2 and "arkivert.yaml:7: dokumenter[1].filer[1].sha256: «x» er ikke en SHA-256-sum" in out, out


def args_of(copy: Path) -> list[str]:
    return ["--agreements", str(copy / "agreements"), "--templates", str(copy / "templates")]


def test_item5_an_archived_file_changed_in_output_stops_the_build_and_stays(copy):
    """Today the build removes the intact file and says that it «mangler»."""
    folder = copy / "agreements" / "hallingdal"
    target = copy / "out" / "hallingdal"
    target.mkdir(parents=True)
    (target / f"{GOL}.pdf").write_bytes(b"%PDF- the archived file")
    (folder / "arkivert.yaml").write_text(GOOD_LEDGER, encoding="utf-8")
    with pytest.raises(InputError) as info:
        ledger.unlike_output(folder, target)
    [p] = info.value.problems
    assert p.file.endswith("arkivert.yaml") and p.line == 7
    assert f"{GOL}.pdf har andre byte enn arkivlisten oppgir" in p.message
    with pytest.raises(InputError):
        build("hallingdal", paths_of(copy), BuildOptions(only=frozenset({"kalender"})))
    assert (target / f"{GOL}.pdf").read_bytes() == b"%PDF- the archived file"


def test_item5_the_ledger_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    (tmp_path / "arkivert.yaml").write_text(GOOD_LEDGER, encoding="utf-8")
    entries = ledger.read(tmp_path)
    entries[GOL].erstattet_av = f"{GOL}-v2"

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ToolError) as info:
        ledger.write(tmp_path, entries)
    assert "disken er full. Frigjør plass" in str(info.value) and "arkivert.yaml er uendret" in str(info.value)
    assert (tmp_path / "arkivert.yaml").read_text(encoding="utf-8") == GOOD_LEDGER
    assert [p.name for p in tmp_path.iterdir()] == ["arkivert.yaml"]


def test_item5_a_read_only_region_during_arkiver(tmp_path, monkeypatch):
    import tempfile

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(ToolError) as info:
        ledger.write(tmp_path, {})
    message = report(info.value)[0]
    assert message.startswith(f"Feil: {tmp_path}/arkivert.yaml: filsystemet er skrivebeskyttet. Velg en mappe du")
    assert not (tmp_path / "arkivert.yaml").exists()


def test_item5_one_command_at_a_time_writes_the_ledger(copy):
    """`arkiver` while `build --ny-versjon` holds the ledger stops at once (today it reports «Arkiverte 1
    dokument», and the build then writes back the ledger it read at its start)."""
    from politidok.build.arkiver import archive_region

    folder = copy / "agreements" / "hallingdal"
    with ledger.locked(folder):
        with pytest.raises(ToolError) as info:
            archive_region("hallingdal", paths_of(copy), [GOL])
        assert "arkivert.yaml er i bruk" in str(info.value)
        with pytest.raises(ToolError):
            build("hallingdal", paths_of(copy), BuildOptions(only=frozenset({"kalender"}), new_versions=(GOL,)))
    assert not (folder / "arkivert.yaml").exists()


# --- item 6: one region's build never touches another's work folder ---------------------------------


def test_item6_stale_work_folders_are_matched_exactly(tmp_path):
    ours, theirs, kept = (tmp_path / n for n in (".midt-abcd1234", ".midt-troms-abcd1234", ".midt-notes"))
    for folder in (ours, theirs, kept):
        folder.mkdir()
    with output.locked(tmp_path, "midt"):
        pass
    assert not ours.exists() and theirs.exists() and kept.exists()
    assert output.is_work_dir(output.work_dir(tmp_path, "midt").name, "midt")
    assert not output.is_work_dir(".midt-troms-abcd1234", "midt")


def test_item6_regions_whose_names_share_a_prefix_build_side_by_side(copy):
    """Today `midt`'s build removes the work folder of `midt-troms` while it builds (FileNotFoundError)."""
    shutil.copytree(copy / "agreements" / "hallingdal", copy / "agreements" / "midt")
    shutil.copytree(copy / "agreements" / "hallingdal", copy / "agreements" / "midt-a")
    paths = paths_of(copy)
    errors: list[BaseException] = []

    def one(region: str) -> None:
        try:
            build(region, paths, BuildOptions(only=frozenset({"kalender"})))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for _ in range(6):
        shutil.rmtree(paths.output, ignore_errors=True)
        threads = [threading.Thread(target=one, args=(r,)) for r in ("midt", "midt-a", "midt", "midt-a")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not [e for e in errors if not isinstance(e, ToolError)], errors  # ToolError: «another build of midt»
    assert not [p.name for p in paths.output.iterdir() if p.name.startswith(".midt")]


# --- item 7: linked folders ------------------------------------------------------------------------


def test_item7_a_linked_folder_in_a_region_is_refused(copy):
    folder = copy / "agreements" / "hallingdal"
    (folder / "moter").rename(copy / "moter-ekte")
    (folder / "moter").symlink_to(copy / "moter-ekte")
    with pytest.raises(InputError) as info:
        load_region(folder, display_root=copy)
    [p] = [p for p in info.value.problems if p.file == "agreements/hallingdal/moter"]
    assert p.line == 1 and "er en symbolsk lenke til mappen" in p.message and "lenkede mapper" in p.message


def test_item7_a_linked_template_folder_is_refused(copy):
    (copy / "templates" / "nb").rename(copy / "nb-ekte")
    (copy / "templates" / "nb").symlink_to(copy / "nb-ekte")
    [p] = lint_templates(copy / "templates", [])
    assert p.file == f"{(copy / 'templates' / 'nb').as_posix()}" and "symbolsk lenke til mappen" in p.message
    code, out = run("check", "hallingdal", *args_of(copy))
    assert code == 2 and "templates/nb:1: er en symbolsk lenke til mappen" in out


def test_item7_a_link_in_a_circle_and_a_dangling_link_are_named_by_the_link(copy):
    """Today: «Intern feil (RuntimeError: Symlink loop)», and a dangling link's message names its target."""
    moter = copy / "agreements" / "hallingdal" / "moter"
    (moter / "2025-12-01-a.yaml").symlink_to("2025-12-01-b.yaml")
    (moter / "2025-12-01-b.yaml").symlink_to("2025-12-01-a.yaml")
    (moter / "2025-12-02-c.yaml").symlink_to(copy / "finnes-ikke.yaml")
    (copy / "agreements" / "hallingdal" / "ring").symlink_to("ring")
    with pytest.raises(InputError) as info:
        load_region(moter.parent, display_root=copy)
    files = {p.file: p.message for p in info.value.problems}
    assert "symbolsk lenke, ikke en vanlig fil" in files["agreements/hallingdal/moter/2025-12-01-a.yaml"]
    assert "symbolsk lenke, ikke en vanlig fil" in files["agreements/hallingdal/moter/2025-12-02-c.yaml"]
    assert "som ikke finnes (eller lenkene går i ring)" in files["agreements/hallingdal/ring"]
    assert "finnes-ikke.yaml" not in files


def test_item7_the_digest_sees_links(copy):
    folder, templates = copy / "agreements" / "hallingdal", copy / "templates"
    before = state.inputs_digest(folder, templates, [])
    (templates / "nb").rename(copy / "nb-ekte")
    (templates / "nb").symlink_to(copy / "nb-ekte")
    linked = state.inputs_digest(folder, templates, [])
    assert linked != before
    (templates / "nb").unlink()
    (templates / "nb").symlink_to(copy / "templates" / "nn")
    assert state.inputs_digest(folder, templates, []) not in (before, linked)


# --- item 8: memory does not follow what lies in a folder -------------------------------------------


def _peak(func) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_item8_the_digest_never_reads_a_large_file_whole(copy, tmp_path):
    """Today the digest reads every file whole: a 3 GB file in a region (or a link to one) costs 3 GB."""
    folder, templates = copy / "agreements" / "hallingdal", copy / "templates"
    limit = 100 * 2**20  # the largest input a build reads (core.paths.MAX_INPUT_BYTES)
    big = tmp_path / "stor.bin"
    with open(big, "wb") as f:
        f.truncate(limit + 2**20)  # sparse: nothing on the disk
    (folder / "stor.bin").symlink_to(big)
    with open(folder / "stor-kopi.bin", "wb") as f:
        f.truncate(3 * limit)  # in the region itself (`make bench` measures 3 GB)
    with open(folder / "moter" / "vedlegg" / "stor.pdf", "wb") as f:
        f.truncate(limit)  # as large as an input may be: read, in pieces
    first = state.inputs_digest(folder, templates, [])
    assert _peak(lambda: state.inputs_digest(folder, templates, [])) < 8 * 2**20
    with open(big, "ab") as f:
        f.write(b"x")  # a change of its size still counts
    assert state.inputs_digest(folder, templates, []) != first


def test_item8_folders_however_deep(copy):
    """1 200 folders inside each other: the digest and the check for linked folders walk them in a loop."""
    folder = copy / "agreements" / "hallingdal"
    deep = folder
    for _ in range(1200):
        deep = deep / "a"
        deep.mkdir()
    (deep / "x.txt").write_text("x", encoding="utf-8")
    try:
        first = state.inputs_digest(folder, copy / "templates", [])
        (deep / "x.txt").write_text("y", encoding="utf-8")
        assert state.inputs_digest(folder, copy / "templates", []) != first
        assert load_region(folder).name == "hallingdal"
    finally:  # from the inside out: shutil.rmtree (pytest's clean-up of old temporary folders) recurses
        (deep / "x.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


def test_item8_file_sha_reads_in_pieces(tmp_path):
    path = tmp_path / "x.pdf"
    with open(path, "wb") as f:
        f.truncate(200 * 2**20)
    assert _peak(lambda: state.file_sha(path)) < 8 * 2**20


def test_item8_an_attachment_larger_than_any_input_is_refused_unread(copy):
    from politidok.load.attachments import attachment_problem
    from politidok.load.files import MAX_FILE_BYTES

    folder = copy / "agreements" / "hallingdal"
    with open(folder / "moter" / "vedlegg" / "stor.pdf", "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(MAX_FILE_BYTES + 1)
    assert attachment_problem(folder, "moter/vedlegg/stor.pdf") == (
        f"stor.pdf er for stor ({MAX_FILE_BYTES + 1:,} byte; høyst {MAX_FILE_BYTES:,})".replace(",", " ")
    )


# --- item 9: values --------------------------------------------------------------------------------


def test_item9_tag_characters_are_refused_at_their_line(copy):
    path = copy / "agreements" / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("sted:"))
    path.write_text(text.replace("sted: ", "sted: Hol\U000e0041\U000e0042 ", 1), encoding="utf-8")
    code, out = run("check", "hallingdal", *args_of(copy))
    assert code == 2, out
    assert f"2025-04-08-hol.yaml:{line}: sted: inneholder det ulovlige tegnet U+E0041 (usynlig merketegn)" in out


def test_item9_a_title_longer_than_word_allows(tmp_path):
    """python-docx refuses a property over 255 characters: today the build stops with «Intern feil»."""
    from politidok import documents
    from politidok.render import render_docx

    title = "Samarbeidsavtale – " + " ".join(["Politirådet for de mange kommunene"] * 12)
    assert len(title) > 255
    todo = documents.plan(load_region(ROOT / "agreements" / "hallingdal"), ROOT / "templates")
    agreement = todo.by_stem()["samarbeidsavtale"]
    info = DocumentInfo(title, "nb-NO", date(2024, 10, 17), subject="x" * 300)
    out = render_docx(agreement.template, agreement.context, info, tmp_path / "a.docx")
    props = Document(str(out)).core_properties
    assert len(props.title) <= 255 and props.title.endswith(" mange…") and title.startswith(props.title[:-1])
    assert len(props.subject) == 255


# --- item 10: the environment ----------------------------------------------------------------------


def test_item10_os_errors_of_the_environment_are_no_internal_errors():
    message, code = report(OSError(errno.ENOSPC, "No space left on device"))
    assert code == 1 and message.startswith("Feil: Disken er full. Frigjør plass")
    message, code = report(PermissionError(errno.EACCES, "Permission denied", "/srv/ut"))
    assert code == 1 and message.startswith("Feil: /srv/ut: ingen tilgang. Gi brukeren din tilgang")
    assert report(FileNotFoundError(errno.ENOENT, "x"))[0].startswith("Intern feil")  # a bug's is a bug's


def test_item10_output_in_proc(copy):
    code, out = calendars(copy, "/proc")
    assert code == 1 and "Intern feil" not in out, out
    assert out == (
        "Feil: /proc: finnes ikke, eller er ikke en mappe politidok kan lage filer i. Velg en vanlig mappe. "
        "Ingenting er skrevet til output/."
    )
    code, out = calendars(copy, "/proc/ut")
    assert code == 1 and out.startswith("Feil: /proc/ut: finnes ikke") and "--output" in out, out


@pytest.mark.parametrize("step", ["files", "manifest", "state"])
def test_item10_a_full_disk_during_a_build(copy, monkeypatch, step):
    """Whenever the disk fills: a Norwegian message, exit 1, output/ as it was, no work folder left."""
    from politidok.archive import manifest

    paths = paths_of(copy)
    build("hallingdal", paths, BuildOptions(only=frozenset({"kalender"})))
    target = paths.output / "hallingdal"
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    meeting = copy / "agreements" / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("sted: ", "sted: Nytt ", 1), encoding="utf-8")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    where = {"files": (Path, "write_bytes"), "manifest": (manifest, "write"), "state": (state, "save")}[step]
    monkeypatch.setattr(*where, full)
    code, out = calendars(copy)
    assert code == 1 and "Intern feil" not in out, out
    assert f"Feil: {paths.output}: disken er full. Frigjør plass på disken" in out
    if step == "state":  # after the swap: the new documents are in place, and said so
        assert f"Dokumentene er likevel på plass i {target.as_posix()}/" in out
        assert {p.name: p.read_bytes() for p in target.iterdir()} != before
    else:
        assert out.rstrip().endswith("Ingenting er skrevet til output/.")
        assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in paths.output.iterdir()) == [".politidok", "hallingdal"]
    assert not list((paths.output / ".politidok" / "hallingdal").glob("*.tmp"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder; test_item10_output_in_proc covers it")
def test_item10_a_read_only_output_folder(copy):
    out = copy / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, text = calendars(copy)
    finally:
        out.chmod(0o755)
    assert code == 1 and f"Feil: {out}" in text and "ingen tilgang" in text and "Intern feil" not in text
    assert list(out.iterdir()) == []


# --- SIGTERM and SIGINT: the work folder goes, and LibreOffice gets no more work -----------------


def _term() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


@pytest.mark.parametrize("when", ["making the work folder", "building"])
def test_sigterm_is_an_exception_that_cleans_up(copy, monkeypatch, when):
    """SIGTERM raised as Interrupted in the main thread: the build's work folder is removed, also when the
    signal comes while the folder is made. Today SIGTERM ends the process and leaves output/.REGION-XXXX."""
    import secrets

    from politidok.build import engine
    from politidok.core import signals

    paths = paths_of(copy)
    made: list[str] = []
    if when == "building":
        real = engine.make_pdfs
        monkeypatch.setattr(engine, "make_pdfs", lambda *a, **k: (made.append("x"), _term(), real(*a, **k))[-1])
    else:
        real_hex = secrets.token_hex
        monkeypatch.setattr(secrets, "token_hex", lambda n: (made.append("x"), _term(), real_hex(n))[-1])
    with signals.stoppable(), pytest.raises(signals.Interrupted) as info:
        build("hallingdal", paths, BuildOptions(only=frozenset({"kalender"})))
    assert made and info.value.signum == signal.SIGTERM and signals.exit_code(info.value) == 143
    assert [p.name for p in paths.output.iterdir()] == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back


def test_a_failed_build_gives_libreoffice_no_more_of_its_documents():
    """Documents not yet begun are dropped (a cancelled future is skipped), so that nothing is written into
    the work folder after the build has removed it. Today they were converted after the build had failed."""
    from politidok.build.pipeline import _abandon
    from politidok.convert.base import serve

    done, dropped = Future(), Future()
    done.set_running_or_notify_cancel()
    done.set_result(Path("a.pdf"))
    _abandon({done: None, dropped: None})
    assert dropped.cancelled()
    jobs: queue.Queue = queue.Queue()
    for item in [(Path("b.docx"), Path("b.pdf"), dropped), None]:
        jobs.put(item)
    attempts: list[Path] = []
    serve(jobs, lambda docx, _pdf, _n: attempts.append(docx), lambda: None, "LibreOffice")
    assert attempts == []
