"""What the benchmarks measure about processes: machine CPU from /proc/stat, and a sampler that
follows a process tree (politidok, its LibreOffices, bridges and the JVM) for CPU per program
and peak resident memory.

LibreOffice is started in a session of its own and may outlive the politidok process by a
moment, so the sampler follows the tree by parent links from the root pid, remembering every
process it has seen, and keeps each one's last CPU reading after it is gone.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Self

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_times() -> list[tuple[float, float]]:
    """(busy, total) seconds per core since boot, from /proc/stat."""
    out = []
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu") and line[3:4].isdigit():
            v = [int(x) for x in line.split()[1:]]
            idle = v[3] + (v[4] if len(v) > 4 else 0)
            total = sum(v[:8])
            out.append(((total - idle) / TICK, total / TICK))
    return out


def per_core_use(before: list[tuple[float, float]], after: list[tuple[float, float]]) -> list[float]:
    """Share of each core that was busy between two cpu_times() readings (0..1); the whole machine."""
    return [(b1 - b0) / (t1 - t0) if t1 > t0 else 0.0 for (b0, t0), (b1, t1) in zip(before, after)]


def _stat(pid: int) -> tuple[str, int, float, int] | None:
    """(name, parent, cpu seconds, rss bytes) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    f = raw[raw.rindex(")") + 2 :].split()
    return name, int(f[1]), (int(f[11]) + int(f[12])) / TICK, int(f[21]) * PAGE


def _group(name: str) -> str:
    if name.startswith(("soffice", "oosplash", "gpgconf", "cppu")):  # cppu_threadpool: the UNO bridge's
        return "LibreOffice"
    if name == "java":
        return "Java (PDFBox)"
    if name.startswith(("python", "politidok")):
        return "Python"
    return name


class Sampler:
    """Samples the tree under `root` every `every` seconds in a thread: CPU by program, peak RSS."""

    def __init__(self, root: int, every: float = 0.1) -> None:
        self.root, self.every = root, every
        self.seen: dict[int, tuple[str, float]] = {}  # pid -> (group, cpu seconds since the first sample)
        self.base: dict[int, float] = {}  # pid -> cpu seconds it had used before the first sample
        self.first = True
        self.members: set[int] = {root}
        self.peak_rss = 0
        self.peak_by_program: dict[str, int] = {}
        self.samples: list[tuple[float, int]] = []  # (time, rss)
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self.start = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_flag.set()
        self.thread.join()

    def _sample(self) -> None:
        stats = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                st = _stat(int(entry.name))
                if st:
                    stats[int(entry.name)] = st
        changed = True
        while changed:  # close the tree over parent links
            changed = False
            for pid, (_n, parent, _c, _r) in stats.items():
                if pid not in self.members and parent in self.members:
                    self.members.add(pid)
                    changed = True
        rss = 0
        by_program: dict[str, int] = {}
        for pid in self.members:
            if pid in stats:
                name, _p, cpu, r = stats[pid]
                by_program[_group(name)] = by_program.get(_group(name), 0) + r
                if pid not in self.base:  # a process that ran before the sampler: count from now
                    self.base[pid] = cpu if self.first else 0.0
                self.seen[pid] = (_group(name), cpu - self.base[pid])
                rss += r
        self.first = False
        self.peak_rss = max(self.peak_rss, rss)
        for group, r in by_program.items():
            self.peak_by_program[group] = max(self.peak_by_program.get(group, 0), r)
        self.samples.append((time.perf_counter() - self.start, rss))

    def _run(self) -> None:
        while not self.stop_flag.is_set():
            self._sample()
            self.stop_flag.wait(self.every)
        self._sample()

    def cpu_by_program(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for group, cpu in self.seen.values():
            out[group] = out.get(group, 0.0) + cpu
        return out
