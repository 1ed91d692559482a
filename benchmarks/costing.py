"""Costing 61,000 people with OpenFisca-France: the month before hiring and month 13 after.

Issue 5's target: at most 20 s and 1.5 GB peak summed over all processes, with results equal to the
cent to a plain array run (`costing.simulate` on the whole population, one scenario at a time).

- `seconds` runs from a fresh process's first import of the tax-benefit system (loading it is part
  of the work) to the last figure of both scenarios.
- `peak_mb` is the largest sum, over this process and its workers, of their proportional set size
  (PSS: shared pages divided among the processes sharing them), sampled every 50 ms from
  /proc/<pid>/smaps_rollup while the costing runs.
- The plain run comes after, in the same process, and is timed alone, on the first
  `plain_run_people` rows (see PLAIN_PEOPLE). It is OpenFisca as published: the fast run's
  replacements of OpenFisca-Core loops (`engines.openfisca_speedups`) are installed only in the
  workers, the plain run builds every payroll variable itself (no `engines.costing_wages`) and
  computes every benefit, even where nobody can have it (no `engines.costing_zeros`).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _costing_population import population  # noqa: E402

PEOPLE = int(os.environ.get("COSTING_BENCH_PEOPLE", "61000"))
# One OpenFisca simulation holds about 0.85 MB a household: a plain run of 61,000 would need 50 GB.
# The plain run takes the first rows, as many as fit; households are independent in OpenFisca, so
# they are a fair reference for the same rows of the fast run.
PLAIN_PEOPLE = min(PEOPLE, int(os.environ.get("COSTING_BENCH_PLAIN_PEOPLE", "6100")))
HIRED_ON = date(2026, 1, 1)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


class TreeMemory(threading.Thread):
    """Samples the PSS of this process and its descendants; `peak_kb` is the largest sum seen."""

    def __init__(self, interval: float = 0.05):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            pids, todo = [], [os.getpid()]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(_children(pid))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))
            time.sleep(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


def main() -> None:
    households = population(PEOPLE)
    memory = TreeMemory()
    memory.start()
    started = time.perf_counter()
    from jobfactory.engines import costing, costing_batch
    from jobfactory.engines.legislation import openfisca_france_version, tax_benefit_system

    tax_benefit_system()
    loaded = time.perf_counter() - started
    before = costing.Scenario(date(HIRED_ON.year - 1, 12, 1) if HIRED_ON.month == 1
                              else HIRED_ON.replace(month=HIRED_ON.month - 1), worked_months=0)
    after = costing.Scenario(HIRED_ON.replace(year=HIRED_ON.year + 1), worked_months=13)
    fast = costing_batch.cost_population(households, [before, after])
    seconds = time.perf_counter() - started
    memory.stop()
    distinct = len(costing_batch.situation_keys(households)[0])

    import numpy as np

    sample = households.take(np.arange(PLAIN_PEOPLE))
    started = time.perf_counter()
    plain = [costing.simulate(sample, scenario) for scenario in (before, after)]
    plain_seconds = time.perf_counter() - started
    equal = all(
        (fast_costs.computed[key][:PLAIN_PEOPLE] == plain_costs.computed[key]).all()
        for fast_costs, plain_costs in zip(fast, plain, strict=True) for key in costing.ITEM_KEYS
    )
    effect = sum(
        (plain[1].computed[item.key] - plain[0].computed[item.key]) * (1 if item.side == "receipts" else -1)
        for item in costing.ITEMS
    )
    figures = {
        "people": PEOPLE,
        "seconds": round(seconds, 2),
        "peak_mb": round(memory.peak_kb / 1024),
        "plain_run_seconds": round(plain_seconds, 2),
        "plain_run_people": PLAIN_PEOPLE,
        "equal_to_plain_run": bool(equal),
        "distinct_situations": distinct,
        "load_seconds": round(loaded, 2),
        "workers": costing_batch.MAX_WORKERS,
        "chunk": costing_batch.DEFAULT_CHUNK,
        "scenarios": [f"{before.month:%Y-%m} before hiring", f"{after.month:%Y-%m} month 13 after hiring"],
        "mean_direct_effect_eur_per_month": round(float(effect.mean()) / 100, 2),
        "openfisca_france": openfisca_france_version(),
    }
    for key, value in figures.items():
        print(f"{key:34s} {value}")
    out = Path("var/bench/costing.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    if not equal:
        sys.exit("costing: the fast run differs from the plain run")


if __name__ == "__main__":
    main()
