"""The commands that make a region's files: bygg, sjekk, nytt-år, ny-region."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from politidok import clinorsk
from politidok.cli.common import (
    REGION,
    LazyChoice,
    _agreements_option,
    _common,
    _kind_names,
    _make_targets,
    _paths,
    _regions,
    region_facts_options,
    say,
)
from politidok.clinorsk import HELTALL, argument, option
from politidok.core.tekst import antall


@click.command("bygg", cls=clinorsk.Kommando)
@argument("region", required=False, type=REGION)
@option("--alle", "every", is_flag=True, help="Bygg alle regionene under agreements/ i én kjøring.")
@option(
    "--bare",
    "only",
    aliases=("--only",),
    multiple=True,
    type=LazyChoice(_kind_names),
    help="Bygg bare denne dokumenttypen (gjenta for flere).",
)
@option(
    "--make-target",
    "target",
    type=LazyChoice(lambda: sorted(_make_targets())),
    hidden=True,
    help="Dokumenttypene ett make-mål bygger (agreement, invitations …).",
)
@option(
    "--år",
    "year",
    aliases=("--ar", "--year"),
    type=HELTALL,
    metavar="ÅR",
    help="Bare evalueringsrapporten for dette året.",
)
@option("--uten-tjener", "local", is_flag=True, help="Bygg her og nå, også om en varm tjener kjører.")
@option(
    "--ny-versjon",
    "new_versions",
    multiple=True,
    metavar="DOKUMENT",
    help="Lag en rettet versjon av et sendt eller arkivert dokument (filnavnet uten endelse).",
)
@_common
def build_cmd(
    region: str | None,
    every: bool,
    only: tuple[str, ...],
    target: str | None,
    year: int | None,
    local: bool,
    new_versions: tuple[str, ...],
    agreements: Path | None,
    templates: Path | None,
    output: Path | None,
) -> None:
    """Bygg dokumentene for REGION (f.eks. hallingdal) til output/REGION/, eller alle med --alle."""
    from politidok import app
    from politidok.core.options import BuildOptions

    paths = _paths(agreements, templates, output)
    kinds = frozenset({*only, *(_make_targets().get(target, []) if target else [])})
    options = BuildOptions(kinds, year, tuple(new_versions))
    if every and region:
        raise click.UsageError("Oppgi én REGION eller --alle, ikke begge.")
    if not every and not region:
        known = _regions(paths.agreements)
        which = f" Regionene under {paths.agreements}/: {', '.join(known)}." if known else ""
        raise click.UsageError(f"Oppgi en REGION (f.eks. politidok bygg hallingdal) eller --alle.{which}")
    if every:
        if new_versions:
            raise click.UsageError("--ny-versjon gjelder én region, ikke --alle.")
        count = app.build_every_region(paths, options, log=say)
        say(f"Ferdig: {count} regioner i {paths.output}/")
        return
    assert region is not None
    outcome = app.build_region(region, paths, options, local=local)
    if outcome.up_to_date:
        say(f"Ingen endringer: {outcome.target}/ er oppdatert.")
    elif outcome.remote_exit is not None:
        sys.exit(outcome.remote_exit)
    else:
        say(f"Ferdig: {outcome.target}/")


@click.command("sjekk", cls=clinorsk.Kommando)
@argument("region", type=REGION)
@_common
def check_cmd(region: str, agreements: Path | None, templates: Path | None, output: Path | None) -> None:
    """Kontroller inndata og malene for REGION uten å skrive noe."""
    from politidok.build import check

    paths = _paths(agreements, templates, output)
    result = check(region, paths)
    avtale = result.region.avtale
    saker = f", {len(result.region.saker)} saksframlegg" if result.region.saker else ""
    kommuner = antall(len(avtale.kommuner), "kommune", "kommuner")
    say(f"OK: {paths.agreements / region} ({avtale.politirad.navn}, {kommuner}{saker})")
    for warning in result.warnings:
        click.echo(f"Advarsel: {warning}")


@click.command("nytt-år", cls=clinorsk.Kommando)
@argument("region", type=REGION)
@option(
    "--år",
    "year",
    aliases=("--ar", "--year"),
    type=HELTALL,
    required=True,
    metavar="ÅR",
    help="Året som er evaluert (filene for året etter lages).",
)
@option("--overskriv", "force", aliases=("--force",), is_flag=True, help="Skriv over en fil som finnes.")
@_common
def next_year_cmd(
    region: str, year: int, force: bool, agreements: Path | None, templates: Path | None, output: Path | None
) -> None:
    """Lag startfilen evaluering/ÅR+1.yaml med læringspunkter og uferdige tiltak ført videre."""
    from politidok.build import next_year
    from politidok.cli import text as clitext

    made = next_year(region, year, _paths(agreements, templates, output), force)
    for line in clitext.next_year_lines(made, year):
        say(line)


@click.command("status", cls=clinorsk.Kommando)
@argument("region", type=REGION)
@_common
def status_cmd(region: str, agreements: Path | None, templates: Path | None, output: Path | None) -> None:
    """Vis hva som er bygget, endret, sendt, arkivert og stoppet for REGION, og hva nytt-år fører videre."""
    from politidok.build.status import region_status
    from politidok.cli import text as clitext

    for line in clitext.status_lines(region_status(region, _paths(agreements, templates, output))):
        click.echo(line)


@click.command("ny-region", cls=clinorsk.Kommando)
@argument("name", metavar="REGION")
@_agreements_option
@region_facts_options
def new_region_cmd(name: str, agreements: Path | None, **facts) -> None:
    """Lag agreements/REGION/ med en avtale.yaml: til utfylling, eller ferdig fra faktaene i valgene."""
    from politidok.load.scaffold import blanks, new_region, new_region_from_facts

    folder = _paths(agreements).agreements
    if facts["kommuner"]:
        path = new_region_from_facts(folder, name, **facts)
        say(f"Laget {path}. Kjør «politidok bygg {name}» for å bygge avtalen.")
        return
    path = new_region(folder, name)
    say(f"Laget {path}.")
    empty = blanks(path, str(path))
    say(f"Disse {len(empty)} feltene er tomme og må fylles ut:")
    for field_name, line in empty:
        say(f"  {path}:{line}: {field_name}")
    say(f"Kjør «politidok sjekk {name}» når du har fylt dem ut.")
