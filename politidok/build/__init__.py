"""The build engine: planning through the document-kind registry, incremental state, the
document pipeline, the output folder's atomic swap, and the external programs (services).

Light to import (the CLI's no-op check uses build.state before anything heavy): the entry
points are imported on first use.
"""

from __future__ import annotations

__all__ = ["BuildResult", "build", "check", "next_year"]


def __getattr__(name: str):
    if name in ("build", "BuildResult"):
        from politidok.build import engine

        return getattr(engine, name)
    if name in ("check", "next_year"):
        from politidok.build import commands

        return getattr(commands, name)
    raise AttributeError(name)
