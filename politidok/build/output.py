"""Where a build writes: a staging folder beside output/<region>/, swapped into place in one step.

A build writes everything into output/.<region>-XXXX/<region>/ and, only when all of it
succeeded, exchanges that folder with output/<region>/ atomically (renameat2 RENAME_EXCHANGE,
Linux 3.15+): at every instant output/<region>/ is either the old or the new complete folder.
Where the file system cannot exchange, the old folder is renamed aside first (two renames).
A lock per region keeps two builds of one region apart; temp folders left by a build that was
killed are removed by the next one (its own region's only: `.midt-XXXXXXXX`, never `.midt-troms-…`).
A failure of the environment (a full disk, a folder politidok may not write to, `--output /proc`)
is said as such (core.errors.environment_error), and leaves output/ as it was.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

from politidok.core import signals
from politidok.core.errors import ToolError, environment_error

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
        for stale in output.iterdir():
            if is_work_dir(stale.name, region) and stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        yield


# 8 characters of [a-z0-9_] after «.REGION-» (also the names of tempfile, which made them before):
# never a «-», which a longer region's name would have there
_RANDOM = "[a-z0-9_]{8}"


def is_work_dir(name: str, region: str) -> bool:
    """Is `name` a work folder of `region` (.REGION-XXXXXXXX)? Not of a region whose name starts
    with it: `.midt-troms-abcd1234` belongs to midt-troms, not to midt."""
    return re.fullmatch(rf"\.{re.escape(region)}-{_RANDOM}", name) is not None


def work_dir(output: Path, region: str) -> Path:
    """A new work folder for one build, output/.REGION-XXXXXXXX (ToolError when output/ cannot hold it).

    A signal (Ctrl-C, SIGTERM) that comes while it is made is delivered after, and the folder removed:
    the caller gets the folder or an exception, never a folder it does not know of."""
    path = None
    try:
        with signals.uninterrupted():
            while path is None:
                candidate = output / f".{region}-{secrets.token_hex(4)}"
                try:
                    candidate.mkdir(mode=0o700)
                    path = candidate
                except FileExistsError:
                    continue
    except OSError as exc:  # named by output/, not by the work folder's random name
        raise environment_error(OSError(exc.errno, exc.strerror), output, "Ingenting er skrevet til output/.") from None
    except BaseException:
        if path is not None:
            discard(path)
        raise
    return path


def prepare(output: Path) -> None:
    """output/ exists and is a folder politidok can write in (else ToolError: exit 1, nothing written)."""
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise environment_error(exc, output, "Velg en annen mappe med --output.") from None
    if not output.is_dir():
        raise ToolError(f"{output}: er ikke en mappe. Velg en mappe med --output.")


def discard(work: Path) -> None:
    """Remove a build's work folder, all of it, also when a signal comes meanwhile."""
    with signals.uninterrupted():
        shutil.rmtree(work, ignore_errors=True)


def full(folder: Path, margin: int = 1 << 20) -> bool:
    """Is the disk under `folder` (nearly) full? Asked after a failure whose own message may not say so
    (LibreOffice's «Error Area:Io»)."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < margin


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
        try:
            staging.rename(target)
        except BaseException:
            old.rename(target)  # the old folder back in place: old or new, never neither
            raise
        shutil.rmtree(old)
    else:
        staging.rename(target)
