"""`init`, `maler` and `tjener`: the working folder, its templates and its warm server."""

from __future__ import annotations

from pathlib import Path

import click

from politidok import clinorsk
from politidok.cli.common import (
    say,
)
from politidok.clinorsk import HELTALL, argument, option
from politidok.core.errors import ToolError
from politidok.core.tekst import antall


@click.command("init", cls=clinorsk.Kommando)
@argument("folder", metavar="MAPPE", type=click.Path(path_type=Path))
def init_cmd(folder: Path) -> None:
    """Lag en arbeidsmappe: agreements/, templates/ (dine kopier av malene), output/ og en README."""
    from politidok.build.workspace import init

    made = init(folder)
    say(f"Laget arbeidsmappen {made}/ med agreements/, templates/, output/ og README.md.")
    say(f"Neste steg: cd {made} og «politidok ny-region NAVN».")


@click.group("maler", cls=clinorsk.Gruppe, invoke_without_command=True)
@click.pass_context
def maler_group(ctx: click.Context) -> None:
    """Vis hvilke maler du har endret, og hvilke politidok har en nyere versjon av."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(maler_status)


_STATE_HINT = {
    "NEWER": "«politidok maler oppdater» henter den nye",
    "EDITED_AND_NEWER": "se forskjellen med «politidok tekst», og hent den med «politidok maler oppdater --overskriv MAL»",
    "MISSING": "«politidok maler oppdater» henter den",
}


@maler_group.command("status")
def maler_status() -> None:
    """Hver mal i templates/: som levert, endret av deg, eller med en nyere versjon fra politidok."""
    from politidok.build.workspace import template_status
    from politidok.core.paths import working_folder

    folder = working_folder()
    states = template_status(folder)
    width = max(len(t.name) for t in states) if states else 0
    for t in states:
        hint = _STATE_HINT.get(t.state.name)
        click.echo(f"  {t.name:<{width}}  {t.state.value}" + (f": {hint}" if hint else ""))
    newer = sum(t.state.name in _STATE_HINT for t in states)
    say(
        f"{antall(newer, 'mal', 'maler')} har en nyere versjon fra politidok."
        if newer
        else "Ingen nye maler fra politidok."
    )


@maler_group.command("oppdater")
@argument("names", metavar="[MAL]...", nargs=-1)
@option("--overskriv", is_flag=True, help="Erstatt også maler du har endret (din blir liggende som MAL.docx.bak).")
def maler_update(names: tuple[str, ...], overskriv: bool) -> None:
    """Hent de nye versjonene av malene du ikke har endret (eller bare MAL …, f.eks. nb/referat.docx)."""
    from politidok.build.workspace import update_templates
    from politidok.core.paths import working_folder

    done = update_templates(working_folder(), list(names), overskriv)
    for name in done.copied:
        say(f"Hentet {name}")
    for name in done.saved:
        say(f"Din endrede mal er lagret som {name}")
    for name in done.kept:
        say(f"Beholdt {name}: du har endret den (bruk --overskriv {name} for å hente den nye)")
    if not (done.copied or done.kept):
        say("Alle malene er oppdatert.")


@click.group("tjener", cls=clinorsk.Gruppe)
def server_group() -> None:
    """Varm tjener: holder politidok og LibreOffice i gang mellom byggene (raskere `make`).

    Hver arbeidsmappe (eller kopi av repositoriet) har sin egen."""


@server_group.command("start")
@option(
    "--ledig",
    "idle",
    aliases=("--idle",),
    type=HELTALL,
    default=30 * 60,
    show_default=True,
    metavar="SEKUNDER",
    help="Stopp etter så mange sekunder uten arbeid.",
)
def server_start(idle: int) -> None:
    """Start den varme tjeneren for denne arbeidsmappen i bakgrunnen (om den ikke alt kjører)."""
    from politidok import server

    if server.disabled():
        say("Den varme tjeneren er slått av (POLITIDOK_SERVER=off).")
        return
    try:
        info = server.start(idle)
    except RuntimeError as exc:
        raise ToolError(str(exc)) from None
    say(f"Varm tjener kjører for {info.get('folder', '?')} (pid {info['pid']}). Stopp den med: politidok tjener stopp")


@server_group.command("stopp")
def server_stop() -> None:
    """Stopp den varme tjeneren for denne arbeidsmappen."""
    from politidok import server

    say("Stoppet den varme tjeneren." if server.stop() else "Ingen varm tjener kjørte for denne mappen.")


@server_group.command("status")
def server_status() -> None:
    """Vis om en varm tjener kjører for denne arbeidsmappen: siden når, og hvilke LibreOffice."""
    from politidok import server

    info = server.status()
    if not info:
        click.echo(f"Ingen varm tjener kjører for {server.folder()}.")
        return
    for line in server.describe(info):
        click.echo(line)


@server_group.command("run", hidden=True)
@option("--idle", type=HELTALL, default=30 * 60)
def server_run(idle: int) -> None:
    from politidok import server

    server.serve(idle)
