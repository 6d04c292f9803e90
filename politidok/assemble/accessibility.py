"""PDF/UA-1: the accessibility pass over a tagged PDF from LibreOffice (and over merged packs).

LibreOffice's tagged export gives a structure tree with headings, paragraphs, lists and tables,
but leaves some things a PDF/UA checker (and a screen reader) stumbles on. This pass fixes them
in place, on the open pikepdf document, before assemble.finalize writes it:

- untagged content (table rules, signature lines, clipping paths, page decorations) is marked as
  /Artifact, so assistive technology skips it instead of meeting unexplained drawing;
- RoleMap entries that map a standard structure type to itself (or a standard type to another
  one) are removed: PDF/UA calls the first circular and forbids the second;
- header cells (TH, from rows render marks as repeated heading rows) get a /Scope;
- signature widgets get a /Form structure element (with an OBJR and /StructParent) and every page
  with annotations gets /Tabs /S (tab order = structure order); the Form takes the place of the
  underscores the field is drawn over, which become an artifact (a screen reader says
  «Signaturfelt: Ordfører i Hol», not «understrek understrek …»);
- a Figure without alternative text (a picture a secretary put in a template without one) is
  decorative: its content becomes an artifact and the element leaves the tree;
- bullets that a Symbol-encoded font maps into the Unicode Private Use Area get their real
  Unicode value in the font's ToUnicode CMap (pdfa.py);
- /MarkInfo /Marked true.

The XMP identification (pdfuaid:part 1, with its PDF/A extension schema) is written by pdfmeta.
pdfa.fix_stream_endings runs on the saved bytes: see its docstring.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import pikepdf
from pikepdf import Array, Dictionary, Name, Object

from politidok.assemble import pdfa

# PDF 1.7 (ISO 32000-1, 14.8.4) standard structure types
STANDARD_TYPES = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)
# a standard type LibreOffice uses as a paragraph style name, and what it means as a block
BLOCK_MEANING = {"Quote": "BlockQuote"}

PATH_CONSTRUCTION = frozenset(["m", "l", "c", "v", "y", "h", "re", "W", "W*"])
PATH_PAINTING = frozenset(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"])
TEXT_SHOWING = frozenset(["Tj", "TJ", "'", '"'])
OTHER_PAINTING = frozenset(["Do", "sh", "INLINE IMAGE"])


# set by assemble on a signature widget: the MCID of the line (underscores) it is drawn over
LINE_KEY = Name("/PolitidokLineMCID")


def apply(pdf: pikepdf.Pdf) -> None:
    """Make the tagged `pdf` PDF/UA-1 conformant in place (see the module docstring)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if LINE_KEY in annot:
                    del annot[LINE_KEY]
        return  # not tagged (a PDF from elsewhere): nothing to build on
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    _clean_role_map(root)
    _table_headers(root)
    decorative: dict[tuple, set[int]] = {}  # page objgen -> MCIDs that become artifacts
    _untag_figures_without_alt(pdf, root, decorative)
    _tag_widgets(pdf, root, decorative)
    for page in pdf.pages:
        _mark_artifacts(pdf, page, decorative.get(page.obj.objgen, set()))
    pdfa.fix_private_use(pdf)


# --- structure tree -------------------------------------------------------------------------


def elements(node) -> list[Dictionary]:
    """Every structure element below `node`, in document (reading) order."""
    out: list[Dictionary] = []

    def walk(item):
        if isinstance(item, Array):
            for child in item:
                walk(child)
        elif isinstance(item, Dictionary) and "/S" in item:
            out.append(item)
            if "/K" in item:
                walk(item.K)

    walk(node.get("/K") if isinstance(node, Dictionary) else node)
    return out


def _kids(element: Object) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _clean_role_map(root: Object) -> None:
    role_map = root.get("/RoleMap")
    if role_map is None:
        return
    renamed: dict[str, str] = {}
    for key in list(role_map.keys()):
        name = key[1:]
        target = str(role_map[key])[1:]
        if name in STANDARD_TYPES:
            del role_map[key]
            if target != name:  # a style named like a standard type: keep what it meant
                renamed[name] = BLOCK_MEANING.get(name, target)
    if renamed:
        for element in elements(root):
            new = renamed.get(str(element.S)[1:])
            if new:
                element.S = Name("/" + new)
    if not role_map.keys():
        del root.RoleMap


