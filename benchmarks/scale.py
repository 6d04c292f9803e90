"""make bench-scale N=…: N synthetic councils of realistic size, built in ONE command from a cold start.

The generator writes N regions from the Hallingdal year: council i has 3–12 municipalities
(bokmål, nynorsk and neutral in turn), a politirådsmøte with minutes in every municipality over
the year, a joint meeting (bokmål and nynorsk when both are members) with minutes, and the
year's evaluation report with its saksframlegg and package, and the year's action plan (one
measure adopted in each municipality's meeting, reported on in the later meetings and the joint
one): some 25 PDFs per council on average.

All N are built by one `politidok build --alle` (POLITIDOK_SERVER=off: no warm server; one set
of LibreOffices started by that command; PDF/A and PDF/UA checked by page-validation in the
process, no JVM). Caches are filled once before (LibreOffice profiles), as on any machine after
its first build.
For each step (10, 25, 50 … up to N) it reports PDFs per second, the share of each core that was
busy (/proc/stat: the whole machine, so other work on it shows), the CPU seconds of Python,
LibreOffice and Java (sampled from /proc over the process tree), and peak memory (RSS of
politidok, its LibreOffices, bridges and the JVM together). Linear growth shows as a steady
rate; flat memory as the same peak for every N.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import Sampler, cpu_times, per_core_use

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "agreements" / "hallingdal"
MALFORM = ["bokmal", "nynorsk", "noytral"]


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def council(agreements: Path, i: int) -> str:
    """Write council i (3–12 municipalities) under agreements/; return its region name."""
    region = f"rad-{i:03d}"
    k = 3 + (i * 7) % 10
    avtale = _load(BASE / "avtale.yaml")
    meeting = _load(BASE / "moter" / "2025-04-08-hol.yaml")
    joint = _load(BASE / "moter" / "2025-11-20-felles.yaml")
    evaluering = _load(BASE / "evaluering" / "2025.yaml")
    kommuner = [f"Kommune {i}-{j}" for j in range(1, k + 1)]
    avtale["politirad"] = {**avtale["politirad"], "navn": f"Politirådet i region {i}", "region": f"region {i}"}
    avtale["kommuner"] = [{"navn": name, "malform": MALFORM[(i + j) % 3]} for j, name in enumerate(kommuner)]
    police = avtale["signering"]["signatarer"][0]
    avtale["signering"] = {
        **avtale["signering"],
        "signatarer": [police] + [{"tittel": "Ordfører", "kommune": name} for name in kommuner],
    }
    folder = agreements / region
    (folder / "moter").mkdir(parents=True)
    (folder / "evaluering").mkdir()
    _dump(folder / "avtale.yaml", avtale)
    others = [p for p in meeting["referat"]["til_stede"] if "organisasjon" in p]
    areas = [a["id"] for a in avtale["satsingsomrader"]["omrader"]]
    days = [dt.date(2025, 1 + j % 10, 6 + j // 10 * 7) for j in range(k)]  # 1-10 months, a second round for 11-12
    stems = [f"{day.isoformat()}-{j + 1}" for j, day in enumerate(days)]
    plan = [
        {
            "id": f"T-2025-{j + 1:02d}",
            "satsingsomrade": areas[j % len(areas)],
            "tiltak": f"Tiltak {j + 1} fra politirådsmøtet i {name}",
            "ansvarlig": "SLT-koordinator",
            "frist": days[j] + dt.timedelta(days=90),
            "effektindikator": "Antall meldinger før og etter",
            "vedtatt": {"mote": stems[j], "sak": "2/25"},
        }
        for j, name in enumerate(kommuner)
    ]
    for j, name in enumerate(kommuner):
        m = copy.deepcopy(meeting)
        m.update(kommune=name, dato=days[j], svarfrist=days[j] - dt.timedelta(days=7), sted=f"{name} rådhus")
        earlier = [t["id"] for n, t in enumerate(plan) if days[n] < days[j]][-3:]
        for sak in m["saker"]:
            for tiltak in sak.get("tiltak", []):
                tiltak["frist"] = max(tiltak["frist"], days[j] + dt.timedelta(days=14))
            if "rapportert" in sak:  # the action plan's measures adopted in this council's earlier meetings
                sak["rapportert"] = [
                    {"tiltak": t, "status": "pågår", "kommentar": "Arbeidet er i gang."} for t in earlier
                ]
                if not earlier:
                    del sak["rapportert"]
        m["referat"]["til_stede"] = [
            {"tittel": "Ordfører", "kommune": name},
            {"tittel": "Kommunedirektør", "kommune": name},
            *others,
        ]
        _dump(folder / "moter" / f"{stems[j]}.yaml", m)
    joint["referat"]["til_stede"] = [{"tittel": "Ordfører", "kommune": name} for name in kommuner] + others
    joint["referat"]["forfall"] = [{"tittel": "Kommunedirektør", "kommune": kommuner[0]}]
    for sak in joint["saker"]:
        if i % 2:  # half the joint meetings attach the agreement to a sak
            sak.pop("vedlegg", None)
        if "rapportert" in sak:
            sak["rapportert"] = [
                {"tiltak": t["id"], "status": ["pågår", "gjennomført"][n % 2], "kommentar": "Rapportert i fellesmøtet."}
                for n, t in enumerate(plan[:4])
            ]
    _dump(folder / "moter" / "2025-11-20-felles.yaml", joint)
    (folder / "handlingsplan").mkdir()
    _dump(
        folder / "handlingsplan" / "2025.yaml",
        {
            "ar": 2025,
            "innledning": f"Handlingsplanen samler tiltakene Politirådet i region {i} har vedtatt.",
            "tiltak": plan,
        },
    )
    evaluering["effekter"] = [{"tiltak": t["id"], "effekt": "Færre meldinger enn året før."} for t in plan[:2]]
    _dump(folder / "evaluering" / "2025.yaml", evaluering)
    return region


def build_all(work: Path, env: dict) -> dict:
    """One `politidok build --alle`, sampled; the figures of the run."""
    before = cpu_times()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "politidok", "build", "--alle"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with Sampler(proc.pid, every=0.2) as sampler:
        out, _ = proc.communicate()
        wall = time.perf_counter() - start
        after = cpu_times()
        time.sleep(1.0)  # the LibreOffices close after politidok has exited
    if proc.returncode:
        sys.exit(f"politidok build --alle failed:\n{out[-3000:]}")
    output = work / "output"
    return {
        "wall": wall,
        "pdfs": sum(1 for _ in output.glob("*/*.pdf")),
        "docx": sum(1 for _ in output.glob("*/*.docx")),
        "cores": per_core_use(before, after),
        "cpu": sampler.cpu_by_program(),
        "rss": sampler.peak_rss,
        "rss_by": sampler.peak_by_program,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=50, help="the largest number of councils")
    parser.add_argument("--steps", default="10,25,50,100,200", help="the smaller sizes on the way to N")
    args = parser.parse_args()
    steps = sorted({s for s in map(int, args.steps.split(",")) if s < args.n} | {args.n})
    print(
        f"{os.cpu_count()} cores; {' '.join(os.uname()[2:3])}; councils of 3-12 municipalities; "
        "one `politidok build --alle` per row, cold (no warm server)\n"
    )
    print(
        f"{'councils':>8s} {'PDFs':>6s} {'.docx':>6s} {'wall s':>7s} {'PDFs/s':>7s} {'s/council':>9s} "
        f"{'busy per core':>15s} {'CPU s: Python  LO   Java':>25s} {'peak MiB':>9s}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="politidok-scale-") as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "POLITIDOK_SERVER": "off", "XDG_CACHE_HOME": str(cache)}
        warmup = Path(tmp) / "warmup"
        shutil.copytree(ROOT / "templates", warmup / "templates")
        council(warmup / "agreements", 1)
        subprocess.run(
            [sys.executable, "-m", "politidok", "build", "--alle"], cwd=warmup, env=env, check=True, capture_output=True
        )  # fills the caches
        for n in steps:
            work = Path(tmp) / f"n{n}"
            shutil.copytree(ROOT / "templates", work / "templates")
            for i in range(1, n + 1):
                council(work / "agreements", i)
            r = build_all(work, env)
            cpu = r["cpu"]
            cores = " ".join(f"{u * 100:3.0f}%" for u in r["cores"])
            print(
                f"{n:8d} {r['pdfs']:6d} {r['docx']:6d} {r['wall']:7.1f} {r['pdfs'] / r['wall']:7.2f} "
                f"{r['wall'] / n:9.2f} {cores:>15s} {cpu.get('Python', 0):14.1f} {cpu.get('LibreOffice', 0):5.1f}"
                f" {cpu.get('Java (PDFBox)', 0):5.1f} {r['rss'] / 2**20:9.0f}",
                flush=True,
            )
            rows.append((n, r))
            print(
                " " * 9
                + "peak MiB by program: "
                + ", ".join(
                    f"{k} {v / 2**20:.0f}" for k, v in sorted(r["rss_by"].items(), key=lambda kv: -kv[1]) if v >= 2**20
                ),
                flush=True,
            )  # not the shell's ls and sed in LibreOffice's start script
            shutil.rmtree(work)
    if len(rows) > 1:
        (n0, r0), (n1, r1) = rows[0], rows[-1]
        print(
            f"\ngrowth: {n1 / n0:.1f}× the councils took {r1['wall'] / r0['wall']:.1f}× the time "
            f"(linear: {r1['pdfs'] / r0['pdfs']:.1f}× the PDFs); peak memory {r0['rss'] / 2**20:.0f} -> "
            f"{r1['rss'] / 2**20:.0f} MiB"
        )
        per_pdf = sum(r1["cpu"].values()) / r1["pdfs"]
        print(
            f"CPU per PDF at N={n1}: {per_pdf:.3f} s "
            + ", ".join(
                f"{k} {v / r1['pdfs']:.3f}"
                for k, v in sorted(r1["cpu"].items(), key=lambda kv: -kv[1])
                if v / r1["pdfs"] >= 0.0005
            )
        )


if __name__ == "__main__":
    main()
