"""What a build is asked to do, beside which region: one options object instead of loose parameters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    """`only`: the kinds to build (empty: every kind); `ar`: only that year's evaluation report;
    `new_versions`: archived documents to make a corrected version of (build.ledger)."""

    only: frozenset[str] = frozenset()
    ar: int | None = None
    new_versions: tuple[str, ...] = ()

    @property
    def stamp_key(self) -> list:
        """What the no-op stamp of a build depends on besides its inputs."""
        return [sorted(self.only), self.ar]
