"""The staffing planner's phases, component by component: in this process, or in forked workers.

A phase (people under contract, then the waiting list) is one flow problem per connected component
of the candidate graph, each solved by the planner's ``_solve_component``, passed in (this module
imports nothing of the planner). Components share nothing, so they may be solved in any order and
any process: the plan is the same whatever the number of workers.

Figures below are from benchmarks/planner_engine.py's instances unless said otherwise.

Why processes: OR-Tools' ``solve()`` keeps the GIL, two threads take as long as one. The start
method is fork: workers inherit the phase and the canonical arrays copy-on-write, nothing of them is
pickled; a component number goes out, its arc flows and solver seconds come back. A pool of two
costs about 10 ms (6 to 9 ms measured, whether this process holds nothing or 1.5 GB), while small
components solve at about 500,000 arcs a second: parallel starts to pay when the workers spare about
10,000 arcs of serial work (measured: 1,000 people, 4,400 arcs spared, 9 ms lost; 6,000 people,
38,000 arcs spared, 40 ms won). A phase goes parallel from ``PARALLEL_MIN_ARCS`` spared arcs; the
largest component bounds the time, so a phase made of one big component stays serial. Components
with nothing to place (nobody with hours, or no room left) are not solved at all, nor counted.

Scheduling: longest processing time first. Components are queued by decreasing arcs and each worker
takes the next one when done, so the largest starts at once and small ones fill the gaps. This
process only waits, and loses nothing by it: the solve phase takes half the serial work plus the
pool (61,000 people: 1.5 s against 2.7 s serial), or the largest component alone when that is more
(600,000 people: one component of 2.3 million arcs solves in 45 s of the 69 s; the phase takes 46 s).
Helping would save the pool, about 10 ms, and share two cores three ways.

Safety. A worker that dies (killed, out of memory) breaks the pool: the others are terminated and
the planner's error raised, nothing hangs. An error raised in a worker is raised again here, once
the tasks already running end (those not started are cancelled).
Workers leave by ``os._exit`` (multiprocessing's fork start), so they run no atexit handler and no
finalizer of what they inherited: a database connection open in this process (Django's) is neither
used nor closed by them. Fork copies only the calling thread: a lock held by another thread at that
moment stays held in the worker, which is harmless as long as the tasks take none (numpy and
OR-Tools only).

Memory: a worker's resident size starts at what it inherits, shared with this process, not copied.
Its own memory at its peak is at most its peak resident growth since fork plus the shared pages it
has copied by writing to them (mostly its allocator reusing inherited free memory: about 15 MB a
worker at 61,000 people, 125 MB at 600,000), counted at its end (copies only accumulate) from
/proc/<pid>/smaps_rollup on Linux. ``Phase.extra_kb`` sums them over the workers: this process's
peak plus it bounds the total peak, since the workers only live during the phase (600,000 people:
1.35 GB + 0.99 GB = 2.33 GB; the process tree's proportional set size, sampled, peaked at 2.18 GB).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

import numpy as np

# Each worker holds one component's solver at a time: memory grows with the number of workers.
MAX_WORKERS = 2
PARALLEL_MIN_ARCS = 20_000


def default_workers() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def worth_it(sizes: Sequence[int], workers: int, min_arcs: int) -> bool:
    """Whether ``workers`` processes spare at least ``min_arcs`` arcs of serial work, and some. A
    daemonic process (a multiprocessing worker itself) may not start any."""
    total = sum(sizes)
    spared = total - max(max(sizes, default=0), total / max(workers, 1))
    return spared > 0 and spared >= min_arcs and not multiprocessing.current_process().daemon


class Phase:
    """One phase on the arcs of ``arcs_mask``: ``canon`` is the planner's canonical problem, ``tie``
    the tie-break term of each arc, ``solve`` the planner's ``_solve_component``. After ``run``:
    ``flow`` (each arc's), ``seconds`` (in OR-Tools, summed), ``wall``, ``workers`` and ``extra_kb``."""

    def __init__(self, canon, arc_label, n_components, arcs_mask, act_cap, person_weight, tie, solve):
        self.canon, self.act_cap, self.person_weight, self.tie, self.solve = (
            canon, act_cap, person_weight, tie, solve)
        selected = np.flatnonzero(arcs_mask)
        self.order = selected[np.argsort(arc_label[selected], kind="stable")]
        label = arc_label[self.order]
        self.bounds = np.searchsorted(label, np.arange(n_components + 1))

        def some(has):  # by component: whether any of its arcs has it
            return np.bincount(label, weights=has, minlength=n_components) > 0

        # Busy components have something to place: someone with hours, an activity with room.
        busy = some(canon.chosen[canon.arc_p[self.order]] > 0) & some(act_cap[canon.arc_a[self.order]] > 0)
        self.sizes = np.where(busy, np.diff(self.bounds), 0)  # in arcs
        self.flow, self.seconds, self.wall, self.workers, self.extra_kb = (
            np.zeros(canon.arc_p.size, np.int64), 0.0, 0.0, 1, 0)

    def __call__(self, c: int):
        """Component ``c``: the flow of its arcs and the solver's seconds."""
        canon, arcs = self.canon, self.order[self.bounds[c]:self.bounds[c + 1]]
        people, p_local = np.unique(canon.arc_p[arcs], return_inverse=True)
        activities, a_local = np.unique(canon.arc_a[arcs], return_inverse=True)
        weight = None if self.person_weight is None else self.person_weight[people]
        return self.solve(p_local, a_local, canon.chosen[people], self.act_cap[activities],
                          canon.arc_fit[arcs], canon.arc_kept[arcs], self.tie[arcs], weight)

    def take(self, c: int, result) -> None:
        self.flow[self.order[self.bounds[c]:self.bounds[c + 1]]] = result[0]
        self.seconds += result[1]

    def run(self, workers: int, min_arcs: int, error: type[Exception]) -> Phase:
        """Solve the busy components, in ``workers`` forked processes if ``worth_it``; ``error`` is
        raised when a worker dies."""
        started = time.perf_counter()
        tasks = np.flatnonzero(self.sizes).tolist()
        if worth_it(self.sizes[tasks].tolist(), workers, min_arcs):
            self.workers, self.extra_kb = _in_workers(self, tasks, workers, error)
        else:
            for c in tasks:
                self.take(c, self(c))
        self.wall = time.perf_counter() - started
        return self


_phase: Phase | None = None  # in a worker: the phase it inherited
_base_kb = 0  # in a worker: its peak resident size at fork, that is its resident size then


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def _adopt(phase: Phase) -> None:
    global _phase, _base_kb
    gc.freeze()  # the collector leaves inherited objects alone: it would copy their pages to mark them
    _phase, _base_kb = phase, _maxrss_kb()


def _call(c: int):
    result = _phase(c)
    return result, os.getpid(), _base_kb, _maxrss_kb()


def _copied_kb(pid: int, base_kb: int) -> int:
    """The inherited pages a worker has copied: its private pages less those it added (Linux)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            kb = {line.split()[0]: int(line.split()[1]) for line in rollup if line.endswith("kB\n")}
    except OSError:
        return 0
    return max(0, kb["Private_Clean:"] + kb["Private_Dirty:"] - (kb["Rss:"] - base_kb))


def _in_workers(phase: Phase, tasks: list[int], workers: int, error: type[Exception]) -> tuple[int, int]:
    """Largest first (module docstring); the processes used and the workers' own memory (kB, summed)."""
    workers, memory = min(workers, len(tasks)), {}
    # initargs are not pickled under fork: the worker finds the phase in its copy of this process.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(phase,))
    try:
        pending = {pool.submit(_call, c): c for c in sorted(tasks, key=lambda c: (-phase.sizes[c], c))}
        while pending:
            done, _ = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                result, pid, base_kb, peak_kb = future.result()  # a worker's error, or BrokenProcessPool
                phase.take(pending.pop(future), result)
                memory[pid] = base_kb, max(peak_kb, memory.get(pid, (0, 0))[1])
        extra_kb = sum(peak - base + _copied_kb(pid, base) for pid, (base, peak) in memory.items())
    except BrokenProcessPool as lost:
        raise error(f"a planner worker process died: {lost}") from lost
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return workers, extra_kb
