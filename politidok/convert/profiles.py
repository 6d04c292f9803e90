"""LibreOffice user profiles: one per running LibreOffice (two sharing one fail silently).

Kept between builds in the user cache (lo-profile/<slot>, locked while in use) because a fresh
profile costs a quarter of a second more to start; a temporary folder when no slot is free.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
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
