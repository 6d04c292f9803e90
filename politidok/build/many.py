"""Every region in one run (`politidok build --alle`): one set of LibreOffices (and a JVM, with
POLITIDOK_PDFBOX=1) for all.

Regions are built side by side in a few threads that share the running programs (Services), so
one region renders and assembles while LibreOffice converts another's documents: the converter's
queue never runs dry between regions. Each region is still built by build.engine.build, all or
nothing into output/<region>/, byte for byte as its own build would make it. A region that fails
leaves its folder as it was; the others go on, and the failures are reported together at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from politidok import convert
from politidok.build.services import Services
from politidok.core import layout
from politidok.core.errors import InputError, Problem, report
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths

if TYPE_CHECKING:
    from politidok.build.engine import BuildResult


def regions(paths: Paths) -> list[str]:
    """Every region under agreements/ (a folder with an avtale.yaml), sorted."""
    if not paths.agreements.is_dir():
        return []
    return sorted(
        p.name
        for p in paths.agreements.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / layout.AGREEMENT).is_file()
    )


def width(services: Services) -> int:
    """How many regions are under way at once: one per LibreOffice, and one more that renders."""
    return services.converter().workers + 1


@dataclass
class Outcome:
    region: str
    result: BuildResult | None = None  # of a region built now
    error: BaseException | None = None
    up_to_date: bool = False  # nothing had changed: not even loaded


def build_all(
    paths: Paths = Paths(),
    options: BuildOptions = BuildOptions(),
    log: Callable[[str], None] = lambda _msg: None,
    services: Services | None = None,
    names: list[str] | None = None,
    detail: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Build every region (or `names`) into paths.output/<region>/; raise when any failed.

    The failures of all regions are reported together (RegionsFailed: exit code 2 when all are
    input problems, else 1); the regions that succeeded are in output/ either way. `log` gets a
    line per finished region, `detail` (if given) every region's own build log, prefixed."""
    todo = names if names is not None else regions(paths)
    if not todo:
        raise InputError([_no_regions(paths)])
    own = services is None
    services = services or Services(workers=convert.worker_count(kept=True))  # no start to save: one per core
    lock = threading.Lock()
    done = [0]

    def one(region: str) -> Outcome:
        def say(message: str) -> None:
            if detail is not None:
                with lock:
                    detail(f"{region}: {message}")

        outcome = Outcome(region)
        try:
            outcome.result = build(region, paths, options, log=say, services=services)
        except Exception as exc:  # noqa: BLE001 - every region's failure is reported at the end
            outcome.error = exc
        with lock:
            done[0] += 1
            summary = (
                "feilet"
                if outcome.result is None  # failed: outcome.error says how
                else ("uendret" if outcome.result.up_to_date else f"{len(outcome.result.rebuilt)} dokumenter laget")
            )
            log(f"[{done[0]}/{len(todo)}] {region}: {summary}")
        return outcome

    from politidok.build import state

    key = options.stamp_key
    fresh = {r for r in todo if state.up_to_date(paths.output, r, paths.agreements / r, paths.templates, key)}
    for region in todo:
        if region in fresh:  # no LibreOffice is started when nothing changed
            done[0] += 1
            log(f"[{done[0]}/{len(todo)}] {region}: uendret")
    stale = [r for r in todo if r not in fresh]
    outcomes = {r: Outcome(r, up_to_date=True) for r in fresh}
    if stale:
        try:
            services.start()  # before the threads (they share one converter and one checker), and
            from politidok.build.engine import build  # before the imports: LibreOffice boots meanwhile

            with ThreadPoolExecutor(
                max_workers=min(width(services), len(stale)), thread_name_prefix="politidok-region"
            ) as pool:
                try:
                    outcomes.update((o.region, o) for o in pool.map(one, stale))
                except BaseException:  # Ctrl-C, SIGTERM: the regions not begun are not begun
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        finally:
            if own:
                services.close()
    result = [outcomes[r] for r in todo]
    _raise_failures(result)
    return result


def _no_regions(paths: Paths) -> Problem:
    return Problem(str(paths.agreements), 1, "", "fant ingen regioner (mapper med avtale.yaml)")


class RegionsFailed(InputError):
    """Some regions failed: every input problem at once (exit code 2), or a tool failure (exit code 1)."""

    def __init__(self, failed: list[Outcome], total: int) -> None:
        super().__init__([p for o in failed if isinstance(o.error, InputError) for p in o.error.problems])
        self.failed, self.total = failed, total
        self.exit_code = 2 if all(isinstance(o.error, InputError) for o in failed) else 1

    def report(self, limit: int = 100) -> str:
        names = ", ".join(o.region for o in self.failed)
        lines = [f"{len(self.failed)} av {self.total} regioner feilet: {names}."]
        for o in self.failed:
            assert o.error is not None  # a failed region's outcome has its error
            message = o.error.report(limit) if isinstance(o.error, InputError) else report(o.error)[0]
            lines += [f"{o.region}:", *(f"  {line}" for line in message.splitlines())]
        built = self.total - len(self.failed)
        lines.append(
            f"Regionene som feilet er ikke endret i output/; de andre {built} er bygget."
            if built
            else "Ingenting er skrevet til output/."
        )
        return "\n".join(lines)


def _raise_failures(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        raise RegionsFailed(failed, len(outcomes))
