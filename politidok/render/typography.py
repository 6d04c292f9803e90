"""Non-breaking spaces where Norwegian typography wants them, in the rendered text (both målformer):

- between a day and its month: «17. mai», «22. april» (a date, whether the template or the YAML wrote it);
- between an ordinal and a school grade: «8. trinn», «10. klasse»;
- after «kl.» before the time: «kl. 10.00»;
- after «§» before the number: «§ 13», «§§ 13».

Done on the rendered document (after docxtpl), in the body, headers, footers and footnotes, so that
every template and every value gets it; a pattern may run over several text runs («17.» in one,
« mai» in the next). A regular space there becomes U+00A0: the line never breaks between the two.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

NBSP = "\u00a0"
MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
GRADES = "trinn|klasse|klassetrinn|årstrinn"
# each pattern's one group is the space that becomes non-breaking
PATTERNS = [
    re.compile(rf"(?<![\d.,])\b\d{{1,2}}\.( )(?:{MONTHS})\b", re.IGNORECASE),
    re.compile(rf"(?<![\d.,])\b\d{{1,2}}\.( )(?:{GRADES})\b", re.IGNORECASE),
    re.compile(r"\b[Kk]l\.( )\d"),
    re.compile(r"§( )\d"),
]
PARTS = ("/word/document", "/word/header", "/word/footer", "/word/footnotes", "/word/endnotes")


def _texts(paragraph: Any) -> list[Any]:
    """The paragraph's own w:t elements in order (not those of a paragraph nested in a text box)."""
    return [t for t in paragraph.iter(qn("w:t")) if next(t.iterancestors(qn("w:p")), None) is paragraph]


def _paragraph(paragraph: Any) -> int:
    texts = _texts(paragraph)
    joined = "".join(t.text or "" for t in texts)
    if " " not in joined:
        return 0
    spaces = sorted({m.start(1) for pattern in PATTERNS for m in pattern.finditer(joined)})
    if not spaces:
        return 0
    start = 0
    for t in texts:  # each position to the text element that holds it
        text = t.text or ""
        end = start + len(text)
        mine = [p - start for p in spaces if start <= p < end]
        if mine:
            chars = list(text)
            for p in mine:
                chars[p] = NBSP
            t.text = "".join(chars)
        start = end
    return len(spaces)


def nonbreaking_spaces(document: Any) -> int:
    """U+00A0 for the spaces Norwegian typography keeps (module doc); returns how many spaces changed."""
    changed = 0
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith(PARTS) and hasattr(part, "element"):
            for paragraph in part.element.iter(qn("w:p")):
                changed += _paragraph(paragraph)
    return changed
