"""PDF/A validation with Apache PDFBox preflight (Debian: libpdfbox2-java).

PDFBox 2 checks PDF/A-1b rules. Our files are PDF/A-2b, so the finding
"7.11.2 … part must be 1" is expected and tolerated; any other finding is a failure.
Files are checked in a long-running JVM (java/Preflight.java, compiled once and cached)
that reads their paths from standard input, not one JVM per file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from politidok.core.paths import cache_dir

JARS = ["preflight", "pdfbox2", "xmpbox", "javax.activation", "jaxb-api", "commons-logging"]
JAVA_DIR = Path(os.environ.get("POLITIDOK_JAVA_DIR", "/usr/share/java"))
SOURCE = Path(__file__).resolve().parent / "java" / "Preflight.java"
TOLERATED = ("part must be 1",)
INSTALL_HINT = "sudo apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"


@dataclass
class Result:
    path: Path
    findings: list[str]  # every finding PDFBox reported
    errors: list[str]  # findings that are not tolerated

    @property
    def ok(self) -> bool:
        return not self.errors


def available() -> bool:
    return shutil.which("java") is not None and all((JAVA_DIR / f"{j}.jar").exists() for j in JARS)


def _compiled(classpath: str) -> str | None:
    """Preflight.java compiled once per source and PDFBox version (saves a second per build)."""
    if shutil.which("javac") is None:
        return None
    import hashlib

    key = hashlib.sha256(SOURCE.read_bytes() + classpath.encode()).hexdigest()[:16]
    for j in JARS:
        key += f"-{(JAVA_DIR / f'{j}.jar').resolve().name}"
    base = cache_dir("preflight")
    folder = base / hashlib.sha256(key.encode()).hexdigest()[:16]
    if (folder / "Preflight.class").exists():
        return str(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent))
        subprocess.run(
            ["javac", "-nowarn", "-cp", classpath, "-d", str(tmp), str(SOURCE)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        for item in tmp.iterdir():
            item.replace(folder / item.name)
        shutil.rmtree(tmp, ignore_errors=True)
        return str(folder)
    except (OSError, subprocess.SubprocessError):
        return None  # fall back to the source launcher


# C1 only: PDFBox runs a few seconds at most, where the optimising compiler costs more than it gives
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]


def _command() -> list[str]:
    if not available():
        raise RuntimeError(f"PDFBox preflight mangler. Installer med: {INSTALL_HINT}")
    classpath = ":".join(str(JAVA_DIR / f"{j}.jar") for j in JARS)
    compiled = _compiled(classpath)
    if compiled:
        return ["java", *JVM_OPTIONS, "-cp", f"{classpath}:{compiled}", "Preflight"]
    return ["java", *JVM_OPTIONS, "-cp", classpath, str(SOURCE)]


def _result(path: Path, found: list[str] | None, why: str = "") -> Result:
    if found is None:
        found = [f"preflight ga ikke svar for filen ({why.strip()[-300:]})"]
    return Result(path, found, [f for f in found if not any(t in f for t in TOLERATED)])


class Preflighter:
    """One JVM that checks files as they are handed in (`submit` -> Future[Result]).

    Started at once, so Java's start overlaps with the rest of the build; the warm server keeps
    it running between builds. A file that takes longer than `timeout` stops the JVM; the
    file gets a failed result, and the next file starts a new JVM.
    """

    def __init__(self, timeout: float = 120) -> None:
        import queue
        import threading

        self.command = _command()
        self.timeout = timeout
        self.jobs: queue.Queue = queue.Queue()
        self.proc: subprocess.Popen | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self._spawn()
        self.thread.start()

    def _spawn(self) -> subprocess.Popen:
        self.proc = subprocess.Popen(
            [*self.command, "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        return self.proc

    def submit(self, path: Path):
        from concurrent.futures import Future

        future: Future = Future()
        self.jobs.put((path, future))
        return future

    def _serve(self) -> None:
        import threading

        while True:
            job = self.jobs.get()
            if job is None:
                return
            path, future = job
            proc = self.proc
            if proc is None or proc.poll() is not None:
                proc = self._spawn()
            timer = threading.Timer(self.timeout, proc.kill)
            timer.start()
            found: list[str] | None = None
            try:
                assert proc.stdin is not None and proc.stdout is not None  # both are pipes (_spawn)
                proc.stdin.write(f"{path}\n")
                proc.stdin.flush()
                for line in proc.stdout:
                    line = line.rstrip("\n")
                    if line.startswith("FILE\t"):
                        found = []
                    elif line.startswith("ERR\t") and found is not None:
                        found.append(line.split("\t", 1)[1].strip())
                    elif line.startswith("END\t"):
                        break
                else:
                    found = None
            except OSError:
                found = None
            finally:
                timer.cancel()
            why = "" if found is not None else f"Java stoppet eller brukte mer enn {self.timeout:.0f} s"
            if found is None:
                proc.kill()
            future.set_result(_result(path, found, why))

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None  # a pipe (_spawn)
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def validate(paths: list[Path], timeout: float = 300) -> list[Result]:
    """Run preflight on every file, in one JVM; one result per path, in order.

    One JVM: on two cores a second one was slower (docs/architecture.md, «Speed»).
    """
    if not paths:
        return []
    with Preflighter(timeout) as checker:
        futures = [checker.submit(p) for p in paths]
        return [f.result() for f in futures]
