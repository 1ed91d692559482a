"""Costing a whole population: identical situations once, in chunks, on both cores.

`costing.simulate` on the whole population is the reference ("the plain run"). This module gives the
same figures to the cent, faster and in less memory:
- identical situations (every input OpenFisca sees) are simulated once and their results shared;
- the distinct situations go in chunks: OpenFisca keeps every intermediate array of every month it
  computed, about 0.85 MB a household over three years of months, so a chunk bounds the memory;
- chunks run in forked workers, which inherit the loaded tax-benefit system copy-on-write. A worker
  keeps the legislation's parameters it has read (about 0.1 s to build for a new month) for its
  later chunks.

Households are independent in OpenFisca (every formula works within an entity), which is what makes
sharing and chunking exact; the benchmark checks it against the plain run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from jobfactory.engines import costing

# About 0.85 MB a household (three years of monthly history): 1,000 a chunk keeps a worker near 1 GB.
DEFAULT_CHUNK = 1000
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


# Set in the parent just before forking: workers read it, nothing is pickled but chunk numbers.
_JOB: dict = {}


def _run_chunk(task: tuple[int, int]) -> tuple[int, int, dict[str, np.ndarray]]:
    scenario_index, chunk_index = task
    rows = _JOB["chunks"][chunk_index]
    costs = costing.simulate(_JOB["households"].take(rows), _JOB["scenarios"][scenario_index],
                             employer_headcount=_JOB["headcount"])
    return scenario_index, chunk_index, costs.computed


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
    chunks = [np.arange(start, min(start + chunk, len(first))) for start in range(0, len(first), chunk)]
    tasks = [(s, c) for s in range(len(scenarios)) for c in range(len(chunks))]
    results: dict[int, dict[int, dict[str, np.ndarray]]] = {s: {} for s in range(len(scenarios))}
    _JOB.update(households=distinct, scenarios=list(scenarios), chunks=chunks, headcount=employer_headcount)
    workers = min(workers or MAX_WORKERS, len(tasks), os.cpu_count() or 1)
    try:
        if workers <= 1:
            outputs = map(_run_chunk, tasks)
            for done, (s, c, computed) in enumerate(outputs, start=1):
                results[s][c] = computed
                if progress:
                    progress(done, len(tasks))
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = [pool.submit(_run_chunk, task) for task in tasks]
                for done, future in enumerate(as_completed(futures), start=1):
                    s, c, computed = future.result()
                    results[s][c] = computed
                    if progress:
                        progress(done, len(tasks))
    finally:
        _JOB.clear()
    costs = []
    for s, scenario in enumerate(scenarios):
        computed = {
            key: np.concatenate([results[s][c][key] for c in range(len(chunks))])[inverse]
            if chunks else np.zeros(0, np.int64)
            for key in costing.ITEM_KEYS
        }
        costs.append(costing.Costs(scenario=scenario, computed=computed))
    return costs

