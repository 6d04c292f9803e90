"""Lint Word templates the way a secretary sees them: paragraph by paragraph.

Word splits a tag such as {{ politirad.navn }} over several runs when text is edited
(rsid attributes, spell-check marks, bookmarks, curly quotes); docxtpl repairs that as long
as the tag stays inside one paragraph. So the checks work on each paragraph's visible text:
tags closed in the same paragraph, expressions that parse, {%p %}/{%tr %} blocks that open and
close in pairs, {%tr %} only in table rows, and variables that the document kind offers.
A trial render with every variable filled then catches anything docxtpl cannot repair.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, nodes
from lxml import etree

from politidok.core.errors import InputError, Problem
from politidok.render import environment, messages, package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
BLOCK_PREFIX = re.compile(r"^\{%-?\s*(?:(p|tr|tc|r)\s+)?(\w+)(.*?)-?%\}$", re.DOTALL)
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
OPENERS = {"for": "endfor", "if": "endif"}


@dataclass
class Paragraph:
    number: int  # 1-based, in document order (body, then headers and footers)
    text: str
    in_table: bool
    part: str  # "document", "header1" …


def _parts(z: zipfile.ZipFile) -> list[tuple[str, etree._Element]]:
    """The parts whose paragraphs are numbered, in order: body, then headers and footers."""
    names = ["word/document.xml"] + sorted(n for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n))
    return [(name, etree.fromstring(z.read(name))) for name in names]


def paragraphs(path: Path) -> list[Paragraph]:
    """The visible text of every paragraph of a .docx, as Word shows it."""
    out: list[Paragraph] = []
    with zipfile.ZipFile(path) as z:
        for name, root in _parts(z):
            for p in root.iter(f"{W}p"):
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                in_table = any(a.tag == f"{W}tc" for a in p.iterancestors())
                out.append(Paragraph(len(out) + 1, text, in_table, Path(name).stem))
    return out


# Word's tracked changes (revisions): inserted, deleted and moved text, changed formatting
REVISIONS = {
    "ins": "innsatt tekst",
    "del": "slettet tekst",
    "moveFrom": "flyttet tekst",
    "moveTo": "flyttet tekst",
    "rPrChange": "endret formatering",
    "pPrChange": "endret avsnittsformat",
    "sectPrChange": "endret sideoppsett",
    "tblPrChange": "endret tabell",
    "tblGridChange": "endret tabell",
    "trPrChange": "endret tabellrad",
    "tcPrChange": "endret tabellcelle",
    "cellIns": "innsatt tabellcelle",
    "cellDel": "slettet tabellcelle",
    "cellMerge": "flettede tabellceller",
    "numberingChange": "endret nummerering",
}
COMMENTS = ("commentRangeStart", "commentReference")
ACCEPT = "Åpne malen i Word og velg Se gjennom → Godta → Godta alle endringer (og slå av Spor endringer), og lagre."
DELETE_COMMENTS = "Åpne malen i Word og velg Se gjennom → Slett → Slett alle kommentarer i dokumentet, og lagre."


def revisions(path: Path) -> list[tuple[int, str, list[str]]]:
    """Tracked changes and comments: (paragraph number, 'endringer' or 'kommentar', kinds), one per paragraph.

    Word prints tracked changes (struck-through deleted text, coloured inserted text, change bars) and
    comments in the margin: a template must have none.
    """
    found: dict[tuple[int, str], list[str]] = {}
    with zipfile.ZipFile(path) as z:
        number = 0
        for _name, root in _parts(z):
            index = {}
            for p in root.iter(f"{W}p"):
                number += 1
                index[p] = number
            last = number
            for el in root.iter():
                if not isinstance(el.tag, str) or not el.tag.startswith(W):
                    continue
                local = el.tag[len(W) :]
                if local in REVISIONS or local in COMMENTS:
                    where = _paragraph_of(el, index, last)
                    what = "kommentar" if local in COMMENTS else "endringer"
                    kinds = found.setdefault((where, what), [])
                    label = "kommentar" if local in COMMENTS else REVISIONS[local]
                    if label not in kinds:
                        kinds.append(label)
        comments = [n for n in z.namelist() if re.match(r"word/comments\w*\.xml$", n)]
        for name in comments:
            if etree.fromstring(z.read(name)).find(f"{W}comment") is not None and not any(
                what == "kommentar" for _w, what in found
            ):
                found[(1, "kommentar")] = ["kommentar"]
    return [(where, what, kinds) for (where, what), kinds in sorted(found.items())]


def _paragraph_of(el: etree._Element, index: dict, last: int) -> int:
    """Number of the paragraph an element belongs to: its own, the first inside it, or the next one."""
    for a in [el, *el.iterancestors()]:
        if a in index:
            return index[a]
    inner = next(el.iter(f"{W}p"), None)
    if inner is not None:
        return index[inner]
    for following in el.itersiblings():
        p = following if following.tag == f"{W}p" else next(following.iter(f"{W}p"), None)
        if p is not None:
            return index[p]
    return last


def locate(template, part: str, source: str, line: int) -> Paragraph | None:
    """The paragraph of `part` whose tags are on `line` of docxtpl's Jinja source for it (its patched XML,
    one paragraph a line): the one sharing most tags with that line; None if none does."""
    import html

    lines = re.split(r"\r\n|\r|\n", re.sub(r"<w:p([ >])", r"\n<w:p\1", source))
    if not 0 < line <= len(lines):
        return None
    wanted = {_tag_key(t) for t in TAG.findall(html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])))}
    best, score = None, 0
    stem = Path(part).stem
    for par in paragraphs(template):
        if par.part != stem:
            continue
        shared = len(wanted & {_tag_key(t) for t in TAG.findall(par.text)})
        if shared > score:
            best, score = par, shared
    return best


def _tag_key(tag: str) -> str:
    """A tag as docxtpl leaves it: {%p if x %} and {% if x %} alike, quotes straightened, spaces collapsed."""
    inner = tag[2:-2].translate(QUOTES).strip("-").strip()
    inner = re.sub(r"^(?:p|tr|tc|r)\s+", "", inner)
    return tag[:2] + " ".join(inner.split())


def quote_text(text: str) -> str:
    return _quote(text)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:87] + "…"


def lint(path: Path, display: str, variables: dict[str, str] | None) -> list[Problem]:
    """Every problem of one template; `variables` is the catalogue of its document kind (None: skip)."""
    problems: list[Problem] = []

    def add(par: Paragraph, message: str) -> None:
        problems.append(Problem(display, par.number, "", f"«{_quote(par.text)}»: {message}", unit="avsnitt"))

    found = package.inspect(path, display)
    if found:
        return found  # nothing else reads a template that is not safe to read
    try:
        pars = paragraphs(path)
        changes = revisions(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return [Problem(display, 1, "", "filen er ikke en Word-fil (.docx) som kan leses")]
    for number, what, kinds in changes[:20]:
        par = pars[number - 1] if 0 < number <= len(pars) else Paragraph(number, "", False, "document")
        if what == "kommentar":
            add(par, f"malen har en kommentar, som kan komme med når dokumentet skrives ut. {DELETE_COMMENTS}")
        else:
            add(
                par,
                f"malen har sporede endringer ({', '.join(kinds)}), som Word skriver ut med overstreking, "
                f"farge og strek i margen. {ACCEPT}",
            )
    if len(changes) > 20:
        add(
            pars[changes[20][0] - 1] if changes[20][0] <= len(pars) else pars[-1],
            f"og {len(changes) - 20} avsnitt til med sporede endringer eller kommentarer",
        )
    env = environment()
    stack: list[tuple[str, str, Paragraph, str, str | None]] = []  # (keyword, prefix, paragraph, tag, loop var)
    scope: dict[str, str] = {}
    for par in pars:
        text = par.text.translate(QUOTES)
        leftover = TAG.sub("", text)
        for opener, closer in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
            if opener in leftover:
                add(
                    par,
                    f"«{opener}» lukkes ikke med «{closer}» i samme avsnitt. Et felt må stå i ett avsnitt; "
                    "skriv det inn på nytt uten linjeskift.",
                )
            elif closer in leftover:
                add(par, f"«{closer}» uten «{opener}» foran i samme avsnitt.")
        for tag in TAG.findall(text):
            if tag.startswith("{#"):
                continue
            if tag.startswith("{{"):
                expr = tag[2:-2].strip()
                if expr.startswith(("r ", "p ", "tr ", "tc ")):
                    expr = expr.split(" ", 1)[1]
                node = _parse(env, "{{ " + expr + " }}", par, add)
                if node is not None and variables is not None:
                    _check_names(node, scope, variables, par, add)
                continue
            m = BLOCK_PREFIX.match(tag)
            if not m:
                add(par, f"uleselig mal-kode «{tag}»")
                continue
            prefix, keyword, rest = m.group(1) or "", m.group(2), m.group(3)
            if prefix == "tr" and not par.in_table:
                add(par, f"«{tag}» må stå i en tabellrad (tr = table row)")
            if keyword in OPENERS:
                body = "{% " + keyword + rest + " %}{% " + OPENERS[keyword] + " %}"
                node = _parse(env, body, par, add)
                loop_var = None
                if node is not None:
                    stmt = node.body[0]
                    assert isinstance(stmt, (nodes.For, nodes.If))  # the one statement of `body`
                    if variables is not None:
                        names = stmt.iter if isinstance(stmt, nodes.For) else stmt.test
                        _check_names(names, scope, variables, par, add)
                    if isinstance(stmt, nodes.For) and isinstance(stmt.target, nodes.Name):
                        loop_var = stmt.target.name
                        iterated = _path(stmt.iter, scope)
                        scope[loop_var] = iterated + "[]" if iterated else ""
                stack.append((keyword, prefix, par, tag, loop_var))
            elif keyword in ("else", "elif"):
                if not stack:
                    add(par, f"«{tag}» står uten en «if» eller «for» foran")
                elif keyword == "elif":
                    node = _parse(env, "{% if " + rest + " %}{% endif %}", par, add)
                    if node is not None and variables is not None:
                        stmt = node.body[0]
                        assert isinstance(stmt, nodes.If)  # the one statement of the template above
                        _check_names(stmt.test, scope, variables, par, add)
            elif keyword in ("endfor", "endif"):
                if not stack:
                    add(par, f"«{tag}» avslutter ingenting: det mangler en «{keyword[3:]}» foran")
                    continue
                opened, opened_prefix, where, opened_tag, loop_var = stack.pop()
                if OPENERS[opened] != keyword:
                    add(par, f"«{tag}» avslutter «{opened_tag}» fra avsnitt {where.number}; ventet «{OPENERS[opened]}»")
                elif opened_prefix != prefix:
                    add(
                        par,
                        f"«{tag}» passer ikke med «{opened_tag}» fra avsnitt {where.number}: "
                        f"begge må være {{%{opened_prefix or ''} …%}} (p = avsnitt, tr = tabellrad)",
                    )
                if loop_var:
                    scope.pop(loop_var, None)
            elif keyword not in ("set", "with", "endwith", "vm", "hm", "colspan", "cellbg"):
                add(par, f"ukjent mal-kode «{keyword}» i «{tag}»")
    for opened, _prefix, where, opened_tag, _var in stack:
        add(where, f"«{opened_tag}» blir aldri avsluttet (mangler «{OPENERS[opened]}»)")
    return problems


def _parse(env, source: str, par: Paragraph, add) -> nodes.Template | None:
    try:
        return env.parse(source)
    except TemplateError as exc:
        add(par, f"feil i mal-koden: {messages.jinja(exc.message)}")
        return None


def _path(node: nodes.Node, scope: dict[str, str]) -> str | None:
    """Dotted path of a Name/Getattr chain, loop variables resolved: rad.hoyre -> signaturrader[].hoyre."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return f"{base}.{node.attr}" if base is not None else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        base = _path(node.node, scope)
        return f"{base}.{node.arg.value}" if base is not None else None
    return None


