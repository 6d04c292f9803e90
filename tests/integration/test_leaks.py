"""Nothing of a closed item (unntatt offentlighet) reaches a public artefact.

A unique marker goes into every field of a closed item: title, introducer, account, decision,
follow-up actions, attachments (title, file name and pages, and an attachment that is another
document of the build). Then every output of the example regions is searched: PDF text and the
raw and decompressed strings of every PDF object, every part of every DOCX, XML, JSON and ICS.
Internal documents may hold it, and then carry skjerming in their arkivmelding.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
from conftest import copy_args, flat_text, need, run_cli
from support import MARK, closed_region

# the documents that may hold a closed item: the internal minutes (with skjerming in their arkivmelding)
INTERNAL = re.compile(r"^(arkivmelding-)?referat-2025-03-11-al\.(pdf|docx|xml)$")


def _pdf_haystack(path: Path) -> str:
    parts = [flat_text(path)]
    with pikepdf.open(path) as pdf:
        parts += [str(v) for v in pdf.docinfo.values()]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes().decode("latin-1"))
                parts.append(repr(obj.stream_dict))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.String)):
                parts.append(repr(obj))
        # bookmarks: their titles are PDF strings (often UTF-16)
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                parts.append(item.title)
                stack += list(item.children)
    return "\n".join(parts)


def _haystack(path: Path) -> str:
    if path.suffix == ".pdf":
        return _pdf_haystack(path)
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            raw = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        return raw + "\n" + re.sub(r"<[^>]+>", "", raw)  # text split over runs joins up without the tags
    text = path.read_bytes().decode("utf-8", "replace")
    return text + "\n" + text.replace("\r\n ", "").replace("\n ", "")  # ICS folds long lines


def test_no_closed_item_in_any_public_output(tmp_path):
    need("soffice", "pdftotext")
    closed_region(tmp_path)
    out = tmp_path / "out"
    regions = sorted(p.parent.name for p in (tmp_path / "agreements").glob("*/avtale.yaml"))
    assert "hallingdal" in regions and len(regions) >= 2
    for name in regions:  # every example region
        proc = run_cli("build", name, *copy_args(tmp_path), "--output", str(out))
        assert proc.returncode == 0, proc.stderr
    files = sorted(p for p in out.rglob("*") if p.is_file() and ".politidok" not in p.parts)
    assert len(files) > 40
    internal_hits = set()
    for path in files:
        hay = _haystack(path)
        hits = [f for f, m in MARK.items() if m in hay or m in path.name]
        if INTERNAL.match(path.name):
            internal_hits.update(hits)
            continue
        assert not hits, f"{path.name} leaks {hits}"
    assert {"TITTEL", "REFERAT", "VEDTAK", "TILTAK"} <= internal_hits  # the search finds what is there
    build = out / "hallingdal"
    assert "<skjerming>" in (build / "arkivmelding-referat-2025-03-11-al.xml").read_text(encoding="utf-8")
    # the closed item is still announced, under its neutral title
    assert "Orientering om en enkeltsak" in flat_text(build / "innkalling-2025-03-11-al.pdf")
    assert "Orientering om en enkeltsak" in flat_text(build / "referat-offentlig-2025-03-11-al.pdf")
