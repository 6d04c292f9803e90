"""Jinja's, the sandbox's and Python's messages about a template, in Norwegian (issue 24).

A secretary sees «malen prøver å bruke «__class__», som ikke er tillatt», not «access to attribute
'__class__' of 'str' object is unsafe». Every message Jinja 3.1 gives for a template's code is
translated by a pattern below; anything else gets a general Norwegian message and never the English.
"""

from __future__ import annotations

import re

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from politidok.render.limits import LimitExceeded

_NAMES = {
    "end of statement block": "slutten på mal-koden («%}»)",
    "end of print statement": "slutten på feltet («}}»)",
    "end of template": "slutten på malen",
    "name": "et navn",
    "integer": "et tall",
    "float": "et tall",
    "string": "en tekst",
    "operator": "et tegn",
    "begin of statement block": "«{%»",
    "begin of print statement": "«{{»",
    "end of comment": "«#}»",
}


def _name(token: str) -> str:
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        token = token[1:-1]
    return _NAMES.get(token, f"«{token}»")


# (pattern, Norwegian) for Jinja's messages; groups are the template's own words, quoted
_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^'(.+)' is undefined$"), lambda m: f"«{m[1]}» finnes ikke"),
    (
        re.compile(r"^'(.+?)' has no attribute '(.+)'$"),
        lambda m: f"«{m[2]}» finnes ikke i {_owner(m[1])}",
    ),
    (re.compile(r"^(.+?) has no element (.+)$"), lambda m: f"elementet {m[2]} finnes ikke i {_owner(m[1])}"),
    (
        re.compile(r"^access to attribute '(.+?)' of '(.+?)' object is unsafe\.?$"),
        lambda m: f"malen prøver å bruke «{m[1]}», som en mal ikke får bruke (sikkerhetsgrense)",
    ),
    (re.compile(r"^(.+) is not safely callable$"), lambda m: "malen prøver å kalle noe som en mal ikke får kalle"),
    (
        re.compile(r"^Range too big.*MAX_RANGE \((\d+)\)"),
        lambda m: f"range() kan gi høyst {int(m[1]):,} tall".replace(",", " "),
    ),
    (re.compile(r"^no loader for this environment specified$"), lambda m: _NO_INCLUDE),
    (re.compile(r"^(?:Encountered )?unknown tag '(.+?)'"), lambda m: f"ukjent mal-kode «{m[1]}»"),
    (re.compile(r"^[Nn]o filter named '(.+?)'"), lambda m: f"ukjent filter «{m[1]}»"),
    (re.compile(r"^[Nn]o test named '(.+?)'"), lambda m: f"ukjent test «{m[1]}»"),
    (
        re.compile(r"^[Uu]nexpected end of template(?:, expected (.+?))?\.?(?: Jinja was looking for.*)?$", re.DOTALL),
        lambda m: "mal-koden slutter for tidlig" + (f"; ventet {_name(m[1])}" if m[1] else " (mangler en avslutning?)"),
    ),
    (
        re.compile(r"^expected token (.+?), got (.+)$"),
        lambda m: f"ventet {_name(m[1])}, men fant {_name(m[2])}",
    ),
    (re.compile(r"^unexpected char (.+?) at \d+$"), lambda m: f"tegnet {_name(m[1])} kan ikke stå her"),
    (
        re.compile(r"^unexpected end of (?:string|comment)"),
        lambda m: "en tekst eller kommentar lukkes ikke",
    ),
    (
        re.compile(r"^unexpected ('.+?'|\".+?\"), expected (.+)$"),
        lambda m: f"ventet {_name(m[2])}, men fant {_name(m[1])}",
    ),
    (re.compile(r"^[Ee]xpected an expression, got (.+)$"), lambda m: f"mangler en verdi før {_name(m[1])}"),
    (re.compile(r"^Missing end of comment tag"), lambda m: "kommentaren lukkes ikke (mangler «#}»)"),
    (re.compile(r"^unexpected (.+)$"), lambda m: f"{_name(m[1])} kan ikke stå her"),
    (re.compile(r"^tag name expected$"), lambda m: "mangler navnet på mal-koden etter «{%»"),
    (re.compile(r"^expected (?:name or number|an expression).*"), lambda m: "mangler et navn, et tall eller en verdi"),
    (re.compile(r"^(?:can't assign to|cannot assign).*"), lambda m: "det kan ikke settes en verdi her"),
    (re.compile(r"^cannot assign attribute on non-namespace object$"), lambda m: _NAMESPACE),
    (re.compile(r"^[Bb]lock '(.+)' defined twice$"), lambda m: f"blokken «{m[1]}» finnes to ganger"),
    (re.compile(r"^[Mm]issing end of (?:raw|comment) directive"), lambda m: "mal-koden lukkes ikke"),
    (re.compile(r"^the filter (?:section|block)"), lambda m: "feil i en filter-blokk"),
    (
        re.compile(r"^(?:macro|Macro) '(.+?)' (?:takes|was invoked)"),
        lambda m: f"makroen «{m[1]}» får feil antall verdier",
    ),
]
_NO_INCLUDE = "malen kan ikke hente inn andre maler (include, import og extends er ikke tillatt)"
_NAMESPACE = "«set x.y = …» virker bare på en namespace()"


def _owner(text: str) -> str:
    text = text.strip().strip("'")
    text = text.removesuffix(" object")
    kinds = {"str": "en tekst", "dict": "gruppen", "list": "listen", "int": "et tall", "NoneType": "en tom verdi"}
    return kinds.get(text, f"«{text}»")


def jinja(message: str | None) -> str:
    """One of Jinja's messages (a syntax error, an undefined name, the sandbox) in Norwegian."""
    message = (message or "").strip()
    for pattern, norsk in _PATTERNS:
        m = pattern.search(message)
        if m:
            return norsk(m)  # type: ignore[operator]
    return "mal-koden kan ikke leses"


def describe(exc: BaseException) -> str:
    """What went wrong while a template rendered, in Norwegian."""
    if isinstance(exc, LimitExceeded):
        return str(exc.message or exc)
    if isinstance(exc, UndefinedError):
        return f"malen bruker en verdi som ikke finnes: {jinja(exc.message)}"
    if isinstance(exc, SecurityError):
        return jinja(exc.message)
    if isinstance(exc, TemplateSyntaxError):
        return f"feil i mal-koden: {jinja(exc.message)}"
    if isinstance(exc, TemplateError):
        return f"feil i malen: {jinja(exc.message)}"
    if isinstance(exc, RecursionError):
        return "malen kaller seg selv for mange ganger (en makro eller løkke som kaller seg selv uten å stoppe)"
    if isinstance(exc, MemoryError):
        return "malen bruker for mye minne når den fylles ut"
    if isinstance(exc, ZeroDivisionError):
        return "malen deler på null"
    if isinstance(exc, OverflowError):
        if "Range too big" in str(exc):
            return jinja(str(exc))
        return "malen regner ut et tall som er for stort"
    if isinstance(exc, TypeError):
        if "no loader" in str(exc):
            return _NO_INCLUDE
        return "malen bruker en verdi på en måte som ikke passer til den (f.eks. regner med tekst eller løkker over et tall)"
    if isinstance(exc, (ValueError, ArithmeticError)):
        return "malen bruker en verdi som ikke kan gjøres om (f.eks. for lang eller feil slags verdi)"
    return "malen kan ikke fylles ut"
