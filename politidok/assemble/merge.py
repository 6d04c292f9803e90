"""Packages: several converted PDFs merged into one PDF/A with a bookmark per part.

The first part is the base (its output intent and catalogue are kept); the pages of the
others are appended, their structure trees (tagged PDF) are grafted on with renumbered
parent-tree keys, and the outline gets one top-level bookmark per part with the part's
own bookmarks (its headings) beneath it. The structure tree matches the outline: one /Document
whose kids are one /Part per part (titled like its bookmark, with the part's language if it
differs from the first part's), holding the part's own tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, OutlineItem, PageLocation


@dataclass(frozen=True)
class Part:
    title: str  # the part's bookmark, e.g. "Vedlegg 1: Samarbeidsavtale"
    pdf: Path


@dataclass
class _Mark:
    title: str
    page: int  # index in the merged document
    top: float | None
    children: list[_Mark]


def merge(parts: list[Part], title: str = "") -> pikepdf.Pdf:
    """Merge `parts` into a new in-memory PDF (finalize it with assemble.finalize), with a contents page
    first and the pack's page numbers and attachment numbers stamped on its pages (stamp.py)."""
    from politidok.assemble.stamp import Section, stamp_pack, words

    base = pikepdf.open(parts[0].pdf)
    marks = [_Mark(parts[0].title, 0, None, _outline(base, 0))]
    groups = [(parts[0].title, base.Root.get("/Lang"), _top_level(base))]
    sections = [Section(parts[0].title, 0, len(base.pages), 0)]
    for number, part in enumerate(parts[1:], 1):
        with pikepdf.open(part.pdf) as other:
            offset = len(base.pages)
            marks.append(_Mark(part.title, offset, None, _outline(other, offset)))
            key_offset = _next_parent_key(base)
            base.pages.extend(other.pages)
            sections.append(Section(part.title, offset, len(other.pages), number))
            before = len(_top_level(base))
            lang = other.Root.get("/Lang")
            _graft_structure(base, other, offset, key_offset)
            groups.append((part.title, lang, _top_level(base)[before:]))
    language = str(base.Root.get("/Lang", "nb-NO"))
    contents = stamp_pack(base, sections, title, language)  # the contents page is page 1 now
    _group_parts(base, groups, contents)
    _write_outline(base, [_Mark(words(language)["innhold"], 0, None, []), *(_shifted(m) for m in marks)])
    base.Root.PageMode = Name.UseOutlines
    return base


def _shifted(mark: _Mark) -> _Mark:
    """The same bookmark one page later (behind the contents page)."""
    return _Mark(mark.title, mark.page + 1, mark.top, [_shifted(c) for c in mark.children])


def _top_level(pdf: pikepdf.Pdf) -> list:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/K" not in root:
        return []
    return list(root.K) if isinstance(root.K, Array) else [root.K]


def _group_parts(
    pdf: pikepdf.Pdf, groups: list[tuple[str, Object | None, list]], front: Dictionary | None = None
) -> None:
    """Root → Document → one Part per part (its /T the part's bookmark title) → the part's tree.

    A part's own /Document element becomes its /Part; anything else at a part's top level
    goes into a new /Part.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    if front is not None:  # the contents page
        front.P = document
        document.K.append(front)
    main_lang = groups[0][1]
    for title, lang, kids in groups:
        elements = [k for k in kids if isinstance(k, Dictionary)]
        if len(elements) == 1 and elements[0].get("/S") == Name.Document:
            part = elements[0]
            part.S = Name.Part
        else:
            part = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(kids)))
            for kid in elements:
                kid.P = part
        part.P = document
        part.T = pikepdf.String(title)
        if lang is not None and str(lang) != str(main_lang or ""):
            part.Lang = lang
        document.K.append(part)
    root.K = Array([document])


def _outline(pdf: pikepdf.Pdf, offset: int) -> list[_Mark]:
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        return [_mark(item, page_index, offset) for item in outline.root]


def _mark(item: OutlineItem, page_index: dict, offset: int) -> _Mark:
    dest: Object | int | None = item.destination  # or the /D of a GoTo action
    if dest is None and item.action is not None and item.action.get("/S") == Name.GoTo:
        dest = item.action.get("/D")
    page, top = 0, None
    if isinstance(dest, Array) and len(dest) >= 2:
        page = page_index.get(dest[0].objgen, 0)
        if dest[1] == Name.XYZ and len(dest) >= 4 and dest[3] is not None:
            top = float(dest[3])
    return _Mark(item.title, page + offset, top, [_mark(c, page_index, offset) for c in item.children])


def _write_outline(pdf: pikepdf.Pdf, marks: list[_Mark]) -> None:
    def build(mark: _Mark) -> OutlineItem:
        if mark.top is None:
            item = OutlineItem(mark.title, mark.page, PageLocation.Fit)
        else:
            item = OutlineItem(mark.title, mark.page, PageLocation.XYZ, top=mark.top)
        item.children.extend(build(c) for c in mark.children)
        return item

    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(build(m) for m in marks)


def _next_parent_key(pdf: pikepdf.Pdf) -> int:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    keys = [int(k) for k in _nums(root.ParentTree)[::2]] if "/ParentTree" in root else []
    return max([*keys, int(root.get("/ParentTreeNextKey", 0)) - 1]) + 1


def _nums(tree: Object) -> list:
    """The flat [key, value, key, value …] of a number tree (following /Kids)."""
    out = list(tree.get("/Nums", []))
    for kid in tree.get("/Kids", []):
        out += _nums(kid)
    return out


def _graft_structure(base: pikepdf.Pdf, other: pikepdf.Pdf, page_offset: int, key_offset: int) -> None:
    """Append `other`'s structure tree to `base`'s, renumbering parent-tree keys."""
    base_root = base.Root.get("/StructTreeRoot")
    other_root = other.Root.get("/StructTreeRoot")
    if base_root is None or other_root is None:
        if base_root is not None or other_root is not None:  # half-tagged: say nothing is tagged
            base.Root.MarkInfo = Dictionary(Marked=False)
            if "/StructTreeRoot" in base.Root:
                del base.Root.StructTreeRoot
        return
    for page in base.pages[page_offset:]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + key_offset
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + key_offset
    copied = base.copy_foreign(other_root)  # shares the page objects already copied
    nums = _nums(base_root.ParentTree)
    theirs = _nums(copied.ParentTree)
    for i in range(0, len(theirs), 2):
        nums += [int(theirs[i]) + key_offset, theirs[i + 1]]
    base_root.ParentTree = base.make_indirect(Dictionary(Nums=Array(nums)))
    base_root.ParentTreeNextKey = max(int(k) for k in nums[::2]) + 1 if nums else 0
    kids = base_root.K if isinstance(base_root.K, Array) else Array([base_root.K])
    their_kids = copied.K if isinstance(copied.K, Array) else Array([copied.K])
    for kid in their_kids:
        if isinstance(kid, Dictionary):
            kid.P = base_root
        kids.append(kid)
    base_root.K = kids
    role_map = base_root.get("/RoleMap") or Dictionary()
    for key, value in (copied.get("/RoleMap") or Dictionary()).items():
        if key not in role_map:
            role_map[key] = value
    base_root.RoleMap = role_map
