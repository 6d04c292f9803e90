"""Command line: click parses the options and calls the library; the library does the work.

Every command is a thin wrapper around a function the warm server (politidok.server) calls too.
Commands, options and messages are Norwegian (clinorsk.py: click's own texts through gettext);
the English names of before are hidden aliases, so scripts keep working. Folders not named on the
command line are those of the working folder (core.paths.discover: `politidok init`, or the
current folder).
"""

from __future__ import annotations

import gc
import logging
import os
import sys

import click

from politidok import __version__, clinorsk
from politidok.cli import build, tools, workspace
from politidok.clinorsk import option
from politidok.core import signals
from politidok.core.errors import InputError, ToolError, report


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from politidok.core.paths import libreoffice_version

    click.echo(f"politidok {__version__}")
    click.echo(f"LibreOffice: {libreoffice_version() or 'ikke funnet (installer libreoffice-writer-nogui)'}")
    click.echo(f"Python {sys.version.split()[0]}, {sys.platform}")
    ctx.exit()


def _verbosity(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    from politidok.build import progress

    if value:
        progress.set_verbosity(progress.QUIET if _param.name == "quiet" else progress.VERBOSE)


@click.group(cls=clinorsk.Gruppe, context_settings={"help_option_names": ["--hjelp", "-h", "--help"]})
@option(
    "-V",
    "--versjon",
    aliases=("--version",),
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Vis versjonen (og LibreOffices) og avslutt.",
)
@option(
    "-q",
    "--stille",
    "quiet",
    aliases=("--quiet",),
    is_flag=True,
    expose_value=False,
    callback=_verbosity,
    help="Skriv bare feil og det som trenger oppmerksomhet.",
)
@option(
    "-v",
    "--utfyllende",
    "verbose",
    aliases=("--verbose",),
    is_flag=True,
    expose_value=False,
    callback=_verbosity,
    help="Skriv mer, bl.a. hver fil en bygging skriver.",
)
def cli() -> None:
    """politidok lager dokumentene til et politiråd (samarbeidsavtale m.m.) fra YAML og Word-maler.

    Mappene er arbeidsmappens (se «politidok init»): agreements/, templates/ og output/."""


for command in (
    workspace.init_cmd,
    workspace.maler_group,
    build.build_cmd,
    build.check_cmd,
    build.next_year_cmd,
    build.status_cmd,
    build.new_region_cmd,
    tools.arkiver_cmd,
    tools.verify_cmd,
    tools.dump_text_cmd,
    tools.guide_cmd,
    tools.sign_cmd,
    workspace.server_group,
):
    cli.add_command(command)

for _english, _norsk in (
    ("build", "bygg"),
    ("check", "sjekk"),
    ("next-year", "nytt-år"),
    ("new-region", "ny-region"),
    ("dump-text", "tekst"),
    ("guide", "veiledning"),
    ("verify", "kontroller"),
    ("sign", "signer"),
    ("server", "tjener"),
):
    cli.alias(_english, _norsk)
workspace.server_group.alias("stop", "stopp")


def entry() -> None:
    """The `politidok` command (and `python -m politidok`): main(), without the interpreter's last
    garbage collection. At exit Python collects every object of the build (models, XML trees,
    PDFs) once more; freezing them first saves that time in every run, and the memory is the
    system's a moment later anyway. (main() itself is also called in-process, by tests.)"""
    try:
        main()
    finally:
        gc.freeze()


def main(argv: list[str] | None = None) -> None:
    # libraries (pyHanko, fontTools) log tracebacks for errors politidok reports itself, in Norwegian
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        with signals.stoppable():
            cli.main(args=argv, prog_name="politidok", standalone_mode=False)
    except (InputError, ToolError) as exc:
        message, code = report(exc)
        click.echo(message, err=True)
        sys.exit(code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:  # click turns Ctrl-C (and SIGTERM) into Abort
        click.echo("Avbrutt.", err=True)
        sys.exit(signals.exit_code(exc.__cause__ if isinstance(exc, click.exceptions.Abort) else exc))
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except Exception as exc:  # a bug in politidok: one clear message, the traceback only on request
        if os.environ.get("POLITIDOK_DEBUG"):
            raise
        click.echo(report(exc)[0], err=True)
        sys.exit(1)