def _check_names(node: nodes.Node, scope: dict[str, str], variables: dict[str, str], par: Paragraph, add) -> None:
    seen_inner: set[int] = set()
    for found in [node, *node.find_all((nodes.Getattr, nodes.Name, nodes.Getitem))]:
        if id(found) in seen_inner or not isinstance(found, (nodes.Getattr, nodes.Name, nodes.Getitem)):
            continue
        for inner in found.find_all((nodes.Getattr, nodes.Name, nodes.Getitem)):
            seen_inner.add(id(inner))  # check the longest chain only
        path = _path(found, scope)
        if path is None or path.split(".")[0] in ("loop", "true", "false", "none"):
            continue
        if path == "" or path in variables:
            continue
        guess = difflib.get_close_matches(path, list(variables), n=1, cutoff=0.7)
        written = _as_written(path, scope)
        hint = f" – mente du «{_as_written(guess[0], scope)}»?" if guess else ""
        add(par, f"ukjent variabel «{written}»{hint} (se docs/maler.md for hva malen kan bruke)")


def _as_written(path: str, scope: dict[str, str]) -> str:
    """'saker[].tittel' -> 'sak.tittel' inside {% for sak in saker %}: the name the secretary wrote."""
    for name, prefix in sorted(scope.items(), key=lambda kv: -len(kv[1])):
        if prefix and (path == prefix or path.startswith(prefix + ".")):
            return name + path[len(prefix) :]
    return path.replace("[]", "")


