"""`politidok dump-text FILE.docx`: a Word file as plain text, for readable `git diff` of templates.

Headings are marked with #, list items with -, table rows as | cell | cell |, so a changed
word, a moved tag or a new paragraph shows up as one line in the diff.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKS = {
    "Title": "= ",
    "Subtitle": "== ",
    "Heading1": "# ",
    "Heading2": "## ",
    "Heading3": "### ",
    "ListBullet": "- ",
    "ListNumber": "1. ",
    "Quote": "> ",
}


def _paragraph(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    mark = MARKS.get(style.get(f"{W}val"), "") if style is not None else ""
    text = "".join(t.text or "" for t in p.iter(f"{W}t"))
    return mark + text


def _block(element) -> list[str]:
    if element.tag == f"{W}p":
        return [_paragraph(element)]
    if element.tag == f"{W}tbl":
        rows = []
        for tr in element.iter(f"{W}tr"):
            cells = [" / ".join(_paragraph(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")]
            rows.append("| " + " | ".join(cells) + " |")
        return rows
    return []


def dump(path: Path) -> str:
    lines: list[str] = []
    with zipfile.ZipFile(path) as z:
        parts = [(n, n) for n in sorted(z.namelist()) if re.match(r"word/header\d*\.xml$", n)]
        parts = [("word/document.xml", "dokument"), *((n, Path(n).stem) for n, _ in parts)]
        parts += [(n, Path(n).stem) for n in sorted(z.namelist()) if re.match(r"word/footer\d*\.xml$", n)]
        for name, label in parts:
            root = etree.fromstring(z.read(name))
            body = root.find(f"{W}body") if label == "dokument" else root
            block = [line for child in body for line in _block(child)]
            if label != "dokument":
                if not any(line.strip() for line in block):
                    continue
                lines.append(f"[{label}]")
            lines += block
    return "\n".join(lines) + "\n"
