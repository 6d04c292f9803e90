"""One-off edits of Word templates for the action plan (issue 15), kept for review.

Clones existing paragraphs (so styles stay the template's own) and sets their text.
Run from the project folder: python scripts/edit_templates_plan.py evaluation-nb minutes
Each edit is skipped when the template has it already.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def find(body, text: str, start: int = 0):
    for i, p in enumerate(body.iterchildren(f"{W}p")):
        if i >= start and text_of(p).strip() == text:
            return p
    raise SystemExit(f"fant ikke avsnittet «{text}»")


def clone(proto, text: str):
    p = copy.deepcopy(proto)
    runs = p.findall(f"{W}r")
    for r in runs[1:]:
        p.remove(r)
    for child in list(p):
        if child.tag not in (f"{W}pPr", f"{W}r"):
            p.remove(child)
    if not runs:
        raise SystemExit("prototypen har ingen tekst")
    r = runs[0]
    for child in list(r):
        if child.tag != f"{W}rPr":
            r.remove(child)
    t = r.makeelement(f"{W}t", {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return p


def insert_before(anchor, paragraphs) -> None:
    for p in paragraphs:
        anchor.addprevious(p)


def evaluation_report(path: Path, words: dict) -> None:
    doc = Document(str(path))
    body = doc.element.body
    if any(text_of(p).strip() == words["historikk"] for p in body.iterchildren(f"{W}p")):
        return  # already done
    h1 = find(body, words["forfalte"])
    ctrl = find(body, "{%p if forfalte %}")
    normal = find(body, words["forfalte_intro"])
    bullet = next(p for p in body.iterchildren(f"{W}p") if text_of(p).startswith("{{ t.tiltak }} (") or text_of(p).startswith("- {{ t.tiltak }}"))
    h2 = find(body, "{{ omrade.tittel }}")
    new = [
        clone(ctrl, "{%p if historikk %}"),
        clone(h1, words["historikk"]),
        clone(normal, words["historikk_intro"]),
        clone(ctrl, "{%p for h in historikk %}"),
        clone(h2, "{{ h.tiltak }}"),
        clone(normal, words["historikk_linje"]),
        clone(ctrl, "{%p for linje in h.linjer %}"),
        clone(bullet, "{{ linje }}"),
        clone(ctrl, "{%p endfor %}"),
        clone(ctrl, "{%p endfor %}"),
        clone(ctrl, "{%p endif %}"),
        clone(ctrl, "{%p if ikke_rapportert %}"),
        clone(h1, words["ikke_rapportert"]),
        clone(normal, words["ikke_rapportert_intro"]),
        clone(ctrl, "{%p for t in ikke_rapportert %}"),
        clone(bullet, "{{ t.tiltak }} ({{ t.ansvarlig }}, vedtatt i {{ t.vedtatt }})"),
        clone(ctrl, "{%p endfor %}"),
        clone(ctrl, "{%p endif %}"),
    ]
    insert_before(h1, new)
    doc.save(str(path))


NB = {
    "forfalte": "Forfalte tiltak",
    "forfalte_intro": "Disse tiltakene har passert fristen uten å være gjennomført, og tas opp i neste møte:",
    "historikk": "Status gjennom året",
    "historikk_intro": "Hvert tiltak i handlingsplanen med statusen slik den ble rapportert i møtene gjennom året.",
    "historikk_linje": "Status ved årets slutt: {{ h.slutt }}. Fristen: {{ h.frist }}. Effektindikator: {{ h.indikator }}.",
    "ikke_rapportert": "Tiltak uten rapportert status",
    "ikke_rapportert_intro": "Disse tiltakene er vedtatt i handlingsplanen, men status er ikke rapportert i noe møte i året:",
}

if __name__ == "__main__":
    which = sys.argv[1:] or ["evaluation-nb"]
    if "evaluation-nb" in which:
        evaluation_report(Path("templates/nb/evalueringsrapport.docx"), NB)


def minutes_comment_column(path: Path, header: str) -> None:
    """The follow-up table of the minutes gets a sixth column, «Kommentar», after «Status»."""
    doc = Document(str(path))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Sak"]
    if table.rows[0].cells[-1].text == header:
        return  # already done
    widths = [737, 2050, 2050, 1250, 1100, 1884]  # dxa; the same 9071 as before
    tbl = table._tbl
    grid = tbl.tblGrid
    cols = grid.findall(f"{W}gridCol")
    grid.append(copy.deepcopy(cols[-1]))
    for col, w in zip(grid.findall(f"{W}gridCol"), widths):
        col.set(f"{W}w", str(w))
    for i, row in enumerate(tbl.findall(f"{W}tr")):
        cells = row.findall(f"{W}tc")
        new = copy.deepcopy(cells[-1])
        cells[-1].addnext(new)
        if text_of(new).strip():
            p = new.find(f"{W}p")
            for extra in new.findall(f"{W}p")[1:]:
                new.remove(extra)
            new.replace(p, clone(p, header if i == 0 else "{{ t.kommentar }}"))
        if i == 0:  # the header row repeats on each page and stays with the first row
            trpr = row.find(f"{W}trPr")
            if trpr is None:
                trpr = row.makeelement(f"{W}trPr", {})
                row.insert(0, trpr)
            if trpr.find(f"{W}tblHeader") is None:
                trpr.append(trpr.makeelement(f"{W}tblHeader", {}))
            for p in row.iter(f"{W}p"):
                ppr = p.find(f"{W}pPr")
                if ppr is None:
                    ppr = p.makeelement(f"{W}pPr", {})
                    p.insert(0, ppr)
                if ppr.find(f"{W}keepNext") is None:
                    ppr.insert(1 if ppr.find(f"{W}pStyle") is not None else 0, ppr.makeelement(f"{W}keepNext", {}))
        if "{{ t.sak }}" in text_of(row):  # a follow-up row stays on one page
            trpr = row.find(f"{W}trPr")
            if trpr is None:
                trpr = row.makeelement(f"{W}trPr", {})
                row.insert(0, trpr)
            if trpr.find(f"{W}cantSplit") is None:
                trpr.insert(0, trpr.makeelement(f"{W}cantSplit", {}))
        for tc, w in zip(row.findall(f"{W}tc"), widths):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is not None:
                tcw.set(f"{W}w", str(w))
    doc.save(str(path))


if __name__ == "__main__" and "minutes" in sys.argv[1:]:
    minutes_comment_column(Path("templates/nb/referat.docx"), "Kommentar")
    minutes_comment_column(Path("templates/nn/referat.docx"), "Kommentar")
