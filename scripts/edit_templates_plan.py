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
    "ikke_rapportert_intro": "Disse tiltakene er vedtatt i handlingsplanen, men ingen status er rapportert for dem i møtene i året:",
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


PLAN_WORDS = {
    "nb": {
        "tittel": "Handlingsplan {{ ar }}",
        "status": "Statusen for hvert tiltak er slik den sist ble rapportert i et politirådsmøte per {{ dato }}. "
                  "Et tiltak som ikke er vedtatt ennå, står som foreslått.",
        "ansvarlig": "Ansvarlig",
        "effekt": "Effektindikatorer",
        "effekt_intro": "Slik måles effekten av tiltakene:",
        "lang": "nb-NO",
    },
    "nn": {
        "tittel": "Handlingsplan {{ ar }}",
        "status": "Statusen for kvart tiltak er slik han sist vart rapportert i eit politirådsmøte per {{ dato }}. "
                  "Eit tiltak som ikkje er vedteke enno, står som føreslått.",
        "ansvarlig": "Ansvarleg",
        "effekt": "Indikatorar for effekt",
        "effekt_intro": "Slik blir effekten av tiltaka målt:",
        "lang": "nn-NO",
    },
}


def set_cell(tc, text: str) -> None:
    p = tc.find(f"{W}p")
    for extra in tc.findall(f"{W}p")[1:]:
        tc.remove(extra)
    if p.find(f"{W}r") is None:  # an empty cell: borrow nothing, just add a run
        r = p.makeelement(f"{W}r", {})
        p.append(r)
        t = r.makeelement(f"{W}t", {})
        r.append(t)
    tc.replace(p, clone(p, text))


def handlingsplan_template(source: Path, target: Path, sprak: str) -> None:
    """templates/<sprak>/handlingsplan.docx, made from the evaluation report (same styles, page, footer)."""
    words = PLAN_WORDS[sprak]
    doc = Document(str(source))
    body = doc.element.body
    children = [c for c in body.iterchildren() if c.tag != f"{W}sectPr"]
    paras = [c for c in children if c.tag == f"{W}p"]
    subtitle, title, date_p = paras[0], paras[1], paras[2]
    h1 = find(body, "Sammendrag")
    normal = find(body, "{%p if lukket %}")
    loop = find(body, "{%p for omrade in omrader %}")
    table = loop.getnext().getnext()
    assert table.tag == f"{W}tbl"
    bullet = next(p for p in paras if text_of(p) == "{{ linje }}")
    rows = table.findall(f"{W}tr")
    for tc, text in zip(rows[0].findall(f"{W}tc"), ["Id", "Tiltak", words["ansvarlig"], "Frist", "Status"]):
        set_cell(tc, text)
    for tc, text in zip(rows[2].findall(f"{W}tc"), ["{{ t.id }}", "{{ t.tiltak }}", "{{ t.ansvarlig }}", "{{ t.frist }}", "{{ t.status }}"]):
        set_cell(tc, text)
    widths = [1150, 3100, 2100, 1250, 1471]
    for col, w in zip(table.find(f"{W}tblGrid").findall(f"{W}gridCol"), widths):
        col.set(f"{W}w", str(w))
    for row in rows:
        for tc, w in zip(row.findall(f"{W}tc"), widths):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is not None:
                tcw.set(f"{W}w", str(w))
    new = [
        clone(subtitle, words["tittel"]),
        clone(title, "{{ politirad }}"),
        clone(date_p, "Dato: {{ dato }}"),
        clone(normal, "{%p for avsnitt in innledning %}"),
        clone(normal, "{{ avsnitt }}"),
        clone(normal, "{%p endfor %}"),
        clone(normal, words["status"]),
        clone(normal, "{%p for omrade in omrader %}"),
        clone(h1, "{{ omrade.tittel }}"),
        copy.deepcopy(table),
        clone(normal, "{%p endfor %}"),
        clone(normal, "{%p if effektindikatorer %}"),
        clone(h1, words["effekt"]),
        clone(normal, words["effekt_intro"]),
        clone(normal, "{%p for e in effektindikatorer %}"),
        clone(bullet, "{{ e.id }}: {{ e.indikator }}"),
        clone(normal, "{%p endfor %}"),
        clone(normal, "{%p endif %}"),
    ]
    for c in children:
        body.remove(c)
    sect = body.find(f"{W}sectPr")
    for el in new:
        sect.addprevious(el)
    for lang in doc.styles.element.iter(f"{W}lang"):
        if lang.get(f"{W}val", "").endswith("-NO"):
            lang.set(f"{W}val", words["lang"])
    doc.core_properties.title = "Handlingsplan"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))


if __name__ == "__main__" and "handlingsplan" in sys.argv[1:]:
    for sprak in ("nb", "nn"):
        handlingsplan_template(Path("templates/nb/evalueringsrapport.docx"), Path(f"templates/{sprak}/handlingsplan.docx"), sprak)


