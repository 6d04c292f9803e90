"""A tagged PDF read as a screen reader walks its structure tree: one line per block, in order.

A development aid (issue 17's report, the accessibility tests), not a product feature: headings,
lists, tables and their header cells, figures with their /Alt, form fields with their /TU and the
parts of a pack are announced by role; other text is read as it is, with the language of a span
that has its own.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Dictionary, Name

from politidok.assemble.accessibility import _kids, _standard, elements


def track_marked_content(stack: list, op: bytes, args) -> None:
    """Keep `stack` as the open marked-content sequences (their MCID, None for untagged ones) while a
    content stream is walked: call it with every operator before the text it shows."""
    if op == b"BDC":
        props = args[1] if len(args) > 1 else None
        stack.append(props.get("/MCID") if props is not None and hasattr(props, "get") else None)
    elif op == b"BMC":
        stack.append(None)
    elif op == b"EMC" and stack:
        stack.pop()


def _marked_text(path) -> dict[tuple[int, int], str]:
    """(page object number, MCID) -> the text shown inside that marked-content sequence."""
    from pypdf import PdfReader

    texts: dict[tuple[int, int], str] = {}
    for page in PdfReader(str(path)).pages:
        key = page.indirect_reference.idnum if page.indirect_reference else 0
        stack: list[int | None] = []

        def before(op, args, _cm, _tm, stack=stack):
            track_marked_content(stack, op, args)

        def text(value, *_rest, stack=stack, key=key):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None and value:
                texts[(key, mcid)] = texts.get((key, mcid), "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


BLOCKS = frozenset(["P", "H1", "H2", "H3", "H4", "H5", "H6", "L", "Table", "Form", "Figure", "BlockQuote", "Div"])
LABELS = {
    "H1": "overskrift 1",
    "H2": "overskrift 2",
    "H3": "overskrift 3",
    "H4": "overskrift 4",
    "TH": "kolonneoverskrift",
    "Figure": "figur",
    "Form": "skjemafelt",
    "Part": "del",
    "L": "liste",
    "Table": "tabell",
    "BlockQuote": "sitat",
}


def read_aloud(path) -> list[str]:
    """The structure tree of a PDF as a screen reader walks it: one line per block, in order.

    Headings, list and table starts, header cells, figures (with their /Alt), form fields (with
    their /TU) and the parts of a pack are announced by role; other text is read as it is.
    A development aid (the report of issue 17 and the tests), not a product feature.
    """
    marked = _marked_text(path)
    lines: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        role_map = root.get("/RoleMap")

        def content(element, page) -> str:
            out = []
            for kid in _kids(element):
                if isinstance(kid, int):
                    out.append(marked.get((page, int(kid)), ""))
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    pg = kid.get("/Pg")
                    out.append(marked.get((pg.objgen[0] if pg is not None else page, int(kid.MCID)), ""))
                elif isinstance(kid, Dictionary) and "/S" in kid:
                    pg = kid.get("/Pg")
                    out.append(content(kid, pg.objgen[0] if pg is not None else page))
            return "".join(out)

        def walk(element, depth, page):
            kind = _standard(element, role_map)
            pg = element.get("/Pg")
            page = pg.objgen[0] if pg is not None else page
            indent = "  " * depth
            if kind in ("Document", "Sect", "Div", "Art", "TR", "LI", "THead", "TBody", "TFoot", "NonStruct"):
                for kid in _kids(element):
                    if isinstance(kid, Dictionary) and "/S" in kid:
                        walk(kid, depth + (kind not in ("Document", "TR", "LI")), page)
                return
            if kind == "Part":
                lang = f" (språk {element.Lang})" if "/Lang" in element else ""
                lines.append(f"{indent}[del] {element.get('/T', '')}{lang}")
                for kid in _kids(element):
                    if isinstance(kid, Dictionary) and "/S" in kid:
                        walk(kid, depth + 1, page)
                return
            if kind in ("Table", "L"):
                rows = [k for k in elements(element) if _standard(k, role_map) in ("TR", "LI")]
                lines.append(f"{indent}[{LABELS[kind]}, {len(rows)} {'rader' if kind == 'Table' else 'punkter'}]")
                for kid in _kids(element):
                    if isinstance(kid, Dictionary) and "/S" in kid:
                        walk(kid, depth + 1, page)
                return
            if kind == "Figure":
                lines.append(f"{indent}[figur] {element.get('/Alt', '(uten alternativ tekst)')}")
                return
            if kind == "Form":
                objr = next(
                    (k for k in _kids(element) if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR), None
                )
                tooltip = objr.Obj.get("/TU", "") if objr is not None else ""
                lines.append(f"{indent}[skjemafelt] {tooltip}")
                return
            if (
                kind in ("TD", "LBody")
                and any(
                    isinstance(k, Dictionary) and "/S" in k and _standard(k, role_map) in BLOCKS for k in _kids(element)
                )
                and (
                    kind == "TD"
                    or any(
                        isinstance(k, Dictionary)
                        and "/S" in k
                        and _standard(k, role_map) in ("L", "Table", "Form", "Figure")
                        for k in _kids(element)
                    )
                )
            ):
                for kid in _kids(element):
                    if isinstance(kid, Dictionary) and "/S" in kid:
                        walk(kid, depth, page)
                return
            text = " ".join(content(element, page).split())
            label = LABELS.get(kind)
            if kind == "TH":
                attributes = element.get("/A")
                listed = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
                if any(isinstance(a, Dictionary) and a.get("/Scope") == Name.Row for a in listed):
                    label = "radoverskrift"
            lang = f" (språk {element.Lang})" if "/Lang" in element else ""
            for span in elements(element):
                if "/Lang" in span:
                    lang += f" ({content(span, page).strip()}: språk {span.Lang})"
            if text or label:
                lines.append(f"{indent}{f'[{label}] ' if label else ''}{text}{lang}")

        for top in _kids(root):
            if isinstance(top, Dictionary) and "/S" in top:
                walk(top, 0, None)
    return lines
