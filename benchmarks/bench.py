"""make bench: the Hallingdal year, side by side with the naive way and the floor, in one run.

(a) naive baseline: one fresh `soffice --convert-to pdf` per generated .docx (what a script
    around LibreOffice does); (f) the floor: ONE `soffice --convert-to pdf` call with all the
    .docx files (plain PDF, no checks: what LibreOffice alone costs, one core); (f') the same
    with a profile seeded as politidok seeds its own (convert.profiles: LibreOffice skips its
    graphics self-test at start), for what the floor would be with that one trick;
(b) `politidok build hallingdal` from a clean output/ (render,
    convert to PDF/A, signature fields, packages, the checks of verify with PDF/A and PDF/UA-1 by
    page-validation, arkivmelding), and once more with PDFBox as well (POLITIDOK_PDFBOX=1, a JVM);
    (c) a no-op rebuild;
    (d) a rebuild after one minutes file changed. (b) and (d) run twice: a cold build on its
    own (`POLITIDOK_SERVER=off`), and through the warm server (`politidok server start`), as a
    secretary's repeated `make` does. Medians of several runs; ratios against (a) and (f).
(m) peak memory of politidok's own process (Python, not LibreOffice) in a clean and a no-op build,
    with and without 3 GB lying in the region (a sparse file, and a link to one outside it): the
    build never reads a file larger than any input, so its memory must not follow what lies in the
    folders (issue 24).
With --scale N, `benchmarks/scale.py N` follows (many councils in one `build --alle`).

Caches live in a temporary XDG_CACHE_HOME, so a developer's own warm server is not touched;
one build before the timing fills them (compiled preflight class, LibreOffice profiles) as on
any machine after its first build. politidok's own bytecode is compiled first, as an installed
package's is (some machines set PYTHONDONTWRITEBYTECODE, and would compile it in every run).
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


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    return took, proc.stdout + proc.stderr


# politidok's CLI in this process, printing its own peak resident memory (KiB) at the end
PEAK = (
    "import resource, sys\n"
    "from politidok.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    print(f'peak-rss-kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
)


def peak_rss(work: Path, env: dict, *args: str) -> float:
    """MiB: the peak resident memory of one `politidok ARGS` (its Python process)."""
    _took, out = run([sys.executable, "-c", PEAK, *args], work, env)
    return int(re.findall(r"peak-rss-kib (\d+)", out)[-1]) / 1024


def memory(work: Path, env: dict) -> list[tuple[str, float]]:
    """(case, MiB) of a clean and a no-op build of Hallingdal, without and with 3 GB in the region."""
    build = ["build", "hallingdal"]
    rows = []
    shutil.rmtree(work / "output")
    rows.append(("(m) clean build", peak_rss(work, env, *build)))
    rows.append(("(m) no-op build", peak_rss(work, env, *build)))
    region = work / "agreements" / "hallingdal"
    outside = work / "stor-utenfor.bin"
    for path in (region / "stor.bin", outside):
        with open(path, "wb") as f:
            f.truncate(3 * 2**30)  # 3 GB, sparse: nothing on the disk
    (region / "lenke.bin").symlink_to(outside)
    try:
        shutil.rmtree(work / "output")
        rows.append(("(m) clean build, 3 GB + a link to 3 GB in the region", peak_rss(work, env, *build)))
        rows.append(("(m) no-op build, the same", peak_rss(work, env, *build)))
    finally:
        for path in (region / "stor.bin", region / "lenke.bin", outside):
            path.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--scale", type=int, default=0, metavar="N", help="also benchmarks/scale.py N")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is missing")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "politidok")], check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="politidok-bench-") as tmp:
        work = Path(tmp)
        for name in ("agreements", "templates"):
            shutil.copytree(ROOT / name, work / name)
        base = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(work / "cache")}
        cold = {**base, "POLITIDOK_SERVER": "off"}
        warm = {**base, "POLITIDOK_SERVER": "on"}
        cli = [sys.executable, "-m", "politidok"]
        build = [*cli, "build", "hallingdal"]
        run(build, work, cold)  # fills the caches; the .docx files the naive loop converts
        (work / "docx").mkdir()
        docx = [Path(shutil.copy2(p, work / "docx")) for p in sorted((work / "output" / "hallingdal").glob("*.docx"))]
        naive_dir = work / "naive"
        profile = (work / "lo-profile").as_uri()
        times: dict[str, list[float]] = {k: [] for k in ("a", "f", "fs", "b", "bp", "c", "d", "bw", "dw")}
        sys.path.insert(0, str(ROOT))
        from politidok.convert.profiles import seed

        seeded = work / "lo-profile-seeded"
        seed(seeded, soffice)
        lo_seeded = [
            soffice,
            f"-env:UserInstallation={seeded.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ]
        subprocess.run([*lo_seeded, str(work / "floor-seeded"), str(docx[0])], capture_output=True, check=True)
        lo = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
        subprocess.run([*lo, str(work / "floor"), str(docx[0])], capture_output=True, check=True)  # the profile
        for _ in range(args.reps):
            start = time.perf_counter()
            for doc in docx:
                subprocess.run([*lo, str(naive_dir), str(doc)], capture_output=True, check=True)
            times["a"].append(time.perf_counter() - start)
            shutil.rmtree(work / "floor", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*lo, str(work / "floor"), *map(str, docx)], capture_output=True, check=True)
            times["f"].append(time.perf_counter() - start)
            assert len(list((work / "floor").glob("*.pdf"))) == len(docx)
            shutil.rmtree(work / "floor-seeded", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*lo_seeded, str(work / "floor-seeded"), *map(str, docx)], capture_output=True, check=True)
            times["fs"].append(time.perf_counter() - start)
            shutil.rmtree(work / "output")  # and the cold build right after the floor: the machine's
            times["b"].append(run(build, work, cold)[0])  # speed drifts when it is shared

        def rounds(env: dict, b: str, d: str) -> str:
            line = ""
            for _ in range(args.reps):
                shutil.rmtree(work / "output")
                times[b].append(run(build, work, env)[0])
                if b == "b":
                    for _ in range(3):
                        took, out = run(build, work, env)
                        assert "Ingen endringer" in out, out
                        times["c"].append(took)
                minutes = work / MINUTES
                text = minutes.read_text(encoding="utf-8")
                minutes.write_text(text.replace("status: pågår", "status: gjennomført", 1), encoding="utf-8")
                took, out = run(build, work, env)
                times[d].append(took)
                line = next((ln for ln in out.splitlines() if ln.startswith("Lager ")), "")
                minutes.write_text(text, encoding="utf-8")
                run(build, work, env)  # back to the original
            return line

        rebuilt = rounds(cold, "b", "d")
        pdfbox = {**cold, "POLITIDOK_PDFBOX": "1"}
        for _ in range(args.reps):
            shutil.rmtree(work / "output")
            took, out = run(build, work, pdfbox)
            assert "Java/PDFBox mangler" not in out, out  # PDFBox ran
            times["bp"].append(took)
        peaks = memory(work, cold)
        run([*cli, "server", "start"], work, warm)
        try:
            shutil.rmtree(work / "output")
            run(build, work, warm)  # the server's first build (its caches)
            rounds(warm, "bw", "dw")
        finally:
            run([*cli, "server", "stop"], work, warm)
        n = len(docx)
        pdfs = len(list((work / "output" / "hallingdal").glob("*.pdf")))
        rows = [
            ("(a) naive: fresh soffice per .docx", "a", f"{n} .docx → PDF (no PDF/A, no checks)"),
            ("(f) floor: one soffice, all .docx", "f", f"the same {n} files in one call (plain PDF, one core)"),
            ("(f') the floor, profile seeded", "fs", "the same, LibreOffice's start without its graphics self-test"),
            (
                "(b) build, clean output/, cold",
                "b",
                f"{n} documents, {pdfs} PDF/A+UA with packages, checks (page-validation), arkivmelding",
            ),
            ("(b) the same with PDFBox too, cold", "bp", "POLITIDOK_PDFBOX=1: the JVM and PDFBox preflight as well"),
            ("(b) build, clean output/, warm server", "bw", "the same, through `politidok server start`"),
            ("(c) no-op rebuild", "c", "nothing changed"),
            ("(d) one minutes file changed, cold", "d", re.sub(r"^Lager ", "rebuilt ", rebuilt)),
            ("(d) one minutes file changed, warm", "dw", "the same, through the warm server"),
        ]
        base_time = statistics.median(times["a"])
        floor = statistics.median(times["f"])
        load = os.getloadavg()[0]
        print(
            f"\nHallingdal 2025 on {os.cpu_count()} cores (load average {load:.1f} at the end), medians of "
            f"{args.reps} runs ({len(times['b'])} for the cold build, {len(times['c'])} for c)\n"
        )
        print(f"{'case':40s} {'median s':>9s} {'a / case':>9s} {'case / f':>9s}  note")
        print("-" * 122)
        for label, key, note in rows:
            median = statistics.median(times[key])
            print(f"{label:40s} {median:9.2f} {base_time / median:8.1f}× {median / floor:8.2f}×  {note}")
        print(
            f"\nper document: naive {base_time / n:.2f} s, politidok cold {statistics.median(times['b']) / n:.2f} s, "
            f"warm {statistics.median(times['bw']) / n:.2f} s"
        )
        cold_b, warm_b = statistics.median(times["b"]), statistics.median(times["bw"])
        checks = [
            ("cold ≥ 10× naive", base_time / cold_b >= 10),
            ("cold ≤ 1.3× floor", cold_b / floor <= 1.3),
            ("warm ≤ floor", warm_b <= floor),
        ]
        print("targets (issue 18): " + ", ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks))
        print(f"\n{'peak memory of politidok (Python; LibreOffice apart)':60s} {'MiB':>7s}")
        print("-" * 68)
        for label, mib in peaks:
            print(f"{label:60s} {mib:7.0f}")
        bounded = max(m for _l, m in peaks[2:]) <= max(m for _l, m in peaks[:2]) + 32
        print(f"target (issue 24): memory does not follow what lies in the region: {'met' if bounded else 'NOT met'}")
    if args.scale:
        print(f"\nMany councils: benchmarks/scale.py {args.scale}\n", flush=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), str(args.scale)], check=True)


if __name__ == "__main__":
    main()
