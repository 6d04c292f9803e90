"""Template lint with the registry's variable catalogue (render.lint knows no kinds itself).

Before any template is opened: no linked folder under the templates (`templates/nb` a link: the
build's up-to-date check would not see behind it), and no template larger than any input may be.
"""

from __future__ import annotations

import os
from pathlib import Path

from politidok.core.errors import Problem


def lint_templates(root: Path, names: list[Path] | None = None) -> list[Problem]:
    from politidok.documents.catalogue import catalogue, contexts
    from politidok.render import lint

    problems = folder_problems(root, names)
    if problems:
        return problems
    return lint.lint_templates(root, names, catalogue, contexts)


def folder_problems(root: Path, names: list[Path] | None = None) -> list[Problem]:
    """Linked folders under `root`, and templates (`names`, or every .docx under `root`) too large to read."""
    from politidok.load.files import MAX_FILE_BYTES, linked_folders

    problems = linked_folders(root, lambda p: p.as_posix())
    for path in names if names is not None else sorted(root.rglob("*.docx")):
        try:
            size = os.stat(path).st_size
        except OSError:
            continue  # the lint says what is wrong with it
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    path.as_posix(),
                    1,
                    "",
                    f"malen er for stor ({size:,} byte; høyst {MAX_FILE_BYTES:,})".replace(",", " "),
                )
            )
    return problems
