"""Command line: click parses the options and calls the library; the library does the work.

Every command is a thin wrapper around a function the warm server (politidok.server) calls too.
Messages are Norwegian.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

import click

from politidok import __version__, clinorsk
from politidok.core import signals
from politidok.core.errors import InputError, ToolError, report
from politidok.core.paths import Paths
from politidok.core.tekst import antall

clinorsk.install()  # click's own texts (Usage:, Options:, …) in Norwegian


class LazyChoice(click.Choice):
    """A choice whose values are looked up when click first needs them (help, checking a value).

    The choices of `build` come from the document registry (the kind modules, ~10 ms); a plain
    build imports only what it needs before it starts LibreOffice, so that LibreOffice boots
    while the rest is imported. (--make-target needs the registry before, to know the kinds.)"""

    def __init__(self, values, case_sensitive: bool = True) -> None:  # not super().__init__: it would ask now
        self._values = values
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple:  # type: ignore[override]
        return tuple(self._values())


def _kind_names() -> list[str]:
    from politidok import documents

    return documents.names()


def _make_targets() -> dict[str, list[str]]:
    from politidok import documents

    return documents.make_targets()


def _enhetsslag() -> tuple[str, ...]:
    from politidok.load.scaffold import ENHETSSLAG

    return ENHETSSLAG


def region_facts_options(func):
    """The new-region command's flags for a council's facts (load.scaffold.new_region_from_facts)."""
    options = [
        click.option(
            "--kommune",
            "kommuner",
            multiple=True,
            help="En kommune (gjenta for flere): «Kåfjord=Gáivuotna:se,Kaivuono:fkv@noytral» – "
            "andre offisielle navn etter =, målform etter @.",
        ),
        click.option("--tittel", "title", help="Regionens navn i teksten (standard: fra NAME)."),
        click.option("--politidistrikt", "distrikt", help="F.eks. «Troms politidistrikt»."),
        click.option("--enhet", help="Politiets enhet, f.eks. «Nord-Troms lensmannsdistrikt»."),
        click.option(
            "--enhetsslag", "slag", type=LazyChoice(_enhetsslag), help="Hva slags enhet (standard: fra navnet)."
        ),
        click.option("--leder", help="Tittelen på enhetens leder, f.eks. «lensmann»."),
        click.option("--signatar", help="Politiets signatar (standard: «Leder i Enhet»)."),
        click.option(
            "--koordinator",
            type=click.Choice(["slt", "folkehelse", "ingen"]),
            default="ingen",
            show_default=True,
            help="Kommunenes koordinator i politirådet.",
        ),
        click.option("--regionrad", help="Regionrådets navn, hvis politirådet er knyttet til et."),
        click.option("--per-kommune", type=int, default=0, help="Faste møter i året i hver kommune."),
        click.option("--felles", type=int, default=0, help="Felles møter i året for alle kommunene."),
        click.option("--ved-behov", is_flag=True, help="Politirådet møtes ved behov."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _paths(agreements: str, templates: str, output: str) -> Paths:
    return Paths(Path(agreements), Path(templates), Path(output))


def _common(func):
    func = click.option("--output", default="output", show_default=True, help="Mappe for ferdige dokumenter.")(func)
    func = click.option("--templates", default="templates", show_default=True, help="Mappe med Word-malene.")(func)
    func = click.option("--agreements", default="agreements", show_default=True, help="Mappe med regionenes YAML.")(
        func
    )
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="politidok")
def cli() -> None:
    """politidok lager dokumentene til et politiråd (samarbeidsavtale m.m.) fra YAML og Word-maler."""


@cli.command("build")
@click.argument("region", required=False)
@click.option("--alle", "every", is_flag=True, help="Bygg alle regionene under agreements/ i én kjøring.")
@click.option("--only", "only", multiple=True, type=LazyChoice(_kind_names), help="Bygg bare denne dokumenttypen.")
@click.option(
    "--make-target",
    "target",
    type=LazyChoice(lambda: sorted(_make_targets())),
    hidden=True,
    help="Dokumenttypene ett make-mål bygger (agreement, invitations …).",
)
@click.option("--year", type=int, default=None, help="Bare evalueringsrapporten for dette året.")
@click.option("--uten-tjener", "local", is_flag=True, help="Bygg her og nå, også om en varm tjener kjører.")
@click.option(
    "--ny-versjon",
    "new_versions",
    multiple=True,
    metavar="DOKUMENT",
    help="Lag en rettet versjon av et arkivert dokument (filnavnet uten endelse).",
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
    agreements: str,
    templates: str,
    output: str,
) -> None:
    """Bygg dokumentene for REGION (f.eks. hallingdal) til output/REGION/, eller alle med --alle."""
    from politidok.build import state

    paths = _paths(agreements, templates, output)
    kinds = sorted({*only, *(_make_targets().get(target, []) if target else [])})
    if every == bool(region):
        raise click.UsageError("Oppgi én REGION eller --alle.")
    if every:
        if new_versions:
            raise click.UsageError("--ny-versjon gjelder én region, ikke --alle.")
        from politidok.build.many import build_all

        outcomes = build_all(paths, set(kinds) or None, log=click.echo, year=year)
        click.echo(f"Ferdig: {len(outcomes)} regioner i {Path(output)}/")
        return
    if not new_versions and state.up_to_date(
        paths.output, region, paths.agreements / region, paths.templates, [kinds, year]
    ):
        click.echo(f"Ingen endringer: {paths.output / region}/ er oppdatert.")
        return
    from politidok.build import services as running

    # a corrected version, and a build with PDFBox (which the warm server does not run), are made here
    if not local and not new_versions and not running.pdfbox_asked():
        from politidok import server

        code = server.run_remote(server.Request.of(region, paths, kinds, year))  # when a warm server runs
        if code is not None:
            sys.exit(code)
    with running.Services() as services:
        if (paths.agreements / region / "avtale.yaml").is_file():
            services.start()  # LibreOffice boots while the rest of politidok is imported
        from politidok.build import build
        from politidok.build.progress import Progress

        with Progress() as progress:
            build(
                region,
                paths,
                set(kinds) or None,
                log=progress.log,
                year=year,
                progress=progress.update,
                services=services,
                new_versions=list(new_versions),
            )
    click.echo(f"Ferdig: {Path(output) / region}/")


@cli.command("check")
@click.argument("region")
@_common
def check_cmd(region: str, agreements: str, templates: str, output: str) -> None:
    """Kontroller inndata for REGION uten å skrive noe."""
    from politidok.build import check

    loaded = check(region, _paths(agreements, templates, output))
    avtale = loaded.avtale
    saker = f", {len(loaded.saker)} saksframlegg" if loaded.saker else ""
    kommuner = antall(len(avtale.kommuner), "kommune", "kommuner")
    click.echo(f"OK: {Path(agreements) / region} ({avtale.politirad.navn}, {kommuner}{saker})")
    from politidok.render.accessible_docx import images_without_alt

    for template in sorted(Path(templates).rglob("*.docx")):
        for name in images_without_alt(template):
            click.echo(
                f"Advarsel: {template}: bildet «{name}» har ingen alternativ tekst og leses ikke av skjermlesere. "
                "Gi det en i Word (høyreklikk, «Rediger alternativ tekst»), eller merk det som dekorativt."
            )


@cli.command("next-year")
@click.argument("region")
@click.option("--year", type=int, required=True, help="Året som er evaluert (filen for året etter lages).")
@click.option("--force", is_flag=True, help="Skriv over en fil som finnes.")
@_common
def next_year_cmd(region: str, year: int, force: bool, agreements: str, templates: str, output: str) -> None:
    """Lag startfilen evaluering/ÅR+1.yaml med læringspunkter og uferdige tiltak ført videre."""
    from politidok.build import next_year

    target = next_year(region, year, _paths(agreements, templates, output), force)
    click.echo(f"Skrev {target}. Fyll inn «utfordringer» og «egenevaluering» når året er omme.")
    plan = Path(agreements) / region / "handlingsplan" / f"{year + 1}.yaml"
    if plan.is_file():
        click.echo(
            f"Handlingsplanen for {year + 1}: {plan} (uferdige tiltak føres videre med samme id når filen lages; "
            "en plan du har begynt på, endres ikke uten --force)."
        )


@cli.command("new-region")
@click.argument("name")
@click.option("--agreements", default="agreements", show_default=True, help="Mappe med regionenes YAML.")
@region_facts_options
def new_region_cmd(name: str, agreements: str, **facts) -> None:
    """Lag agreements/NAME/ med en avtale.yaml: til utfylling, eller ferdig fra faktaene i valgene."""
    from politidok.load.scaffold import blanks, new_region, new_region_from_facts

    if facts["kommuner"]:
        path = new_region_from_facts(Path(agreements), name, **facts)
        click.echo(f"Laget {path}. Kjør «make agreement REGION={name}» for å bygge avtalen.")
        return
    path = new_region(Path(agreements), name)
    click.echo(f"Laget {path}.")
    empty = blanks(path, str(path))
    click.echo(f"Disse {len(empty)} feltene er tomme og må fylles ut:")
    for field_name, line in empty:
        click.echo(f"  {path}:{line}: {field_name}")
    click.echo(f"Kjør «make check REGION={name}» når du har fylt dem ut.")


@cli.command("dump-text")
@click.argument("docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def dump_text_cmd(docx: Path) -> None:
    """Skriv en Word-fil som ren tekst (for git diff av malene)."""
    from politidok.render.dumptext import dump

    click.echo(dump(docx), nl=False)


@cli.command("guide")
@click.option("--check", "check_only", is_flag=True, help="Feil (kode 1) hvis docs/maler.md ikke er oppdatert.")
@click.option("--out", default="docs/maler.md", show_default=True, type=click.Path(dir_okay=False, path_type=Path))
def guide_cmd(check_only: bool, out: Path) -> None:
    """Lag veiledningen for malene (docs/maler.md) med dokumenttypene og feltlistene."""
    from politidok import guide

    if not check_only:
        guide.write(out)
        click.echo(f"Skrev {out}")
    elif guide.write(out, check_only=True):
        click.echo(f"{out} er oppdatert.")
    else:
        click.echo(f"{out} er ikke oppdatert: kjør «make docs».", err=True)
        sys.exit(1)


@cli.command("arkiver")
@click.argument("region")
@click.argument("dokumenter", nargs=-1)
@click.option("--dato", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Arkiveringsdatoen (standard: i dag).")
@_common
def arkiver_cmd(region: str, dokumenter: tuple[str, ...], dato, agreements: str, templates: str, output: str) -> None:
    """Før dokumentene i output/REGION/ (alle, eller DOKUMENT …) inn i arkivlisten: de endres aldri mer."""
    from politidok.build.arkiver import archive_region

    recorded, already = archive_region(
        region, _paths(agreements, templates, output), list(dokumenter), dato.date() if dato else None
    )
    where = Path(agreements) / region / "arkivert.yaml"
    if recorded:
        click.echo(f"Arkiverte {antall(len(recorded), 'dokument', 'dokumenter')} i {where}: {', '.join(recorded)}")
    if already:
        click.echo(f"Allerede arkivert: {', '.join(already)}")
    if recorded:
        click.echo("Legg arkivlisten inn i versjonskontrollen sammen med YAML-filene (git add/commit).")


@cli.command("verify")
@click.argument("pdfs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", default=None, help="Kontroller også output/REGION/ mot arkivlisten (arkivert.yaml).")
@_common
def verify_cmd(pdfs: tuple[Path, ...], region: str | None, agreements: str, templates: str, output: str) -> None:
    """Kontroller at PDF-ene er klare for arkiv og e-signering, og at arkiverte filer er uendret."""
    from politidok.archive.verify import verify_files

    if region:
        from politidok.build.arkiver import verify_region

        lines = verify_region(region, _paths(agreements, templates, output))
        click.echo("\n".join(lines) if lines else f"Ingen dokumenter i {Path(agreements) / region}/arkivert.yaml.")
        bad = sum(line.startswith("FEIL") for line in lines)
        if bad:
            click.echo(
                f"\n{bad} arkiverte filer er endret eller mangler."
                if bad > 1
                else "\nÉn arkivert fil er endret eller mangler."
            )
            sys.exit(1)
        if not pdfs:
            return
    if not pdfs:
        raise click.UsageError("oppgi PDF-er, eller --region REGION")
    reports = verify_files(list(pdfs))
    click.echo("\n\n".join(r.text() for r in reports))
    failed = sum(not r.ok for r in reports)
    n = len(reports)
    if failed:
        click.echo(f"\n{n - failed} av {n} filer er klare." if n > 1 else "\nFilen er ikke klar.")
    else:
        click.echo(f"\nAlle {n} filer er klare." if n > 1 else "\nFilen er klar.")
    if failed:
        sys.exit(1)


@cli.command("sign")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--p12",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sertifikat og nøkkel (PKCS#12).",
)
@click.option("--passphrase", default="", help="Passordet til PKCS#12-filen.")
@click.option("--field", "field_name", required=True, help="Signaturfeltet, f.eks. ordforer_hol.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Den signerte PDF-en.")
def sign_cmd(pdf: Path, p12: Path, passphrase: str, field_name: str, out: Path) -> None:
    """Signer ett tomt signaturfelt i PDF med en PAdES-signatur (som tilleggsrevisjon)."""
    from politidok.assemble.sign import sign

    sign(pdf, p12, passphrase, field_name, out)
    click.echo(f"Signerte feltet «{field_name}»: {out}")


@cli.group("server")
def server_group() -> None:
    """Varm tjener: holder politidok og LibreOffice i gang mellom byggene (raskere `make`)."""


@server_group.command("start")
@click.option("--idle", default=30 * 60, show_default=True, help="Stopp etter så mange sekunder uten arbeid.")
def server_start(idle: int) -> None:
    """Start den varme tjeneren i bakgrunnen (om den ikke alt kjører)."""
    from politidok import server

    if server.disabled():
        click.echo("Den varme tjeneren er slått av (POLITIDOK_SERVER=off).")
        return
    try:
        info = server.start(idle)
    except RuntimeError as exc:
        raise ToolError(str(exc)) from None
    click.echo(
        f"Varm tjener kjører (pid {info['pid']}, 127.0.0.1:{info['port']}). Stopp den med: politidok server stop"
    )


@server_group.command("stop")
def server_stop() -> None:
    """Stopp den varme tjeneren."""
    from politidok import server

    click.echo("Stoppet den varme tjeneren." if server.stop() else "Ingen varm tjener kjørte.")


@server_group.command("status")
def server_status() -> None:
    """Vis om den varme tjeneren kjører."""
    from politidok import server

    info = server.status()
    if not info:
        click.echo("Ingen varm tjener kjører.")
        return
    if info.get("busy"):
        click.echo(f"Varm tjener kjører (pid {info['pid']}, 127.0.0.1:{info['port']}) og bygger akkurat nå.")
        return
    current = "" if info.get("code") == server.code_digest() else " (eldre kode: stoppes ved neste bygg)"
    click.echo(
        f"Varm tjener kjører (pid {info['pid']}, 127.0.0.1:{info['port']}), {info.get('builds', 0)} bygg, "
        f"ledig i {info.get('idle', 0)} s{current}."
    )


@server_group.command("run", hidden=True)
@click.option("--idle", default=30 * 60)
def server_run(idle: int) -> None:
    from politidok import server

    server.serve(idle)


def entry() -> None:
    """The `politidok` command (and `python -m politidok`): main(), without the interpreter's last
    garbage collection. At exit Python collects every object of the build (models, XML trees,
    PDFs) once more; freezing them first saves about 0.1 s of every run, and the memory is the
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