def _standard(element: Dictionary, role_map) -> str:
    name = str(element.S)
    seen = set()
    while role_map is not None and name in role_map and name not in seen:
        seen.add(name)
        name = str(role_map[name])
    return name[1:]


ROW_HEADER = Name("/Radoverskrift")  # the paragraph style render gives row labels (accessible_docx)
COLUMN_HEADER = Name("/Kolonneoverskrift")  # ... and the cells of a heading row


def _table_headers(root: Object) -> None:
    """Every header cell gets a /Scope: /Column in a table's first row, /Row elsewhere.

    LibreOffice exports a repeated heading row (Word's «Gjenta som overskriftsrad», w:tblHeader;
    render marks header rows so, see render/accessible_docx.py) as TH cells without a scope.
    A cell whose paragraphs have the row-header style becomes TH too (a label/value table), and
    so does a first-row cell whose paragraphs have the column-header style: LibreOffice exports
    the heading row as TD when the whole table moved to the next page.
    """
    role_map = root.get("/RoleMap")
    for table in elements(root):
        if _standard(table, role_map) != "Table":
            continue
        rows = []
        for kid in _kids(table):
            if not isinstance(kid, Dictionary) or "/S" not in kid:
                continue
            kind = _standard(kid, role_map)
            if kind == "TR":
                rows.append(kid)
            elif kind in ("THead", "TBody", "TFoot"):
                rows += [r for r in _kids(kid) if isinstance(r, Dictionary) and _standard(r, role_map) == "TR"]
        row_headers = set()
        for number, row in enumerate(rows):
            for cell in _kids(row):
                if not (isinstance(cell, Dictionary) and _standard(cell, role_map) == "TD" and _kids(cell)):
                    continue
                styles = {str(k.get("/S")) if isinstance(k, Dictionary) else None for k in _kids(cell)}
                if styles == {str(ROW_HEADER)}:
                    cell.S = Name.TH
                    row_headers.add(cell.objgen)
                elif styles == {str(COLUMN_HEADER)} and number == 0:
                    cell.S = Name.TH
        for number, row in enumerate(rows):
            for cell in _kids(row):
                if not isinstance(cell, Dictionary) or "/S" not in cell or _standard(cell, role_map) != "TH":
                    continue
                existing = cell.get("/A")
                listed = list(existing) if isinstance(existing, Array) else [existing] if existing is not None else []
                if any(isinstance(a, Dictionary) and "/Scope" in a for a in listed):
                    continue
                column = number == 0 and cell.objgen not in row_headers
                scope = Dictionary(O=Name.Table, Scope=Name.Column if column else Name.Row)
                cell.A = Array([*listed, scope]) if listed else scope


def _document_element(root: Object) -> Object:
    kids = _kids(root)
    for kid in kids:
        if isinstance(kid, Dictionary) and str(kid.get("/S")) == "/Document":
            return kid
    return root


def _parent_tree_nums(root: Object) -> Object:
    tree = root.get("/ParentTree")
    if tree is None:
        tree = root.ParentTree = Dictionary(Nums=Array())
    if "/Kids" in tree:  # flatten: a number tree with kids is rare in our inputs
        nums = []

        def collect(node):
            nums.extend(node.get("/Nums", []))
            for kid in node.get("/Kids", []):
                collect(kid)

        collect(tree)
        root.ParentTree = Dictionary(Nums=Array(nums))
        tree = root.ParentTree
    if "/Nums" not in tree:
        tree.Nums = Array()
    return tree.Nums


def _page_marks(root: Object, page) -> Object | None:
    """The parent-tree array of a page: MCID -> structure element."""
    key = page.obj.get("/StructParents")
    if key is None:
        return None
    nums = list(_parent_tree_nums(root))
    for i in range(0, len(nums), 2):
        if int(nums[i]) == int(key) and isinstance(nums[i + 1], Array):
            return nums[i + 1]
    return None


def _only_mcid(element: Dictionary) -> int | None:
    kids = _kids(element)
    return int(kids[0]) if len(kids) == 1 and isinstance(kids[0], int) else None


def _detach(element: Object) -> None:
    """Remove `element` from its parent's kids (and a parent left empty from its own)."""
    parent = element.get("/P")
    if parent is None:
        return
    kids = [
        k
        for k in _kids(parent)
        if not (isinstance(k, Dictionary) and k.objgen == element.objgen and k.objgen != (0, 0)) and k is not element
    ]
    if kids:
        parent.K = Array(kids)
    elif "/S" in parent:
        del parent.K
        _detach(parent)
    else:
        parent.K = Array()


