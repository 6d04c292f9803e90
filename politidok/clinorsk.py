"""Norwegian texts for click's own messages (usage lines, help sections, errors).

click marks its texts with gettext but ships no translations; each click module binds
`_`/`ngettext` at import, so `install()` replaces those names with lookups in the tables below.
A text not in the table stays as click wrote it (tests/unit/test_council_facts.py checks the help).
"""

from __future__ import annotations

import importlib

TEKSTER = {
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "default: {default}": "standard: {default}",
    "required": "påkrevd",
    "env var: {var}": "miljøvariabel: {var}",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Prøv «{command} {option}» for hjelp.",
    "Missing argument": "Mangler argument",
    "Missing option": "Mangler valg",
    "Missing parameter": "Mangler parameter",
    "Missing command.": "Mangler kommando.",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameter: {param_name}",
    "No such command {name!r}.": "Ukjent kommando «{name}».",
    "No such option {name!r}.": "Ukjent valg «{name}».",
    "Option {name!r} does not take a value.": "Valget «{name}» tar ingen verdi.",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Aborted!": "Avbrutt!",
    "{value!r} is not a valid {number_type}.": "«{value}» er ikke et gyldig {number_type}.",
    "{value} is not in the range {range}.": "{value} er utenfor området {range}.",
    "{name} {filename!r} does not exist.": "{name} «{filename}» finnes ikke.",
    "{name} {filename!r} is a directory.": "{name} «{filename}» er en mappe.",
    "{name} {filename!r} is a file.": "{name} «{filename}» er en fil.",
    "{name} {filename!r} is not readable.": "{name} «{filename}» kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} «{filename}» kan ikke skrives.",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "integer": "heltall",
    "Value must be an iterable.": "Verdien må være en liste.",
    "Could not open file {filename!r}: {message}": "Kunne ikke åpne filen «{filename}»: {message}",
    "unknown error": "ukjent feil",
    "deprecated": "utgått",
}

FLERTALL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Fikk et uventet argument ({args})",
        "Fikk uventede argumenter ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Mente du {possibility}?",
        "(Mente du en av disse: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Valget «{name}» trenger en verdi.",
        "Valget «{name}» trenger {nargs} verdier.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "«{value}» er ikke {choice}.",
        "«{value}» er ikke en av {choices}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tar {nargs} verdier, men fikk 1.",
        "Tar {nargs} verdier, men fikk {len}.",
    ),
}

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    return TEKSTER.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = FLERTALL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    _install_metavars()


METAVARS = {
    "TEXT": "TEKST",
    "INTEGER": "HELTALL",
    "PATH": "STI",
    "FILE": "FIL",
    "DIRECTORY": "MAPPE",
    "FLOAT": "TALL",
    "[OPTIONS]": "[VALG]",
    "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]...",
    "COMMAND": "KOMMANDO",
    "[ARGS]...": "[ARGUMENTER]...",
}


def _norsk_metavar(func):
    def wrapper(*args, **kwargs):
        value = func(*args, **kwargs)
        return METAVARS.get(value, value) if isinstance(value, str) else value

    wrapper.__wrapped__ = func
    return wrapper


def _norsk_pieces(func):
    def wrapper(*args, **kwargs):
        return [METAVARS.get(piece, piece) for piece in func(*args, **kwargs)]

    wrapper.__wrapped__ = func
    return wrapper


def _install_metavars() -> None:
    import click

    if not hasattr(click.core.Parameter.make_metavar, "__wrapped__"):
        click.core.Parameter.make_metavar = _norsk_metavar(click.core.Parameter.make_metavar)
        for cls in (click.core.Command, click.core.Group):
            if "collect_usage_pieces" in vars(cls):
                cls.collect_usage_pieces = _norsk_pieces(cls.collect_usage_pieces)
