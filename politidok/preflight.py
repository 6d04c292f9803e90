"""PDF/A validation with Apache PDFBox preflight (Debian: libpdfbox2-java).

PDFBox 2 checks PDF/A-1b rules. Our files are PDF/A-2b, so the finding
"7.11.2 … part must be 1" is expected and tolerated; any other finding is a failure.
All files of one call are checked in one JVM (java/Preflight.java, run by Java's
single-file source launcher), not one JVM per file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "politidok" / "preflight"
    folder = base / hashlib.sha256(key.encode()).hexdigest()[:16]
    if (folder / "Preflight.class").exists():
        return str(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent))
        subprocess.run(["javac", "-nowarn", "-cp", classpath, "-d", str(tmp), str(SOURCE)], check=True,
                       capture_output=True, timeout=120)
        for item in tmp.iterdir():
            item.replace(folder / item.name)
        shutil.rmtree(tmp, ignore_errors=True)
        return str(folder)
    except (OSError, subprocess.SubprocessError):
        return None  # fall back to the source launcher


def validate(paths: list[Path], timeout: float = 300, workers: int | None = None) -> list[Result]:
    """Run preflight on every file (one JVM per core); one result per path, in order."""
    if not paths:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths), 4))
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        chunks = [paths[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(lambda chunk: validate(chunk, timeout, 1), chunks))
        by_path = {r.path: r for results in done for r in results}
        return [by_path[p] for p in paths]
    if not available():
        raise RuntimeError(f"PDFBox preflight mangler. Installer med: {INSTALL_HINT}")
    classpath = ":".join(str(JAVA_DIR / f"{j}.jar") for j in JARS)
    compiled = _compiled(classpath)
    command = (["java", "-cp", f"{classpath}:{compiled}", "Preflight"] if compiled
               else ["java", "-cp", classpath, str(SOURCE)])
    proc = subprocess.run(
        [*command, *(str(p) for p in paths)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    findings: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in proc.stdout.splitlines():
        if line.startswith("FILE\t"):
            current = findings.setdefault(line.split("\t")[1], [])
        elif line.startswith("ERR\t") and current is not None:
            current.append(line.split("\t", 1)[1].strip())
    results = []
    for path in paths:
        found = findings.get(str(path))
        if found is None:
            found = [f"preflight ga ikke svar for filen ({(proc.stderr or proc.stdout).strip()[-300:]})"]
        results.append(Result(path, found, [f for f in found if not any(t in f for t in TOLERATED)]))
    return results
