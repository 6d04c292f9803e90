"""What the commands share: folder options, the region argument, the choices from the registry, `say`."""

from __future__ import annotations

from pathlib import Path

import click

from politidok.clinorsk import HELTALL, option
from politidok.core.layout import RegionLayout
from politidok.core.paths import Paths, discover


class LazyChoice(click.Choice):
    """A choice whose values are looked up when click first needs them (help, checking a value).

    The choices of `build` come from the document registry (importing every kind module); a plain
    build imports only what it needs before it starts LibreOffice, so that LibreOffice boots
    while the rest is imported. (--make-target needs the registry before, to know the kinds.)"""

    def __init__(self, values, case_sensitive: bool = True) -> None:  # not super().__init__: it would ask now
        self._values = values
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple:  # type: ignore[override]
        return tuple(self._values())


def _kind_names() -> tuple[str, ...]:
    from politidok import documents

    return documents.names()


def _make_targets() -> dict[str, list[str]]:
    from politidok import documents

    return documents.make_targets()


def _enhetsslag() -> tuple[str, ...]:
    from politidok.load.scaffold import ENHETSSLAG

    return ENHETSSLAG


class RegionType(click.ParamType):
    """A region: the name of a folder under agreements/. When it is missing, the message lists them."""

    name = "region"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "REGION"

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        given = ctx.params.get("agreements") if ctx else None
        agreements = discover(Path(given) if given else None).agreements
        known = _regions(agreements)
        if known:
            return f"Oppgi en region (en mappe under {agreements}/): {', '.join(known)}."
        return f"Det finnes ingen regioner under {agreements}/ ennå: lag en med «politidok ny-region NAVN»."


def _regions(agreements: Path) -> list[str]:
    try:
        return sorted(p.name for p in agreements.iterdir() if RegionLayout(p).agreement.is_file())
    except OSError:
        return []


REGION = RegionType()


def region_facts_options(func):
    """The new-region command's flags for a council's facts (load.scaffold.new_region_from_facts)."""
    options = [
        option(
            "--kommune",
            "kommuner",
            multiple=True,
            metavar="KOMMUNE",
            help="En kommune (gjenta for flere): «Kåfjord=Gáivuotna:se,Kaivuono:fkv@noytral» – "
            "andre offisielle navn etter =, målform etter @.",
        ),
        option("--tittel", "title", metavar="TEKST", help="Regionens navn i teksten (standard: fra REGION)."),
        option("--politidistrikt", "distrikt", metavar="NAVN", help="F.eks. «Troms politidistrikt»."),
        option("--enhet", metavar="NAVN", help="Politiets enhet, f.eks. «Nord-Troms lensmannsdistrikt»."),
        option("--enhetsslag", "slag", type=LazyChoice(_enhetsslag), help="Hva slags enhet (standard: fra navnet)."),
        option("--leder", metavar="TITTEL", help="Tittelen på enhetens leder, f.eks. «lensmann»."),
        option("--signatar", metavar="TITTEL", help="Politiets signatar (standard: «Leder i Enhet»)."),
        option(
            "--koordinator",
            type=click.Choice(["slt", "folkehelse", "ingen"]),
            default="ingen",
            show_default=True,
            help="Kommunenes koordinator i politirådet.",
        ),
        option("--regionrad", metavar="NAVN", help="Regionrådets navn, hvis politirådet er knyttet til et."),
        option("--per-kommune", type=HELTALL, default=0, metavar="ANTALL", help="Faste møter i året i hver kommune."),
        option("--felles", type=HELTALL, default=0, metavar="ANTALL", help="Felles møter i året for alle kommunene."),
        option("--ved-behov", is_flag=True, help="Politirådet møtes ved behov."),
    ]
    for opt in reversed(options):
        func = opt(func)
    return func


def _paths(agreements: Path | None = None, templates: Path | None = None, output: Path | None = None) -> Paths:
    return discover(agreements, templates, output)


FOLDER = click.Path(file_okay=False, path_type=Path)


def _agreements_option(func):
    return option(
        "--regioner",
        "agreements",
        aliases=("--agreements",),
        type=FOLDER,
        metavar="MAPPE",
        help="Mappen med regionenes YAML (standard: agreements/ i arbeidsmappen).",
    )(func)


def _common(func):
    func = option(
        "--ut",
        "output",
        aliases=("--output",),
        type=FOLDER,
        metavar="MAPPE",
        help="Mappen for ferdige dokumenter (standard: output/ i arbeidsmappen).",
    )(func)
    func = option(
        "--maler",
        "templates",
        aliases=("--templates",),
        type=FOLDER,
        metavar="MAPPE",
        help="Mappen med Word-malene (standard: templates/ i arbeidsmappen, ellers malene politidok leverer).",
    )(func)
    return _agreements_option(func)


def say(message: str) -> None:
    """A line of what a command did: not with -q."""
    from politidok.build.progress import QUIET, verbosity

    if verbosity() > QUIET:
        click.echo(message)
