"""A secretary's year with Hallingdal, through the command line, as issue 25 tells it.

Archive the agreement and the first meetings; add archive references; add members; fix a typo in a
later meeting; mark an item closed after its invitation was sent; correct archived minutes that have a
public version; make next year's plan. Every build either succeeds or stops with a message that names
the field, its line, old and new value and a command that works; no file that went out (archived, or
sent) changes without a new version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import copy_args, flat_text, need, run_cli
from support import edit

from politidok.archive import arkivmelding
from politidok.build import ledger

FLA = "innkalling-2025-09-16-fla"
AL = "referat-2025-03-11-al"
AL_PUBLIC = "referat-offentlig-2025-03-11-al"
FIRST = ["samarbeidsavtale", "referat-2025-02-10-gol", AL, AL_PUBLIC]


class Year:
    def __init__(self, copy: Path) -> None:
        self.copy = copy
        self.folder = copy / "agreements" / "hallingdal"
        self.out = copy / "out" / "hallingdal"
        self.args = [*copy_args(copy), "--output", str(copy / "out")]
        self.gone_out: dict[str, str] = {}  # every file that went out -> its sha256 then

    def run(self, *args: str):
        return run_cli(*args, *self.args)

    def build(self, *extra: str) -> str:
        proc = self.run("build", "hallingdal", *extra)
        assert proc.returncode == 0, proc.stderr
        self.kept_as_they_went_out()
        return proc.stdout

    def stopped(self, *extra: str) -> list[str]:
        """A build that stops: its problems, one a line; nothing written."""
        before = _tree(self.out)
        proc = self.run("build", "hallingdal", *extra)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr + proc.stdout
        assert proc.stderr.strip().endswith("Ingenting er skrevet til output/.")
        assert _tree(self.out) == before
        return [line.strip() for line in proc.stderr.splitlines()[1:-1]]

    def kept_as_they_went_out(self) -> None:
        """Every file the ledger ever recorded is in output/ with the bytes it had then."""
        for entry in ledger.read(self.folder).values():
            for name, sha in entry.filer.items():
                assert self.gone_out.setdefault(name, sha) == sha, f"{name} was recorded with other bytes"
        assert {n: _sha(self.out / n) for n in self.gone_out} == self.gone_out
        proc = self.run("verify", "--region", "hallingdal")
        assert proc.returncode == 0, proc.stdout


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def _line(path: Path, starts: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.strip().startswith(starts)
    )


@pytest.fixture()
def year(region_copy) -> Year:
    need("soffice", "pdftotext")
    y = Year(region_copy)
    (y.folder / "handlingsplan" / "2026.yaml").unlink()  # next year is not begun yet
    with (y.folder / "handlingsplan" / "2025.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - id: T-2025-11\n    satsingsomrade: ungdom\n    tiltak: Ungdomsklubb i Flå\n"
            "    ansvarlig: Kommunedirektør i Flå\n    frist: 2025-12-31\n"
        )  # proposed, never adopted
    edit(
        y.folder / "moter" / "2025-09-16-fla.yaml",
        "svarfrist: 2025-09-09\n",
        "svarfrist: 2025-09-09\nsendt: 2025-09-01\n",
    )
    return y


def test_a_secretarys_year(year):
    # the year's documents are made; the invitation to Flå, sent, is recorded as sent
    year.build()
    [sent] = [e for e in ledger.read(year.folder).values() if e.sendt]
    assert sent.dokument == FLA and sent.sendt.isoformat() == "2025-09-01" and not sent.arkivert

    # archive the agreement and the first meetings
    proc = year.run("arkiver", "hallingdal", *FIRST, "--dato", "2025-03-20")
    assert proc.returncode == 0 and "Arkiverte 4 dokumenter" in proc.stdout, proc.stderr
    year.kept_as_they_went_out()
    text = (year.folder / "arkivert.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    data = yaml.safe_load(text)["dokumenter"]
    assert [e["dokument"] for e in data] == sorted(e["dokument"] for e in data)
    minutes = next(e for e in data if e["dokument"] == AL)
    assert "saker[*].vedtak" in next(k for k in minutes["kilder"] if k["fil"] == "moter/2025-03-11-al.yaml")["felt"]

    # archive references, as the README recommends: no document that went out changes, the others get them
    agreement = year.folder / "avtale.yaml"
    edit(agreement, "# arkiv:\n#   saksnummer: 2024/1873", "arkiv:\n  saksnummer: 2024/1873")
    year.build()
    assert b"<n5mdk:saksaar>2024</n5mdk:saksaar>" in (year.out / "arkivmelding-referat-2025-04-08-hol.xml").read_bytes()
    assert b"saksaar" not in (year.out / f"arkivmelding-{AL}.xml").read_bytes()

    # a member of Hol, named as members already are in the agreement: only Hol's invitation changes
    edit(
        agreement,
        "    deltakelse: tillegg\n",
        "    deltakelse: tillegg\n  - tittel: Kommunalsjef for oppvekst\n    kommune: Hol\n"
        "    omtale: aktuelle kommunaldirektører\n    deltakelse: tillegg\n",
    )
    said = year.build()
    assert "innkalling-2025-04-08-hol" in said and FLA not in said
    assert "Kommunalsjef for oppvekst i Hol" in flat_text(year.out / "innkalling-2025-04-08-hol.pdf")
    # a member the agreement names: the archived agreement stops the build, and says where and how
    edit(
        agreement,
        "    deltakelse: ved_behov\n",
        "    deltakelse: ved_behov\n  - tittel: Leiar for ungdomsrådet\n    kommune: Hemsedal\n"
        "    omtale: leiarar for ungdomsråda\n    deltakelse: tillegg\n",
    )
    [problem] = year.stopped()
    line = _line(agreement, "- tittel: Leiar for ungdomsrådet")
    assert problem.startswith(
        f"{agreement}:{line}: medlemmer[9]: samarbeidsavtale er arkivert 2025-03-20 og kan ikke endres:"
    )
    assert "(ingen) → «tittel: Leiar for ungdomsrådet, kommune: Hemsedal" in problem
    assert problem.endswith("politidok bygg hallingdal --ny-versjon samarbeidsavtale")
    year.build("--ny-versjon", "samarbeidsavtale")
    assert "leiarar for ungdomsråda" in flat_text(year.out / "samarbeidsavtale-v2.pdf")

    # a typo fixed in a later meeting's minutes: nothing that went out shows it
    edit(
        year.folder / "moter" / "2025-10-07-hemsedal.yaml",
        "gjekk gjennom tiltaka i handlingsplanen.",
        "gjekk gjennom tiltaka i handlingsplanen i detalj.",
    )
    assert "referat-2025-10-07-hemsedal" in year.build()

    # an item closed after its invitation was sent: the build stops; --ny-versjon makes «Rettet innkalling»
    meeting = year.folder / "moter" / "2025-09-16-fla.yaml"
    edit(
        meeting,
        "    tittel: Status for tiltak mot vold i nære relasjoner\n",
        "    tittel: Status for tiltak mot vold i nære relasjoner\n    offentlig_tittel: Orientering om enkeltsak\n"
        "    unntatt_offentlighet: offl. § 13 jf. fvl. § 13\n",
    )
    problems = year.stopped()
    line = _line(meeting, "unntatt_offentlighet:")
    assert (
        f"{meeting}:{line}: saker[3].unntatt_offentlighet: {FLA} er sendt 2025-09-01 og kan ikke endres: "
        f"(ingen) → «offl. § 13 jf. fvl. § 13». Sett endringen tilbake, eller lag en rettet versjon: "
        f"politidok bygg hallingdal --ny-versjon {FLA}"
    ) in problems
    year.build("--ny-versjon", FLA)
    corrected = flat_text(year.out / f"{FLA}-v2.pdf")
    assert "Sekretær: SLT-koordinator Rettet innkalling til møte Politirådet i Flå" in corrected  # under the letterhead
    assert "Denne innkallingen erstatter innkallingen som ble sendt 1. september 2025." in corrected
    assert "Sak 3/25 har ny tittel: Orientering om enkeltsak" in corrected
    assert "Status for tiltak mot vold" not in corrected  # the closed item's title does not travel
    xml = (year.out / f"arkivmelding-{FLA}-v2.xml").read_bytes()
    assert arkivmelding.validate(xml) == []
    assert f"Erstatter {FLA}.pdf (sendt 2025-09-01, SHA-256 {year.gone_out[f'{FLA}.pdf']})".encode() in xml
    assert ledger.read(year.folder)[f"{FLA}-v2"].sendt  # the corrected invitation went out when it was made

    # archived minutes with a public version corrected: one change, one command for both
    edit(year.folder / "moter" / "2025-03-11-al.yaml", "sluttar seg til rutinane", "sluttar seg heilt til rutinane")
    [problem] = year.stopped()
    assert f"saker[2].vedtak.nn: {AL} og {AL_PUBLIC} er begge arkivert 2025-03-20 og kan ikke endres: «" in problem
    assert problem.endswith(f"--ny-versjon {AL}")
    year.build("--ny-versjon", AL)
    assert "sluttar seg heilt til rutinane" in flat_text(year.out / f"{AL_PUBLIC}-v2.pdf")
    assert "sluttar seg heilt til rutinane" not in flat_text(year.out / f"{AL_PUBLIC}.pdf")

    # next year's plan: only adopted, unfinished measures, with their ids; what is left, at its line
    proc = year.run("next-year", "hallingdal", "--year", "2025")
    assert proc.returncode == 0, proc.stderr
    plan = year.folder / "handlingsplan" / "2026.yaml"
    assert f"Skrev {plan}: handlingsplanen for 2026." in proc.stdout
    assert "Ikke ført videre (aldri vedtatt): T-2025-11 Ungdomsklubb i Flå" in proc.stdout
    assert f"{plan}:{_line(plan, 'frist:   # var 2025-12-31')}: tiltak[1].frist: T-2025-03:" in proc.stdout
    assert [t["id"] for t in yaml.safe_load(plan.read_text(encoding="utf-8"))["tiltak"]] == [
        "T-2025-03",
        "T-2025-08",
        "T-2025-10",
    ]
    assert year.run("check", "hallingdal").returncode == 0
    for target in (("--make-target", "report"), ()):  # make report and make all: the unfinished year is skipped
        said = year.build(*target)
        assert "Hopper over evalueringsrapporten for 2026: utfordringer, egenevaluering er ikke fylt ut ennå." in said

    # the secretary's screen
    proc = year.run("status", "hallingdal")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    assert max(map(len, lines)) <= 100
    row = next(line for line in lines if line.startswith(f"{FLA} "))
    assert "2025-09-01" in row and "erstattet av -v2" in row
    assert any(line.startswith(f"{AL}-v2 ") and "oppdatert" in line for line in lines)
