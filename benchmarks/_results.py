"""Shared by the benchmarks: peak memory and the results table. Not a benchmark itself (`make bench`
runs only the files that do not start with an underscore)."""

import resource


def peak_mb() -> float:
    """This process's peak resident set so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def print_header(columns, width: int) -> None:
    """``columns``: (key, title) pairs, as ``print_row`` takes them."""
    print(" | ".join(f"{title:>{width}}" for _, title in columns))


def print_row(row: dict, columns, width: int) -> None:
    print(" | ".join(f"{row[key]:>{width},}" if isinstance(row[key], int) else f"{row[key]:>{width}}"
                     for key, _ in columns), flush=True)
