"""make bench: the Hallingdal year, side by side with the naive way.

(a) naive baseline: one fresh `soffice --convert-to pdf` per generated .docx (what a script
    around LibreOffice does); (b) `politidok build hallingdal` from a clean output/ (render,
    convert to PDF/A, signature fields, packages, preflight, arkivmelding); (c) a no-op rebuild;
    (d) a rebuild after one minutes file changed. Medians of several runs; ratios against (a).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINUTES = Path("agreements/hallingdal/moter/2025-04-08-hol.yaml")


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    return took, proc.stdout + proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is missing")
    with tempfile.TemporaryDirectory(prefix="politidok-bench-") as tmp:
        work = Path(tmp)
        for name in ("agreements", "templates"):
            shutil.copytree(ROOT / name, work / name)
        cli = [sys.executable, "-m", "politidok", "build", "hallingdal"]
        # the documents the naive loop converts: the .docx files politidok renders
        run(cli, work)
        docx = sorted((work / "output" / "hallingdal").glob("*.docx"))
        naive_dir = work / "naive"
        profile = (work / "lo-profile").as_uri()
        a, b, c, d, rebuilt = [], [], [], [], ""
        for _ in range(args.reps):
            start = time.perf_counter()
            for doc in docx:
                subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                                "--outdir", str(naive_dir), str(doc)], capture_output=True, check=True)
            a.append(time.perf_counter() - start)
        for _ in range(args.reps):
            shutil.rmtree(work / "output")
            b.append(run(cli, work)[0])
            for _ in range(3):
                took, out = run(cli, work)
                assert "Ingen endringer" in out, out
                c.append(took)
            minutes = work / MINUTES
            text = minutes.read_text(encoding="utf-8")
            minutes.write_text(text.replace("status: pågår", "status: gjennomført", 1), encoding="utf-8")
            took, out = run(cli, work)
            d.append(took)
            rebuilt = next((ln for ln in out.splitlines() if ln.startswith("Lager ")), "")
            minutes.write_text(text, encoding="utf-8")
            run(cli, work)  # back to the original
        n = len(docx)
        rows = [
            ("(a) naive: fresh soffice per .docx", a, f"{n} .docx → PDF (no PDF/A, no checks)"),
            ("(b) politidok build, clean output/", b, f"{n} documents + packages, PDF/A, preflight, arkivmelding"),
            ("(c) no-op rebuild", c, "nothing changed"),
            ("(d) one minutes file changed", d, re.sub(r"^Lager ", "rebuilt ", rebuilt)),
        ]
        base = statistics.median(a)
        print(f"\nHallingdal 2025 on {os.cpu_count()} cores, medians of {args.reps} runs ({len(c)} for c)\n")
        print(f"{'case':38s} {'median s':>9s} {'a / case':>9s}  note")
        print("-" * 110)
        for label, times, note in rows:
            median = statistics.median(times)
            print(f"{label:38s} {median:9.2f} {base / median:8.1f}×  {note}")
        print(f"\nper document: naive {base / n:.2f} s, politidok {statistics.median(b) / n:.2f} s")


if __name__ == "__main__":
    main()
