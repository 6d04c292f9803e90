"""LibreOffice user profiles: one per running LibreOffice (two sharing one fail silently).

Kept between builds in the user cache (lo-profile/<slot>, locked while in use) because a fresh
profile costs a quarter of a second more to start; a temporary folder when no slot is free.
Every profile is seeded (`seed`) so that LibreOffice skips its graphics self-test at start.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from politidok.core.paths import cache_dir


def _profile_root() -> Path:
    return cache_dir("lo-profile")


class Profile:
    """A LibreOffice user profile of its own: a kept slot if one is free, else a temporary folder."""

    def __init__(self) -> None:
        self.lock = None
        self.temporary = False
        root = _profile_root()
        try:
            root.mkdir(parents=True, exist_ok=True)
            for slot in range(16):
                handle = open(root / f"{slot}.lock", "w")  # noqa: SIM115 - held while the office runs
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    handle.close()
                    continue
                self.lock, self.path = handle, root / str(slot)
                return
        except OSError:
            pass
        self.path = Path(tempfile.mkdtemp(prefix="politidok-lo-"))
        self.temporary = True

    def reset(self) -> None:
        """After a failure: start the next LibreOffice with a clean profile."""
        shutil.rmtree(self.path, ignore_errors=True)

    def release(self) -> None:
        if self.temporary:
            shutil.rmtree(self.path, ignore_errors=True)
        if self.lock:
            self.lock.close()
            self.lock = None


# LibreOffice (7.2 and later) runs its graphics render tests at start "once after an upgrade":
# when the profile's ooSetupLastVersion is older than the running version. Only the start
# centre's "What's new" bar updates that value, so a headless LibreOffice never does, and runs
# the tests at every start: 16 bitmaps of 4096 x 4096 pixels (64 MiB each) drawn and compared,
# most of a headless start's time. The tests only decide how to draw on a screen, which a PDF
# export never uses. Measured and explained in docs/konvertering.md.
EMPTY_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    "</oor:items>\n"
)

# A template is untrusted input (issue 24), and LibreOffice loads what a document links to: a picture
# linked from http:// or file:// (fetched during the conversion and embedded in the PDF), a linked OLE
# object or section. politidok refuses such templates (render.package), and LibreOffice is set up so that
# it loads nothing from outside a document even if a check misses one:
# - BlockUntrustedRefererLinks: no linked picture, OLE object or section is loaded for a document from a
#   place that is not a trusted location (no location is trusted here): measured with LibreOffice 7.4,
#   a linked http:// picture was fetched and a file:// one embedded without it, neither with it;
# - Writer's link update mode 0: links are never updated when a document is loaded;
# - macros are never run (security level «very high», and macro execution off).
# The UNO back-end also loads each document with MacroExecutionMode NEVER_EXECUTE and UpdateDocMode
# NO_UPDATE (uno_bridge.py).
SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),
)


def _item(path: str, name: str) -> re.Pattern:
    return re.compile(
        rf'<item oor:path="{re.escape(path)}"><prop oor:name="{re.escape(name)}"[^>]*><value>([^<]*)</value></prop></item>\n?'
    )


LAST_VERSION = _item("/org.openoffice.Setup/Product", "ooSetupLastVersion")


@lru_cache(maxsize=8)
def product_version(soffice: str) -> str | None:
    """LibreOffice's version as the profile records it ("7.4"), from its bootstraprc; None if unknown."""
    try:
        program = Path(shutil.which(soffice) or soffice).resolve().parent
        text = (program / "bootstraprc").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"^ProductKey=.*?(\d+\.\d+)", text, re.MULTILINE)
    return found.group(1) if found else None


def seed(profile: Path, soffice: str) -> None:
    """Record in the profile that this LibreOffice version has started before (see above), and the
    settings that keep it from loading anything from outside a document (SETTINGS).

    Nothing else in the profile changes; a profile that cannot be written is left as it is
    (LibreOffice then only starts more slowly)."""
    version = product_version(soffice)
    wanted = [*SETTINGS, *([("/org.openoffice.Setup/Product", "ooSetupLastVersion", version)] if version else [])]
    registry = profile / "user" / "registrymodifications.xcu"
    try:
        text = registry.read_text(encoding="utf-8") if registry.is_file() else EMPTY_REGISTRY
        patterns = [_item(path, name) for path, name, _value in wanted]
        if all(
            (found := pattern.search(text)) and found.group(1) == value
            for pattern, (_p, _n, value) in zip(patterns, wanted)
        ):
            return
        for pattern in patterns:
            text = pattern.sub("", text)
        if "</oor:items>" not in text:
            return  # not a registry we understand: leave it to LibreOffice
        items = "".join(
            f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
            for path, name, value in wanted
        )
        text = text.replace("</oor:items>", items + "</oor:items>", 1)
        registry.parent.mkdir(parents=True, exist_ok=True)
        partial = registry.with_name(registry.name + ".politidok")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, registry)
    except (OSError, ValueError):  # ValueError: not UTF-8; LibreOffice deals with its own file
        pass
