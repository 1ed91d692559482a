"""Checks on the integer arrays the engines take in."""

import numpy as np


def int_array(values) -> np.ndarray:
    """``values`` as a flat int64 array; refuses anything that is not integers."""
    array = np.asarray(values)
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError("expected integers")
    return array.astype(np.int64, copy=False).reshape(-1)


def has_duplicates(values: np.ndarray) -> bool:
    # A sort, not np.unique: numpy 2's hashed unique took 8 s on the 10 million arcs of
    # benchmarks/planner.py's 600,000 people, the sort 1 s.
    ordered = np.sort(values)
    return bool(np.any(ordered[1:] == ordered[:-1]))
