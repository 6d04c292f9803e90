"""What a front-end calls (the CLI, a script): the decisions of each command, in the library.

The CLI parses options, calls one function here (or in build/, archive/) and formats what it
returns; it decides nothing. The warm server calls the build library (build.engine.build)
directly, never this module: this is where a build is handed to the server.

Light to import: the CLI imports this before anything heavy, and a build starts LibreOffice
before it imports the rest of politidok.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from politidok.core import layout
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths


@dataclass(frozen=True)
class BuildOutcome:
    """What became of a build: where its documents are, and how it was done."""

    target: Path
    up_to_date: bool = False  # nothing had changed: nothing was loaded or built
    remote_exit: int | None = None  # built by the warm server, which reported this exit code


def build_region(region: str, paths: Paths, options: BuildOptions, local: bool = False) -> BuildOutcome:
    """Build one region: nothing when it is up to date; in the warm server when one runs (or is to be
    started, POLITIDOK_SERVER=auto); here otherwise, with LibreOffice started at once. A corrected
    version (--ny-versjon) and a build with PDFBox (which the server does not run) are made here."""
    from politidok.build import state

    target = paths.output / region
    if not options.new_versions and state.up_to_date(
        paths.output, region, paths.agreements / region, paths.templates, options.stamp_key
    ):
        return BuildOutcome(target, up_to_date=True)
    from politidok.build import services as running

    if not local and not options.new_versions and not running.pdfbox_asked():
        from politidok import server

        code = server.run_remote(server.Request.of(region, paths, options))
        if code is not None:
            return BuildOutcome(target, remote_exit=code)
    with running.Services() as services:
        if (paths.agreements / region / layout.AGREEMENT).is_file():
            services.start()  # LibreOffice boots while the rest of politidok is imported
        from politidok.build import build
        from politidok.build.progress import Progress

        with Progress() as progress:
            build(region, paths, options, log=progress.log, progress=progress.update, services=services)
    return BuildOutcome(target)


def build_every_region(paths: Paths, options: BuildOptions, log: Callable[[str], None]) -> int:
    """Build every region under agreements/ in one run (never through the server); the number of regions."""
    if options.new_versions:
        raise ValueError("a corrected version is made for one region")
    from politidok.build.many import build_all

    return len(build_all(paths, options, log=log))
