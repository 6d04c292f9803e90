"""Build state for incremental rebuilds (kept in output/.politidok/<region>/, outside what archivists import).

Two levels:
- an input digest over every file of the region folder and the templates (plus the digest of
  politidok's own code and of the tools' versions, and the build options): when it and the outputs are unchanged, a build is a no-op
  decided without loading any model (this module imports nothing heavy);
- a fingerprint per document (code and tools, template bytes, context, metadata, archive references): only
  documents whose fingerprint changed are rendered and converted again. The converted PDFs
  (before signature fields) are cached so that packages can be merged again without converting.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from politidok.core.fingerprint import fingerprint  # noqa: F401  (re-exported)
from politidok.core.paths import build_digest

STATE_DIR = ".politidok"


def folder(output: Path, region: str) -> Path:
    return output / STATE_DIR / region


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs_digest(region_dir: Path, templates: Path, options: object) -> str:
    h = hashlib.sha256()
    h.update(f"politidok {build_digest()}\n{json.dumps(options, sort_keys=True, default=str)}\n".encode())
    for root in (region_dir, templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(f"{path.relative_to(root).as_posix()}\n".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def load(output: Path, region: str) -> dict:
    path = folder(output, region) / "state.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save(output: Path, region: str, data: dict) -> None:
    path = folder(output, region) / "state.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # a failed write (a full disk) leaves no half a state behind


def outputs_of(target: Path) -> dict[str, str]:
    return {p.name: file_sha(p) for p in sorted(target.iterdir()) if p.is_file()} if target.is_dir() else {}


def intact(target: Path, recorded: dict[str, str]) -> bool:
    """Every recorded output file is still there with the same bytes."""
    for name, digest in recorded.items():
        path = target / name
        if not path.is_file() or file_sha(path) != digest:
            return False
    return True


def up_to_date(output: Path, region: str, region_dir: Path, templates: Path, options: object) -> bool:
    """True when nothing the build reads has changed and its outputs are untouched."""
    if not region_dir.is_dir() or not templates.is_dir():
        return False
    saved = load(output, region)
    if not saved or saved.get("inputs") != inputs_digest(region_dir, templates, options):
        return False
    return intact(output / region, saved.get("outputs", {}))
