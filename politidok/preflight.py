"""PDF/A validation with Apache PDFBox preflight (Debian: libpdfbox2-java).

PDFBox 2 checks PDF/A-1b rules. Our files are PDF/A-2b, so the finding
"7.11.2 … part must be 1" is expected and tolerated; any other finding is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

JARS = ["preflight", "pdfbox2", "xmpbox", "javax.activation", "jaxb-api", "commons-logging"]
JAVA_DIR = Path(os.environ.get("POLITIDOK_JAVA_DIR", "/usr/share/java"))
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


def validate(paths: list[Path]) -> list[Result]:
    """Run preflight on each file (one JVM per file: Validator_A1b takes one file)."""
    if not available():
        raise RuntimeError(f"PDFBox preflight mangler. Installer med: {INSTALL_HINT}")
    classpath = ":".join(str(JAVA_DIR / f"{j}.jar") for j in JARS)
    results = []
    for path in paths:
        proc = subprocess.run(
            ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = proc.stdout + proc.stderr
        findings = [ln.strip() for ln in output.splitlines() if ln.strip() and ":" in ln and ln.strip()[0].isdigit()]
        if proc.returncode != 0 and not findings and "is a valid PDF/A-1b file" not in output:
            findings = [f"preflight feilet: {output.strip()[-400:]}"]
        errors = [f for f in findings if not any(t in f for t in TOLERATED)]
        results.append(Result(path, findings, errors))
    return results
