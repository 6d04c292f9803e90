"""make bench-scale N=…: N synthetic councils built side by side; documents per second.

The generator writes N regions (each an agreement for three municipalities, three held meetings
with minutes and a joint meeting) and builds them with one build process per core, each with
its own LibreOffice (POLITIDOK_SERVER=off: no warm server, every build starts its own). It
reports documents per second for N/4, N/2 and N councils (linear growth shows as a steady rate)
and the machine's busy CPU time against the wall time (≈ 2 on two busy cores), read from
/proc/stat: LibreOffice and Java close after politidok has exited, so counting children would
miss them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def generate(agreements: Path, n: int) -> list[str]:
    base = yaml.safe_load((ROOT / "agreements/hallingdal/avtale.yaml").read_text(encoding="utf-8"))
    meeting = yaml.safe_load((ROOT / "agreements/hallingdal/moter/2025-04-08-hol.yaml").read_text(encoding="utf-8"))
    names = []
    for i in range(1, n + 1):
        region = f"rad-{i:03d}"
        names.append(region)
        kommuner = [f"Kommune {i}-{k}" for k in range(1, 4)]
        avtale = dict(base)
        avtale["politirad"] = {**base["politirad"], "navn": f"Politirådet i region {i}", "region": f"region {i}"}
        avtale["kommuner"] = [{"navn": k, "malform": ["bokmal", "nynorsk", "noytral"][j]} for j, k in enumerate(kommuner)]
        avtale["signering"] = {**base["signering"], "signatarer": [base["signering"]["signatarer"][0]] + [
            {"tittel": "Ordfører", "kommune": k} for k in kommuner]}
        folder = agreements / region / "moter"
        folder.mkdir(parents=True)
        (agreements / region / "avtale.yaml").write_text(yaml.safe_dump(avtale, allow_unicode=True), encoding="utf-8")
        for j, k in enumerate(kommuner):
            m = {**meeting, "kommune": k, "dato": meeting["dato"].replace(day=8 + j)}
            m["referat"] = {**meeting["referat"], "til_stede": [{"tittel": "Ordfører", "kommune": k}]}
            (folder / f"2025-04-{8 + j:02d}.yaml").write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    return names


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def build_all(work: Path, regions: list[str], workers: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLITIDOK_LO_WORKERS": "1", "POLITIDOK_SERVER": "off"}

    def one(region: str) -> int:
        subprocess.run([sys.executable, "-m", "politidok", "build", region], cwd=work, env=env, check=True,
                       capture_output=True)
        return sum(1 for p in (work / "output" / region).glob("*.pdf"))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(one, regions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=50)
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    print(f"{'councils':>9s} {'documents':>10s} {'wall s':>8s} {'docs/s':>7s} {'cpu/wall':>9s}")
    for n in sorted({max(1, args.n // 4), max(1, args.n // 2), args.n}):
        with tempfile.TemporaryDirectory(prefix="politidok-scale-") as tmp:
            work = Path(tmp)
            shutil.copytree(ROOT / "templates", work / "templates")
            regions = generate(work / "agreements", n)
            before = busy_seconds()
            start = time.perf_counter()
            docs = build_all(work, regions, workers)
            wall = time.perf_counter() - start
            cpu = busy_seconds() - before
            print(f"{n:9d} {docs:10d} {wall:8.1f} {docs / wall:7.2f} {cpu / wall:9.2f}")


if __name__ == "__main__":
    main()
