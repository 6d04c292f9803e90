"""The commands on finished files and the guide: arkiver, kontroller, signer, tekst, veiledning."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from politidok import clinorsk
from politidok.cli.common import (
    REGION,
    _common,
    _paths,
    say,
)
from politidok.clinorsk import DATO, argument, option
from politidok.core.errors import ToolError
from politidok.core.layout import RegionLayout
from politidok.core.tekst import antall


@click.command("tekst", cls=clinorsk.Kommando)
@argument("docx", metavar="WORDFIL", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def dump_text_cmd(docx: Path) -> None:
    """Skriv en Word-fil som ren tekst (for git diff av malene)."""
    from politidok.render.dumptext import dump

    click.echo(dump(docx), nl=False)


@click.command("veiledning", cls=clinorsk.Kommando)
@option(
    "--kontroller",
    "check_only",
    aliases=("--check",),
    is_flag=True,
    help="Feil (kode 1) hvis FIL ikke er oppdatert.",
)
@option(
    "--ut",
    "out",
    aliases=("--out",),
    default="docs/maler.md",
    show_default=True,
    metavar="FIL",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Filen veiledningen skrives til; - skriver den ut her.",
)
def guide_cmd(check_only: bool, out: Path) -> None:
    """Lag veiledningen for malene (docs/maler.md) med dokumenttypene og feltlistene."""
    from politidok import guide

    if str(out) == "-":
        if check_only:
            raise click.UsageError("--kontroller trenger en fil, ikke -.")
        click.echo(guide.render(), nl=False)
        return
    if not check_only:
        guide.write(out)
        say(f"Skrev {out}")
    elif guide.write(out, check_only=True):
        say(f"{out} er oppdatert.")
    else:
        click.echo(f"{out} er ikke oppdatert: kjør «make docs».", err=True)
        sys.exit(1)


@click.command("arkiver", cls=clinorsk.Kommando)
@argument("region", type=REGION)
@argument("dokumenter", metavar="[DOKUMENT]...", nargs=-1)
@option("--dato", type=DATO, default=None, help="Arkiveringsdatoen (standard: i dag).")
@_common
def arkiver_cmd(
    region: str,
    dokumenter: tuple[str, ...],
    dato,
    agreements: Path | None,
    templates: Path | None,
    output: Path | None,
) -> None:
    """Før dokumentene i output/REGION/ (alle, eller DOKUMENT …) inn i arkivlisten: de endres aldri mer."""
    from politidok.build.arkiver import archive_region

    paths = _paths(agreements, templates, output)
    recorded, already = archive_region(region, paths, list(dokumenter), dato)
    where = RegionLayout(paths.agreements / region).ledger
    if recorded:
        say(f"Arkiverte {antall(len(recorded), 'dokument', 'dokumenter')} i {where}: {', '.join(recorded)}")
    if already:
        say(f"Allerede arkivert: {', '.join(already)}")
    if recorded:
        say("Legg arkivlisten og mappen arkivert/ inn i versjonskontrollen sammen med YAML-filene (git add/commit).")


@click.command("kontroller", cls=clinorsk.Kommando)
@argument("pdfs", metavar="[PDF]...", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--region", default=None, type=REGION, help="Kontroller også output/REGION/ mot arkivlisten (arkivert.yaml).")
@_common
def verify_cmd(
    pdfs: tuple[Path, ...], region: str | None, agreements: Path | None, templates: Path | None, output: Path | None
) -> None:
    """Kontroller at PDF-ene er klare for arkiv og e-signering, og at arkiverte filer er uendret."""
    from politidok.archive.verify import verify_files

    paths = _paths(agreements, templates, output)
    if region:
        from politidok.build.arkiver import verify_region

        checks = verify_region(region, paths)
        for c in checks:
            when = c.arkivert.isoformat()
            if c.ok:
                say(f"OK   {c.name}: som {c.hvordan} {when}")
            elif c.missing:
                click.echo(f"FEIL {c.name}: {c.hvordan} {when}, men mangler i {paths.output / region}/")
            else:
                click.echo(
                    f"FEIL {c.name}: {c.hvordan} {when}, men filen er endret (SHA-256 {c.found[:12]}… "
                    f"i stedet for {c.expected[:12]}…)"
                )
        if not checks:
            say(f"Ingen dokumenter i {paths.agreements / region}/arkivert.yaml.")
        bad = sum(not c.ok for c in checks)
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
        raise click.UsageError("Oppgi PDF-er, eller --region REGION.")
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


PASSORD_ENV = "POLITIDOK_PASSORD"


def _passphrase(p12: Path, given: str | None, file: Path | None) -> str:
    """The PKCS#12 passphrase: from --passordfil, the environment, or asked for without echo."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8").splitlines()[0] if file.stat().st_size else ""
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise ToolError(f"kunne ikke lese passordfilen {file} ({getattr(exc, 'strerror', None) or exc}).") from None
    if given is not None:  # the old --passphrase (it lands in the shell history): still accepted
        return given
    if PASSORD_ENV in os.environ:
        return os.environ[PASSORD_ENV]
    if not sys.stdin.isatty():
        raise click.UsageError(f"Oppgi passordet til {p12} i {PASSORD_ENV} eller med --passordfil FIL.")
    return click.prompt(f"Passord til {p12}", hide_input=True, default="", show_default=False)


@click.command("signer", cls=clinorsk.Kommando)
@argument("pdf", metavar="PDF", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option(
    "--p12",
    required=True,
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sertifikat og nøkkel (PKCS#12).",
)
@option(
    "--passordfil",
    "passphrase_file",
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Les passordet fra første linje i FIL (ellers fra {PASSORD_ENV}, ellers spør politidok).",
)
@option("--passphrase", "passphrase", hidden=True, default=None)
@option(
    "--felt",
    "field_name",
    aliases=("--field",),
    required=True,
    metavar="FELT",
    help="Signaturfeltet, f.eks. ordforer_hol.",
)
@option(
    "--ut",
    "out",
    aliases=("--out",),
    required=True,
    metavar="FIL",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Den signerte PDF-en; - skriver den ut her.",
)
def sign_cmd(
    pdf: Path, p12: Path, passphrase_file: Path | None, passphrase: str | None, field_name: str, out: Path
) -> None:
    """Signer ett tomt signaturfelt i PDF med en PAdES-signatur (som tilleggsrevisjon)."""
    import tempfile

    from politidok.assemble.sign import sign

    secret = _passphrase(p12, passphrase, passphrase_file)
    if str(out) != "-":
        sign(pdf, p12, secret, field_name, out)
        say(f"Signerte feltet «{field_name}»: {out}")
        return
    with tempfile.TemporaryDirectory(prefix="politidok-signer-") as tmp:
        signed = sign(pdf, p12, secret, field_name, Path(tmp) / "signert.pdf")
        sys.stdout.buffer.write(signed.read_bytes())
        sys.stdout.flush()