def _untag_figures_without_alt(pdf: pikepdf.Pdf, root: Object, decorative: dict) -> None:
    role_map = root.get("/RoleMap")
    for element in elements(root):
        if _standard(element, role_map) != "Figure" or str(element.get("/Alt", "")).strip() or "/ActualText" in element:
            continue
        if not _kids(element):  # LibreOffice: an empty Figure beside the paragraph that draws the picture
            _detach(element)
            continue
        page = element.get("/Pg")
        mcid = _only_mcid(element)
        if page is None or mcid is None or not element.is_indirect:
            continue  # not a simple figure: left for the checker to report
        marks = _page_marks(root, pikepdf.Page(page))
        if marks is not None and mcid < len(marks):
            marks[mcid] = None
        decorative.setdefault(page.objgen, set()).add(mcid)
        _detach(element)


def _tag_widgets(pdf: pikepdf.Pdf, root: Object, decorative: dict) -> None:
    """Each widget annotation in a /Form element (OBJR + /StructParent); /Tabs /S on its page."""
    nums = None
    next_key = None
    parent = None
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not annots:
            continue
        page.obj.Tabs = Name.S
        for annot in annots:
            line = annot.get(LINE_KEY)
            if line is not None:
                del annot[LINE_KEY]
            if annot.get("/Subtype") != Name.Widget or "/StructParent" in annot:
                continue
            if nums is None:
                nums = _parent_tree_nums(root)
                keys = [int(k) for k in list(nums)[::2]]
                next_key = max([*keys, int(root.get("/ParentTreeNextKey", 0)) - 1]) + 1
                parent = _document_element(root)
            assert next_key is not None and parent is not None  # set with nums, at the first widget
            objr = Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)
            marks = _page_marks(root, page) if line is not None else None
            mcid = int(line) if marks is not None and line is not None else None  # marks only with a line
            holder = marks[mcid] if marks is not None and mcid is not None and mcid < len(marks) else None
            if isinstance(holder, Dictionary) and holder.is_indirect and _only_mcid(holder) == mcid:
                # the line's paragraph becomes the field; the underscores become an artifact
                assert marks is not None and mcid is not None  # holder is marks[mcid]
                form = holder
                form.S = Name.Form
                form.K = objr
                form.Pg = page.obj
                marks[mcid] = None
                decorative.setdefault(page.obj.objgen, set()).add(mcid)
            else:
                form = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Form, P=parent, Pg=page.obj, K=objr))
                kids = parent.get("/K")
                if kids is None:
                    parent.K = Array([form])
                elif isinstance(kids, Array):
                    kids.append(form)
                else:
                    parent.K = Array([kids, form])
            annot.StructParent = next_key
            nums.append(next_key)  # append: pikepdf's stub types extend's items as Object, not int
            nums.append(form)
            next_key += 1
    if next_key is not None:
        root.ParentTreeNextKey = next_key


# --- content ---------------------------------------------------------------------------------

_ARTIFACT = ([Name.Artifact], pikepdf.Operator("BMC"))
_END: tuple[list[Object], pikepdf.Operator] = ([], pikepdf.Operator("EMC"))


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, decorative: AbstractSet[int] = frozenset()) -> None:
    """Wrap content outside any marked-content sequence in /Artifact BMC … EMC; the sequences
    with an MCID in `decorative` become artifacts."""
    instructions = pikepdf.parse_content_stream(page)
    out: list = []
    depth = 0
    in_path = False
    changed = False
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            op = "INLINE IMAGE"
        else:
            op = str(instruction.operator)
        if op == "BDC" and decorative:
            props = instruction.operands[1] if len(instruction.operands) > 1 else None
            if isinstance(props, Dictionary) and "/MCID" in props and int(props.MCID) in decorative:
                instruction = pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC"))
                changed = True
        if op in ("BMC", "BDC"):
            depth += 1
        elif op == "EMC":
            depth = max(0, depth - 1)
        if depth == 0:
            if op in PATH_CONSTRUCTION and not in_path:
                out.append(_ARTIFACT)
                in_path = changed = True
            elif op in PATH_PAINTING and in_path:
                out += [instruction, _END]
                in_path = False
                continue
            elif op in TEXT_SHOWING or op in OTHER_PAINTING or (op in PATH_PAINTING and not in_path):
                out += [_ARTIFACT, instruction, _END]
                changed = True
                continue
        out.append(instruction)
    if in_path:
        out.append(_END)
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
