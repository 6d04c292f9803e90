"""Where a build writes: a staging folder beside output/<region>/, swapped into place in one step.

A build writes everything into output/.<region>-XXXX/<region>/ and, only when all of it
succeeded, exchanges that folder with output/<region>/ atomically (renameat2 RENAME_EXCHANGE,
Linux 3.15+): at every instant output/<region>/ is either the old or the new complete folder.
Where the file system cannot exchange, the old folder is renamed aside first (two renames).
A lock per region keeps two builds of one region apart; temp folders left by a build that was
killed are removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from politidok.core.errors import ToolError

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def fault(step: str) -> None:
    """Fault injection for the tests: POLITIDOK_FAULT=<step> ends the process at that step."""
    if os.environ.get("POLITIDOK_FAULT") == step:
        os._exit(70)


@contextmanager
def locked(output: Path, region: str):
    """Hold the region's build lock; clean temp folders that killed builds left behind."""
    import hashlib

    from politidok.core.paths import cache_dir

    key = hashlib.sha256(f"{output.resolve()}\0{region}".encode()).hexdigest()[:24]
    folder = cache_dir("locks")  # not in output/: a failed build leaves output/ exactly as it was
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{region}-{key}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ToolError(f"En annen bygging av «{region}» pågår allerede; vent til den er ferdig.") from None
        for stale in output.glob(f".{region}-*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        yield


def work_dir(output: Path, region: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{region}-", dir=output))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the kernel or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace(staging: Path, target: Path) -> None:
    """Put the finished `staging` folder in place of `target` (old or new, never neither)."""
    if target.exists() and _exchange(staging, target):
        fault("swapped")
        shutil.rmtree(staging)  # the old folder, now at the staging path
        return
    if target.exists():
        old = staging.with_name(staging.name + ".forrige")
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)
