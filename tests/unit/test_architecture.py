"""The document-kind registry and what is derived from it, the code digest behind every stamp, and
the cache folder (fast: no LibreOffice, no Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from politidok import documents
from politidok.core import paths
from politidok.load import load_region


def test_registry_has_every_kind_once_after_what_it_requires():
    kinds = documents.registry()
    assert sorted(kinds) == sorted(
        [
            "samarbeidsavtale",
            "saksframlegg",
            "innkalling",
            "referat",
            "referat-offentlig",
            "kalender",
            "handlingsplan",
            "evalueringsrapport",
            "moteplan",
            "pakke",
        ]
    )
    order = list(kinds)
    assert documents.attachable() == {"samarbeidsavtale"}
    for kind in kinds.values():
        assert all(order.index(r) < order.index(kind.name) for r in documents.requirements(kind)), kind.name
        assert kind.title and kind.files and kind.guide and kind.reads, kind.name
        if kind.template:
            for file in kind.template_files():
                assert (ROOT / file).is_file(), file
        if kind.dokumenttype:
            assert kind.codes == (kind.dokumenttype, kind.journalposttype)
    # the kinds that attach documents by name come after every attachable kind
    assert order.index("samarbeidsavtale") < order.index("saksframlegg")
    assert order.index("samarbeidsavtale") < order.index("innkalling")


def test_planning_order_comes_from_what_kinds_require():
    from politidok.documents import Kind, _in_dependency_order

    a, b = Kind("a", "A", requires=("c",)), Kind("b", "B")
    c, d = Kind("c", "C", attachable=True), Kind("d", "D", attaches=True)
    assert [k.name for k in _in_dependency_order({k.name: k for k in (a, b, c, d)})] == ["b", "c", "a", "d"]
    with pytest.raises(RuntimeError, match="require each other"):
        _in_dependency_order({"x": Kind("x", "X", requires=("y",)), "y": Kind("y", "Y", requires=("x",))})
    with pytest.raises(RuntimeError, match="unknown kinds"):
        _in_dependency_order({"x": Kind("x", "X", requires=("nope",))})


def test_a_kind_reading_what_it_did_not_declare_is_a_bug():
    from politidok.core.docinfo import DocumentInfo
    from politidok.documents import Document, Input, Planner

    region = load_region(ROOT / "agreements" / "trondelag-sor")
    planner = Planner(region, ROOT / "templates")
    stray = Document(
        "samarbeidsavtale",
        "x",
        ROOT / "templates" / "nb" / "samarbeidsavtale.docx",
        {},
        DocumentInfo("x", "nb-NO", None),
        "nb",
        (Input("moter/x.yaml"),),
    )
    with pytest.raises(RuntimeError, match="not among what kind samarbeidsavtale reads"):
        planner.add(stray)
    planner.planning = documents.get("samarbeidsavtale")
    with pytest.raises(RuntimeError, match="does not require it"):
        planner.planned("referat")


def test_archive_codes_are_in_the_fiks_arkiv_code_lists():
    from politidok.archive.arkivmelding import code_list

    for kind in documents.registry().values():
        if kind.codes:
            assert kind.dokumenttype in code_list("dokumenttype"), kind.name
            assert kind.journalposttype in code_list("journalposttype"), kind.name


def test_cli_choices_and_make_targets_come_from_the_registry():
    from politidok.cli import build_cmd

    params = {p.name: p for p in build_cmd.params}
    assert tuple(params["only"].type.choices) == documents.names()
    assert set(params["target"].type.choices) == set(documents.make_targets())
    assert documents.make_targets()["minutes"] == ["referat", "referat-offentlig"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in documents.make_targets():
        assert f"{target}" in makefile.split("--make-target")[0], target


def test_guide_and_catalogue_cover_every_kind():
    from politidok import guide
    from politidok.documents.catalogue import catalogue

    text = guide.render()
    templates = {k.template for k in documents.registry().values() if k.template}
    assert set(catalogue()) == templates
    for kind in documents.registry().values():
        assert f"### {kind.title}" in text and kind.guide in text


@pytest.mark.slow  # the CLI in a subprocess
def test_a_new_kind_module_is_found_and_offered_everywhere(tmp_path):
    """Adding a kind = adding its module: the registry, --only and the guide see it."""
    shutil.copytree(ROOT / "politidok", tmp_path / "politidok", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "politidok" / "documents" / "kinds" / "provekind.py").write_text(
        "from politidok.documents import Kind\n"
        "KIND = Kind(name='provekind', title='Prøvedokument', requires=('samarbeidsavtale',), dokumenttype='RAPPORT',\n"
        "            journalposttype='X', files='provekind.pdf', guide='Et dokument bare for testen.')\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    code = (
        "import json; from politidok import documents, guide; from politidok.cli import build_cmd; "
        "only = [p for p in build_cmd.params if p.name == 'only'][0]; "
        "print(json.dumps([list(documents.names()), list(only.type.choices), 'Prøvedokument' in guide.render()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    names, choices, in_guide = json.loads(out.stdout)
    assert "provekind" in names and "provekind" in choices and in_guide
    assert names.index("provekind") > names.index("samarbeidsavtale")  # after what it requires


def test_code_digest_follows_the_source_files(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "politidok", tmp_path / "politidok", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE", tmp_path / "politidok")
    before = paths.code_digest(fresh=True)
    module = tmp_path / "politidok" / "context" / "meetings.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert paths.code_digest(fresh=True) != before
    monkeypatch.undo()
    paths.code_digest(fresh=True)


def test_lint_stamp_follows_the_code(monkeypatch):
    from politidok.render import lint

    template = ROOT / "templates" / "nb" / "referat.docx"
    first = lint._clean_stamp(template, "referat")
    monkeypatch.setattr(paths, "build_digest", lambda: "other code")
    assert lint._clean_stamp(template, "referat") != first


def test_region_stamp_follows_the_code(tmp_path, monkeypatch):
    from politidok.build import state

    args = (ROOT / "agreements" / "hallingdal", ROOT / "templates", [[], None])
    first = state.inputs_digest(*args)
    assert state.inputs_digest(*args) == first
    monkeypatch.setattr(state, "build_digest", lambda: "other code")
    assert state.inputs_digest(*args) != first


def test_cache_folder_honours_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_dir("lint") == tmp_path / "politidok" / "lint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert paths.cache_dir() == Path.home() / ".cache" / "politidok"


@pytest.mark.slow  # the CLI in a subprocess
def test_import_layers_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    proc = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "2 kept, 0 broken" in proc.stdout


def test_no_module_does_two_jobs():
    """A module over ~450 lines (ruff-formatted) is a sign that it does two jobs."""
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in (ROOT / "politidok").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 460
    }
    assert not long, long


@pytest.mark.slow  # the CLI in a subprocess
def test_help_lists_the_kinds():
    proc = run_cli("build", "--help")
    assert proc.returncode == 0
    for name in documents.names():
        assert name in proc.stdout
