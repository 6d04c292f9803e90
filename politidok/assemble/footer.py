"""A part's own page number on a page LibreOffice made: the footer «Side 1 av 4» (an artifact, outside
the tagged content) found in the page's content stream, so that a pack can put its own number there
(assemble.stamp). Text is read through each font's /ToUnicode map; a page whose footer text cannot be
read, or says anything else, has no number found, and the pack stamps its number at the top instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name

PAGE_NUMBER = re.compile(r"(?:side|page)\s+(\d+)\s+(?:av|of)\s+(\d+)", re.IGNORECASE)
FOOT = 0.15  # a footer's baseline is in the lowest 15 % of the page


@dataclass(frozen=True)
class Footer:
    """A part's own page number as LibreOffice drew it: the operators to take out (indexes into the
    page's content stream), its text, where it begins and its baseline, and its font size."""

    drop: frozenset[int]
    text: str
    left: float
    y: float
    size: float


def _to_unicode(font: Any) -> tuple[dict[int, str], int] | None:
    """A font's codes to text by its /ToUnicode map, and its code length in bytes (None: no map)."""
    stream = font.get("/ToUnicode") if isinstance(font, Dictionary) else None
    if stream is None:
        return None
    data = stream.read_bytes()
    codes: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            codes[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for k, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                codes[code] = chr(first + k)
    return codes, 2 if font.get("/Subtype") == Name.Type0 else 1


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def own_number(page: pikepdf.Page, number: int, count: int) -> Footer | None:
    """The part's own «Side `number` av `count`» at the foot of `page`: the artifacts (outside the tagged
    content) on one baseline in the page's lowest part whose text together is that and nothing else."""
    fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    blocks: list[tuple[list[int], str, float, float, float]] = []  # (operators, text, x, y, size)
    ctm, saved = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    depth, font, size = 0, None, 0.0
    ops: list[int] | None = None  # the operators of the artifact being read, and its text
    shown, where = "", None
    for i, instruction in enumerate(pikepdf.parse_content_stream(page)):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op, operands = str(instruction.operator), instruction.operands
        if op == "q":
            saved.append(ctm)
        elif op == "Q" and saved:
            ctm = saved.pop()
        elif op == "cm" and len(operands) == 6:
            ctm = _multiply([float(v) for v in operands], ctm)
        if op in ("BMC", "BDC"):
            depth += 1
            if depth == 1 and operands and operands[0] == Name.Artifact:
                ops, shown, where = [i], "", None
            continue
        if op == "EMC":
            if depth == 1 and ops is not None:
                if shown.strip() and where is not None:
                    blocks.append(([*ops, i], shown, where[0], where[1], size))
                ops = None
            depth = max(0, depth - 1)
            continue
        if ops is None:
            continue
        ops.append(i)
        if op == "Tf" and len(operands) == 2:
            font, size = _to_unicode(fonts.get(str(operands[0]))), float(operands[1]) * ctm[3]
        elif op in ("Td", "TD") and where is None and len(operands) == 2:
            x, y = float(operands[0]), float(operands[1])
            where = (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
        elif op == "Tm" and where is None and len(operands) == 6:
            x, y = float(operands[4]), float(operands[5])
            where = (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
        elif op in ("Tj", "TJ", "'", '"'):
            if font is None:
                return None  # text that cannot be read: leave the page as it is
            codes, length = font
            items = operands[0] if op == "TJ" else operands[-1:]
            for item in items:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    shown += "".join(
                        codes.get(int.from_bytes(raw[k : k + length], "big"), "\ufffd")
                        for k in range(0, len(raw), length)
                    )
    feet = [b for b in blocks if b[3] < FOOT * height]
    if not feet:
        return None
    baseline = min(b[3] for b in feet)
    line = sorted((b for b in feet if abs(b[3] - baseline) < 1), key=lambda b: b[2])
    text = " ".join("".join(b[1] for b in line).split())
    found = PAGE_NUMBER.fullmatch(text)
    if not found or (int(found[1]), int(found[2])) != (number, count):
        return None
    return Footer(frozenset(i for b in line for i in b[0]), text, line[0][2], baseline, line[0][4] or 10.0)
