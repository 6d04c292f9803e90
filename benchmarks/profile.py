"""Where a build's time goes: `python benchmarks/profile.py [REGION] [--warm]`.

Three views of one build of REGION (default hallingdal) from a clean output folder:

1. the command as a user runs it (`POLITIDOK_SERVER=off politidok build REGION`): its wall time,
   the interpreter's start, and `-X importtime` of the same command (imports on the cold path);
2. the same build in this process with every stage timed (render, LibreOffice per document, its
   start, assembly with pikepdf, merging packages, the checks (PDFBox with POLITIDOK_PDFBOX=1), archive), and the CPU
   seconds of every program in the tree (Python, LibreOffice, Java) sampled from /proc;
3. with --warm, the build through the warm server (`politidok server start`), its first build
   and the next one, and view 2 done as the server does (services kept from a first build).

Stage times are sums over documents and overlap each other (the pipeline runs them side by side);
"busy" is the span from the first start to the last end of a stage.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import Sampler

ROOT = Path(__file__).resolve().parent.parent


class Spans:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.spans: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.t0 = time.perf_counter()
        self.originals: list[tuple[object, str, object]] = []

    def patch(self, owner, name: str, value) -> None:
        self.originals.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def restore(self) -> None:
        for owner, name, original in reversed(self.originals):
            setattr(owner, name, original)

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                with self.lock:
                    self.spans[label].append((start - self.t0, time.perf_counter() - self.t0))

        self.patch(owner, name, timed)

    def add(self, label: str, start: float, end: float) -> None:
        with self.lock:
            self.spans[label].append((start - self.t0, end - self.t0))

    def table(self) -> str:
        rows = [f"{'stage':34s} {'n':>4s} {'sum s':>7s} {'first':>7s} {'last':>7s}"]
        for label, spans in sorted(self.spans.items(), key=lambda kv: min(s for s, _ in kv[1])):
            rows.append(
                f"{label:34s} {len(spans):4d} {sum(e - s for s, e in spans):7.2f} "
                f"{min(s for s, _ in spans):7.2f} {max(e for _, e in spans):7.2f}"
            )
        return "\n".join(rows)


def command_view(work: Path, region: str, env: dict) -> None:
    cli = [sys.executable, "-m", "politidok"]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([*cli, "--version"], check=True, capture_output=True, env=env, cwd=work)
    version = time.perf_counter() - start
    shutil.rmtree(work / "output", ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cli, "build", region], env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with Sampler(proc.pid) as sampler:
        proc.wait()
        wall = time.perf_counter() - start
        time.sleep(1.5)  # LibreOffice closes after politidok has exited: count it
    cpu = sampler.cpu_by_program()
    shutil.rmtree(work / "output", ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *cli[1:], "build", region],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    imports: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 1:  # top-level imports: cumulative time
            imports[m.group(4)] = imports.get(m.group(4), 0) + int(m.group(2))
    total = sum(imports.values()) / 1e6
    top = sorted(imports.items(), key=lambda kv: -kv[1])[:12]
    print(f"\n== 1. the command: POLITIDOK_SERVER=off politidok build {region} (clean output)")
    print(f"wall {wall:.2f} s; `python -c pass` {bare:.2f} s; `politidok --version` {version:.2f} s")
    print(
        "CPU by program (s): "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]))
        + f"; total {sum(cpu.values()):.2f}; peak RSS {sampler.peak_rss / 2**20:.0f} MiB"
    )
    print(f"imports (-X importtime, all top-level, cumulative): {total:.2f} s; largest:")
    for name, us in top:
        print(f"  {name:40s} {us / 1e6:6.3f} s")


def stage_view(work: Path, region: str, warm: bool = False) -> None:
    os.chdir(work)
    os.environ["POLITIDOK_SERVER"] = "off"
    spans = Spans()
    import politidok.assemble as assembling
    from politidok import documents
    from politidok.archive import arkivmelding, preflight, verify
    from politidok.assemble import merge
    from politidok.build import engine, pipeline
    from politidok.build import services as running
    from politidok.convert import uno_backend
    from politidok.core.paths import Paths

    # the pipeline imports assemble, merge and verify when it needs them: wrapped where they live
    spans.wrap(pipeline, "render_docx", "render (docxtpl)")
    spans.wrap(assembling, "assemble", "assemble (signature fields, PDF/UA pass)")
    spans.wrap(assembling, "finalize", "finalize (PDF/UA pass, XMP; also packages)")
    spans.wrap(merge, "merge", "merge packages (pikepdf)")
    spans.wrap(verify, "_conformance", "checks: page-validation (PDF/UA-1, PDF/A)")
    spans.wrap(verify, "_structure", "checks: fonts, A4, fields (pikepdf)")
    spans.wrap(engine, "load", "load YAML")
    spans.wrap(documents, "plan", "plan")
    spans.wrap(engine, "_archive", "archive (ics, arkivmelding, manifest)")
    spans.wrap(engine, "lint_templates", "template lint")
    spans.wrap(arkivmelding, "arkivmelding", "arkivmelding XML+XSD")
    spans.wrap(pipeline, "check", "wait for checks")
    starts: dict[int, float] = {}
    original_init, original_convert = uno_backend.Office.__init__, uno_backend.Office.convert

    def init(self, *a, **k):
        starts[id(self)] = time.perf_counter()
        original_init(self, *a, **k)

    def convert(self, docx, pdf, limit):
        first = not self.ready
        start = time.perf_counter()
        original_convert(self, docx, pdf, limit)
        if first:  # the first answer waits for LibreOffice's start
            spans.add("LibreOffice start (to 1st result)", starts[id(self)], time.perf_counter())
        else:
            spans.add("LibreOffice convert (per doc)", start, time.perf_counter())

    spans.patch(uno_backend.Office, "__init__", init)
    spans.patch(uno_backend.Office, "convert", convert)
    jvm_start: dict[int, float] = {}
    original_spawn, original_submit = preflight.Preflighter._spawn, preflight.Preflighter.submit

    def spawn(self):
        jvm_start[id(self)] = time.perf_counter()
        original_spawn(self)

    def submit(self, path):
        future = original_submit(self, path)
        handed = time.perf_counter()
        first = not getattr(self, "_profiled", False)
        self._profiled = True
        future.add_done_callback(
            lambda _f: spans.add(
                "PDFBox JVM start (to 1st result)" if first else "PDFBox check (handed in -> result)",
                jvm_start[id(self)] if first else handed,
                time.perf_counter(),
            )
        )
        return future

    spans.patch(preflight.Preflighter, "_spawn", spawn)
    spans.patch(preflight.Preflighter, "submit", submit)
    kept = None
    if warm:  # as the warm server: its services (one LibreOffice per core) kept from a first build
        kept = running.Services(keep=True).start()
        shutil.rmtree(work / "output", ignore_errors=True)
        engine.build(region, Paths(), services=kept)
        spans.spans.clear()
    shutil.rmtree(work / "output", ignore_errors=True)
    start = time.perf_counter()
    spans.t0 = start
    with Sampler(os.getpid()) as sampler:
        with kept or running.Services() as services:
            services.start()
            engine.build(region, Paths(), services=services)
        wall = time.perf_counter() - start
        if kept:
            kept.close()
        time.sleep(1.5)
    spans.restore()
    cpu = sampler.cpu_by_program()
    what = "warm: services kept from a first build" if warm else "cold: from services.start(), imports done"
    print(f"\n== {'4' if warm else '2'}. the same build in-process, by stage (wall {wall:.2f} s; {what})")
    print(spans.table())
    print(
        "CPU by program (s): "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]))
        + f"; total {sum(cpu.values()):.2f}"
    )


def warm_view(work: Path, region: str, env: dict) -> None:
    cli = [sys.executable, "-m", "politidok"]
    warm = {**env, "POLITIDOK_SERVER": "on"}
    subprocess.run([*cli, "server", "start"], env=warm, cwd=work, check=True, capture_output=True)
    try:
        for label in ("first build through the server", "next build (clean output)", "no-op"):
            if label != "no-op":
                shutil.rmtree(work / "output", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*cli, "build", region], env=warm, cwd=work, check=True, capture_output=True)
            print(f"{label:34s} {time.perf_counter() - start:6.2f} s")
    finally:
        subprocess.run([*cli, "server", "stop"], env=warm, cwd=work, capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("region", nargs="?", default="hallingdal")
    parser.add_argument("--warm", action="store_true", help="also through the warm server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="politidok-profile-") as tmp:
        work = Path(tmp)
        for name in ("agreements", "templates"):
            shutil.copytree(ROOT / name, work / name)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "POLITIDOK_SERVER": "off"}
        subprocess.run(
            [sys.executable, "-m", "politidok", "build", args.region],
            env=env,
            cwd=work,
            check=True,
            capture_output=True,
        )  # fills the caches (compiled preflight, LibreOffice profiles)
        command_view(work, args.region, env)
        if args.warm:
            print("\n== 3. through the warm server")
            warm_view(work, args.region, env)
        sys.path.insert(0, str(ROOT))
        stage_view(work, args.region)
        if args.warm:
            stage_view(work, args.region, warm=True)


if __name__ == "__main__":
    main()