def trial_render(path: Path, display: str, context: dict) -> list[Problem]:
    """Render with every variable filled; report what docxtpl could not repair."""
    import tempfile

    from politidok.core.docinfo import DocumentInfo
    from politidok.render import render_docx

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prove.docx"
        try:
            render_docx(path, context, DocumentInfo("Prøve", "nb-NO", None), out, display=display)
            with zipfile.ZipFile(out) as z:
                etree.fromstring(z.read("word/document.xml"))
        except InputError as exc:
            return exc.problems
        except etree.XMLSyntaxError as exc:
            return [
                Problem(
                    display,
                    1,
                    "",
                    f"malen gir ugyldig Word-innhold ({exc}); sjekk at hver "
                    "{%p …%}/{%tr …%} står alene i sitt avsnitt eller sin tabellrad",
                )
            ]
        except Exception:  # noqa: BLE001 - docxtpl's own errors on mangled XML
            return [Problem(display, 1, "", "malen kan ikke flettes: Word-innholdet i den er ugyldig")]
    return []


def lint_templates(
    root: Path,
    names: list[Path] | None,
    catalogue: Callable[[], dict[str, dict[str, str]]],
    contexts: Callable[[], dict[str, dict]],
) -> list[Problem]:
    """Lint every template under `root` (or just `names`); the template name is the file name.

    `catalogue()` gives each template's variables and `contexts()` a trial context per template
    (both from the document-kind registry; called only when a template is not known clean).
    """
    problems: list[Problem] = []
    for path in names if names is not None else sorted(root.rglob("*.docx")):
        display = path.as_posix()
        kind = path.stem
        stamp = _clean_stamp(path, kind)
        if stamp.exists():
            continue  # these exact bytes passed before, for this kind and this politidok
        variables = catalogue().get(kind)
        found = lint(path, display, variables)
        if not found and kind in contexts():
            found = trial_render(path, display, contexts()[kind])
        if not found:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        problems += found
    return problems


def _clean_stamp(path: Path, kind: str) -> Path:
    """Marker in the user cache that a template with these bytes linted clean for this kind, with
    this code of politidok and these tool versions (a pure function of them)."""
    import hashlib

    from politidok.core.paths import build_digest, cache_dir

    digest = hashlib.sha256(path.read_bytes() + f"{kind} {build_digest()}".encode()).hexdigest()
    return cache_dir("lint", digest)
