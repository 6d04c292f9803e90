"""The build engine: planning through the document-kind registry, incremental state, the
document pipeline, the output folder's atomic swap, and the external programs (services).

Light to import (the CLI's no-op check uses build.state before anything heavy): the entry
points are imported on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BuildResult", "build", "check", "next_year"]


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildResult"):
        from politidok.build import engine

        return getattr(engine, name)
    if name == "check":
        from politidok.build import commands

        return commands.check
    if name == "next_year":
        from politidok.build import nextyear

        return nextyear.next_year
    raise AttributeError(name)