EVALUATION_NN = {
    "Sammendrag": "Samandrag",
    "Politirådet holdt {{ sammendrag.holdt }} av {{ sammendrag.planlagt }} planlagte møter i {{ ar }}. Møtene vedtok "
    "{{ sammendrag.totalt }} tiltak: {{ sammendrag.gjennomfort }} er gjennomført, {{ sammendrag.pagar }} pågår, "
    "{{ sammendrag.ikke_startet }} er ikke startet og {{ sammendrag.utgatt }} er utgått. {{ sammendrag.forfalt }} "
    "tiltak har passert fristen uten å være gjennomført.":
    "Politirådet heldt {{ sammendrag.holdt }} av {{ sammendrag.planlagt }} planlagde møte i {{ ar }}. Møta vedtok "
    "{{ sammendrag.totalt }} tiltak. Status ved årsskiftet: gjennomført {{ sammendrag.gjennomfort }}, pågår "
    "{{ sammendrag.pagar }}, ikkje starta {{ sammendrag.ikke_startet }}, utgått {{ sammendrag.utgatt }}. Tiltak som "
    "har passert fristen utan å vere gjennomført: {{ sammendrag.forfalt }}.",
    "{{ lukket }} tiltak i saker unntatt offentlighet er ikke tatt med i rapporten.":
    "Tiltak i saker som er unnatekne frå offentlegheit ({{ lukket }}), er ikkje tekne med i rapporten.",
    "Forventede utfordringer": "Forventa utfordringar",
    "Møter": "Møte",
    "Avtalen fastsetter hvor mange møter hvert politiråd skal holde i året. Et møte regnes som holdt når referatet er "
    "registrert.": "Avtalen fastset kor mange møte kvart politiråd skal halde i året. Eit møte blir rekna som halde "
    "når referatet er registrert.",
    "Holdt": "Halde",
    "Figur 1: Status for tiltakene per satsingsområde.": "Figur 1: Status for tiltaka per satsingsområde.",
    "Ikke startet": "Ikkje starta",
    "Ansvarlig": "Ansvarleg",
    "Hvert tiltak i handlingsplanen med statusen slik den ble rapportert i møtene gjennom året.":
    "Kvart tiltak i handlingsplanen med statusen slik han vart rapportert i møta gjennom året.",
    "Status ved årets slutt: {{ h.slutt }}. Fristen: {{ h.frist }}. Effektindikator: {{ h.indikator }}.":
    "Status ved slutten av året: {{ h.slutt }}. Fristen: {{ h.frist }}. Effektindikator: {{ h.indikator }}.",
    "Tiltak uten rapportert status": "Tiltak utan rapportert status",
    "Disse tiltakene er vedtatt i handlingsplanen, men ingen status er rapportert for dem i møtene i året:":
    "Desse tiltaka er vedtekne i handlingsplanen, men ingen status er rapportert for dei i møta i året:",
    "{{ t.tiltak }} ({{ t.ansvarlig }}, vedtatt i {{ t.vedtatt }})": "{{ t.tiltak }} ({{ t.ansvarlig }}, vedteke i {{ t.vedtatt }})",
    "Forfalte tiltak": "Forfalne tiltak",
    "Disse tiltakene har passert fristen uten å være gjennomført, og tas opp i neste møte:":
    "Desse tiltaka har passert fristen utan å vere gjennomførte, og blir tekne opp i neste møte:",
    "Egenevaluering": "Eigenevaluering",
    "Læringspunkter": "Læringspunkt",
    "Læringspunkter fra året før:": "Læringspunkt frå året før:",
}


def evaluation_report_nn(source: Path, target: Path) -> None:
    """templates/nn/evalueringsrapport.docx: the bokmål report with its fixed text in nynorsk (same fields)."""
    doc = Document(str(source))
    missing = set(EVALUATION_NN)
    for p in list(doc.element.body.iter(f"{W}p")):
        text = text_of(p)
        if text in EVALUATION_NN:
            p.getparent().replace(p, clone(p, EVALUATION_NN[text]))
            missing.discard(text)
    if missing:
        raise SystemExit(f"fant ikke: {sorted(missing)}")
    for lang in doc.styles.element.iter(f"{W}lang"):
        if lang.get(f"{W}val", "").endswith("-NO"):
            lang.set(f"{W}val", "nn-NO")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))


if __name__ == "__main__" and "evaluation-nn" in sys.argv[1:]:
    evaluation_report_nn(Path("templates/nb/evalueringsrapport.docx"), Path("templates/nn/evalueringsrapport.docx"))


def minutes_table_fit(path: Path) -> None:
    """The six-column follow-up table in 10 pt, with columns that fit «gjennomført», dates and long titles."""
    doc = Document(str(path))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Sak"]
    widths = [737, 2134, 1900, 1150, 1250, 1900]  # dxa, 9071 in all
    tbl = table._tbl
    for col, w in zip(tbl.tblGrid.findall(f"{W}gridCol"), widths):
        col.set(f"{W}w", str(w))
    for row in tbl.findall(f"{W}tr"):
        for tc, w in zip(row.findall(f"{W}tc"), widths):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is not None:
                tcw.set(f"{W}w", str(w))
        for r in row.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            if rpr is None:
                rpr = r.makeelement(f"{W}rPr", {})
                r.insert(0, rpr)
            for tag in ("sz", "szCs"):
                el = rpr.find(f"{W}{tag}")
                if el is None:
                    el = rpr.makeelement(f"{W}{tag}", {})
                    rpr.append(el)
                el.set(f"{W}val", "20")
    doc.save(str(path))


if __name__ == "__main__" and "minutes-fit" in sys.argv[1:]:
    for sprak in ("nb", "nn"):
        minutes_table_fit(Path(f"templates/{sprak}/referat.docx"))


def replace_paragraph(path: Path, old: str, new: str) -> None:
    """One paragraph's text, as a secretary would retype it in Word (its first run's formatting kept)."""
    doc = Document(str(path))
    for p in list(doc.element.body.iter(f"{W}p")):
        if text_of(p) == old:
            p.getparent().replace(p, clone(p, new))
    doc.save(str(path))


if __name__ == "__main__" and "wording-1" in sys.argv[1:]:  # spelling (hunspell nb_NO knows no «noe»)
    replace_paragraph(Path("templates/nb/evalueringsrapport.docx"),
                      "Disse tiltakene er vedtatt i handlingsplanen, men status er ikke rapportert i noe møte i året:",
                      NB["ikke_rapportert_intro"])
