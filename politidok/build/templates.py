"""Template lint with the registry's variable catalogue (render.lint knows no kinds itself)."""

from __future__ import annotations

from pathlib import Path

from politidok.core.errors import Problem


def lint_templates(root: Path, names: list[Path] | None = None) -> list[Problem]:
    from politidok.documents.catalogue import catalogue, contexts
    from politidok.render import lint

    return lint.lint_templates(root, names, catalogue, contexts)
