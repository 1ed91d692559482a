"""Costing a whole population: identical situations once, the wage side once, in chunks, on both cores.

`costing.simulate` on the whole population is the reference ("the plain run"). This module gives the
same figures to the cent, faster and in less memory:
- identical situations (every input OpenFisca sees) are simulated once and their results shared;
- the payroll variables are computed once per distinct pay history (`costing_wages`);
- households claiming the same benefits go in the same chunks, where the branches of the benefits
  nobody in the chunk can have are not computed (`costing_zeros`);
- two of OpenFisca-Core's per-element loops run per distinct value (`openfisca_speedups`);
- the distinct situations go in chunks: OpenFisca keeps every intermediate array of every month it
  computed, so a chunk bounds the memory;
- chunks run in forked workers, which inherit the loaded tax-benefit system copy-on-write. Each
  worker takes a contiguous run of (scenario, chunk) tasks, so that it builds the wage side and
  reads the legislation's parameters of as few scenarios as possible, then reuses them.

Households are independent in OpenFisca (every formula works within an entity), which is what makes
sharing and chunking exact; the benchmark checks it against the plain run.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import numpy as np

from jobfactory.engines import costing, costing_wages, openfisca_speedups

# Households a simulation takes at once. Measured on the benchmark's population: larger chunks
# spread the fixed cost of a simulation (about 0.7 s) but hold more memory.
DEFAULT_CHUNK = 16000
MAX_WORKERS = 2


def situation_keys(households: costing.Households) -> tuple[np.ndarray, np.ndarray]:
    """Rows of identical situations: (index of one representative per situation, situation of each row)."""
    n = len(households)
    _, commune = np.unique(households.commune, return_inverse=True)
    columns = [
        households.birth.astype("datetime64[D]").astype(np.int64),
        households.partner_birth.astype("datetime64[D]").astype(np.int64),
        np.asarray(households.partner_gross, dtype=np.int64),
        *households.children_birth.astype("datetime64[D]").astype(np.int64).T,
        np.asarray(households.housing, dtype=np.int64),
        np.asarray(households.rent, dtype=np.int64),
        commune.astype(np.int64),
        # Floats by their exact bits: rows share figures only if OpenFisca would see the same values.
        np.asarray(households.incapacity, dtype=np.float64).view(np.int64),
        np.asarray(households.ass_eligible, dtype=np.int64),
        np.asarray(households.are_gross, dtype=np.int64),
        np.asarray(households.weekly_hours, dtype=np.float64).view(np.int64),
    ]
    table = np.ascontiguousarray(np.column_stack(columns)) if n else np.zeros((0, len(columns)), np.int64)
    rows = table.view(np.dtype((np.void, table.dtype.itemsize * table.shape[1]))).ravel()
    _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def alike_first(households: costing.Households) -> np.ndarray:
    """The rows in an order that puts households claiming the same benefits together.

    A chunk in which nobody has a disability or the ASS computes none of their branches
    (`costing_zeros`): most households have neither, and fill whole chunks.
    """
    return np.lexsort((np.asarray(households.ass_eligible, dtype=bool),
                       np.asarray(households.incapacity) > 0))


# Set in the parent just before forking: workers read it, nothing is pickled but task numbers.
_JOB: dict = {}


def _wage_side(scenario_index: int) -> costing_wages.WageSide:
    """The scenario's wage side over all distinct situations, built once per process."""
    sides = _JOB.setdefault("wage_sides", {})
    if scenario_index not in sides:
        households, scenario = _JOB["households"], _JOB["scenarios"][scenario_index]
        pay = costing.wages(households, costing.layout(households), scenario)
        sides[scenario_index] = costing_wages.WageSide(pay, scenario, employer_headcount=_JOB["headcount"])
    return sides[scenario_index]


def _run_chunk(task: tuple[int, int]) -> tuple[int, int, dict[str, np.ndarray]]:
    scenario_index, chunk_index = task
    rows = _JOB["chunks"][chunk_index]
    with openfisca_speedups.installed():
        costs = costing_wages.simulate(_JOB["households"].take(rows), _JOB["scenarios"][scenario_index],
                                       employer_headcount=_JOB["headcount"],
                                       wage_side=_wage_side(scenario_index))
    # A simulation and its populations refer to each other: collect the chunk's arrays now, not
    # when the collector next happens to run, or a worker's memory grows chunk after chunk.
    gc.collect()
    return scenario_index, chunk_index, costs.computed


def _slices(tasks: list, workers: int) -> list[list]:
    """Contiguous runs of tasks of (nearly) equal length, one per worker."""
    bounds = np.linspace(0, len(tasks), workers + 1).round().astype(int)
    return [tasks[bounds[i]:bounds[i + 1]] for i in range(workers)]


def cost_population(
    households: costing.Households,
    scenarios: Sequence[costing.Scenario],
    *,
    employer_headcount: int = 100,
    workers: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> list[costing.Costs]:
    """The costs of every row at every scenario, equal to `costing.simulate` on the whole population."""
    first, inverse = situation_keys(households)
    distinct = households.take(first)
    order = alike_first(distinct)
    chunks = [order[start:start + chunk] for start in range(0, len(order), chunk)]
    tasks = [(s, c) for s in range(len(scenarios)) for c in range(len(chunks))]
    results: dict[int, dict[int, dict[str, np.ndarray]]] = {s: {} for s in range(len(scenarios))}
    _JOB.clear()
    _JOB.update(households=distinct, scenarios=list(scenarios), chunks=chunks, headcount=employer_headcount)
    workers = min(workers or MAX_WORKERS, len(tasks), os.cpu_count() or 1)
    done = 0

    def record(output):
        nonlocal done
        s, c, computed = output
        results[s][c] = computed
        done += 1
        if progress:
            progress(done, len(tasks))

    try:
        if workers <= 1:
            for task in tasks:
                record(_run_chunk(task))
        else:
            context = multiprocessing.get_context("fork")
            # Objects the workers inherit stay out of the collector's sight: its passes would write
            # to their pages and copy them into each worker. Unfrozen once the workers are done.
            gc.freeze()
            # One single-process pool per worker: its tasks run in order, in the same process.
            pools = [ProcessPoolExecutor(max_workers=1, mp_context=context) for _ in range(workers)]
            try:
                runs = zip(pools, _slices(tasks, workers), strict=True)
                pending = {pool.submit(_run_chunk, task) for pool, run in runs for task in run}
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        record(future.result())
            finally:
                for pool in pools:
                    pool.shutdown(cancel_futures=True)
                gc.unfreeze()
    finally:
        _JOB.clear()
    costs = []
    for s, scenario in enumerate(scenarios):
        computed = {}
        for key in costing.ITEM_KEYS:
            by_situation = np.zeros(len(first), np.int64)
            if chunks:
                by_situation[order] = np.concatenate([results[s][c][key] for c in range(len(chunks))])
            computed[key] = by_situation[inverse]
        costs.append(costing.Costs(scenario=scenario, computed=computed))
    return costs
