"""Statistical disclosure control for the open data: suppress small counts, and enough others.

Rule: a count in 1..threshold-1 (default 1..4) is never published ("primary" suppression); zeros are
published. Then "secondary" (complementary) cells are suppressed until no suppressed cell can be
recovered exactly from the published cells through the linear relations the caller declares: totals
(``Relation.total``), stock(m) - stock(m-1) - inflows(m) + outflows(m) = 0, and so on.

Exact recovery. With the published values fixed, the relations restricted to the suppressed cells S
are a system A_S x = b. Cell c is recoverable iff e_c lies in the row space of A_S, that is iff no
z with A_S z = 0 has z_c != 0 (otherwise x + t z is another solution). This is decided exactly:
fraction-free integer elimination, rational back-substitution, never a floating-point rank.

Not checked: interval (bound) disclosure. Counts are non-negative, so a reader can still narrow a
suppressed cell to a range: a published total of 7 whose suppressed parts are a 3 and a 4 tells each
is at most 7, and two suppressed parts summing to 6 tell both are small. Only exact recovery is
prevented; protection intervals need an LP audit (tau-Argus style), which this engine does not do.

The greedy loop. Primary cells are suppressed first; then, while some suppressed cell c is
recoverable, the engine takes a certificate y (y^T A_S = e_c: the relations that expose c) and
suppresses one published non-zero cell d of those relations, the first by this order (``_choose``):
  1. a cell not in ``totals`` before a total: margins are the most used figures;
  2. a cell that alone makes c unrecoverable before one that does not (exact test);
  3. a cell sharing a relation with c before a farther one: patterns stay local;
  4. the caller's ``cost(key, value)``, by default the value itself: least information lost;
  5. the sorted order of the keys: the same input always gives the same output.
Zeros are never suppressed unless the caller allows them as complements (``zero_complements``),
and never need to be: without that option every suppressed cell is non-zero (primaries by
definition, complements by choice), and for a recoverable c, y^T A x = 0 gives
x_c = -sum over the published cells p of (y^T A)_p x_p, so a non-zero x_c means a non-zero published
cell in the exposing relations. (A zero complement would also protect badly: readers guess zeros.)
Termination: every round either drops c from the queue (c is unrecoverable for good: the null space
only grows with S, so recoverability never comes back) or suppresses one more published cell; there
are finitely many cells, so the loop ends (at worst with every non-zero cell suppressed).

Components. Work is proportional to the connected component of suppressed cells (through shared
relations) being touched: a column reduction and a certificate only follow shared relations, so the
components never need to be split explicitly and every step reuses the elimination done so far.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

Key = Hashable


class DisclosureError(ValueError):
    """The input cannot be protected as given (inconsistent relation, bad value...)."""


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * value) == 0 over ``terms`` (integer coefficients)."""

    terms: Mapping[Key, int]
    name: str = ""

    @classmethod
    def total(cls, total: Key, parts: Iterable[Key], name: str = "") -> Relation:
        terms: dict[Key, int] = {total: 1}
        for part in parts:
            terms[part] = terms.get(part, 0) - 1
        return cls(terms, name)


@dataclass(frozen=True)
class Suppression:
    published: dict[Key, int | None]  # None: suppressed
    primary: set[Key]
    secondary: set[Key]


def _axpy(target: dict, source: dict, factor: int) -> None:
    """target += factor * source, keeping only non-zero entries."""
    for k, x in source.items():
        y = target.get(k, 0) + factor * x
        if y:
            target[k] = y
        else:
            target.pop(k, None)


class _Basis:
    """Column echelon form of A_S (rows: relations, columns: suppressed cells), grown one cell at a time.

    Vector i satisfies vec_i = A @ expr_i (expr over suppressed cells), is zero on the pivot rows of
    the vectors before it and non-zero on its own pivot row. A new column that reduces to zero gives a
    null vector expr of A_S; the null vectors so found form a basis of the null space (one per
    dependent column), so the union of their supports, ``free``, is exactly the set of unrecoverable
    suppressed cells. Adding cells only adds null vectors: ``free`` only grows.
    """

    def __init__(self, columns: list[dict[int, int]], row_len: list[int]):
        self.columns, self.row_len = columns, row_len
        self.vectors: list[tuple[int, dict[int, int], dict[int, int]]] = []
        self.pivot: dict[int, int] = {}  # row -> index of the vector pivoting on it
        self.row_users: dict[int, list[int]] = defaultdict(list)  # row -> vectors non-zero there
        self.cell_users: dict[int, list[int]] = defaultdict(list)  # cell -> vectors whose expr uses it
        self.free: set[int] = set()

    def reduce(self, cell: int) -> tuple[dict[int, int], dict[int, int]]:
        vec, expr = dict(self.columns[cell]), {cell: 1}
        # Eliminating vector i can only add entries on pivots of later vectors: a heap keeps the order.
        heap = [self.pivot[r] for r in vec if r in self.pivot]
        heapq.heapify(heap)
        queued = set(heap)
        while heap:
            i = heapq.heappop(heap)
            row, bvec, bexpr = self.vectors[i]
            a, b = vec.get(row, 0), bvec[row]
            if not a:
                continue
            scale, factor = (1, a // b) if a % b == 0 else (b // gcd(a, b), a // gcd(a, b))
            if scale != 1:  # fraction-free step, undone below by the content's gcd
                vec = {k: x * scale for k, x in vec.items()}
                expr = {k: x * scale for k, x in expr.items()}
            _axpy(vec, bvec, -factor)
            _axpy(expr, bexpr, -factor)
            for r in bvec:
                j = self.pivot.get(r)
                if j is not None and j > i and j not in queued:
                    heapq.heappush(heap, j)
                    queued.add(j)
            if scale != 1:
                g = gcd(*vec.values(), *expr.values())
                vec = {k: x // g for k, x in vec.items()}
                expr = {k: x // g for k, x in expr.items()}
        return vec, expr

    def add(self, reduced: tuple[dict[int, int], dict[int, int]]) -> None:
        vec, expr = reduced
        if not vec:
            self.free.update(expr)
            return
        # The shortest relation as pivot: fewer later columns meet it, so less fill-in.
        row = min(vec, key=lambda r: (self.row_len[r], r))
        i = len(self.vectors)
        self.vectors.append((row, vec, expr))
        self.pivot[row] = i
        for r in vec:
            self.row_users[r].append(i)
        for k in expr:
            self.cell_users[k].append(i)

    def certificate(self, cell: int) -> dict[int, Fraction]:
        """y with y^T A_S = e_cell, for a recoverable cell, non-zero on pivot rows only.

        With B = A E the vectors, y^T B = (expr_i[cell])_i is triangular in the pivot rows: solved
        from the last vector down, touching only vectors reached from ``cell``.
        """
        heap = [-i for i in self.cell_users[cell]]
        heapq.heapify(heap)
        queued = set(heap)
        y: dict[int, Fraction] = {}
        while heap:
            i = -heapq.heappop(heap)
            row, vec, expr = self.vectors[i]
            rhs = expr.get(cell, 0) - sum((y[r] * x for r, x in vec.items() if r in y), Fraction(0))
            if rhs:
                y[row] = Fraction(rhs) / vec[row]
                for j in self.row_users[row]:
                    if j < i and -j not in queued:
                        heapq.heappush(heap, -j)
                        queued.add(-j)
        return y


def _ordered(keys: Iterable[Key]) -> list[Key]:
    keys = list(keys)
    try:
        return sorted(keys)
    except TypeError:  # keys of mixed types: still a reproducible order
        return sorted(keys, key=repr)


def suppress(
    values: Mapping[Key, int],
    relations: Iterable[Relation | Mapping[Key, int]],
    *,
    threshold: int = 5,
    totals: Collection[Key] = (),
    cost: Callable[[Key, int], float] | None = None,
    zero_complements: bool = False,
) -> Suppression:
    """Suppress every count in 1..threshold-1 and enough complements that none can be recovered.

    ``totals``: keys to suppress only when no other cell will do. ``cost(key, value)``: among
    otherwise equal candidates the lowest is suppressed first (default: the value).
    ``zero_complements``: zeros may be suppressed as complements too. In a chain of stocks and flows
    a month with no exit leaves no other complement than the stocks themselves, and suppressing
    one stock cascades through every later month; a suppressed zero flow stops it there.
    """
    if not isinstance(threshold, int) or threshold < 1:
        raise DisclosureError(f"threshold must be a positive integer, not {threshold!r}")
    keys = _ordered(values)
    index = {k: i for i, k in enumerate(keys)}
    vals = [values[k] for k in keys]
    for k, v in zip(keys, vals, strict=True):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise DisclosureError(f"cell {k!r} must be a non-negative integer count, not {v!r}")

    rows: list[dict[int, int]] = []
    columns: list[dict[int, int]] = [{} for _ in keys]
    for number, rel in enumerate(relations):
        rel = rel if isinstance(rel, Relation) else Relation(rel)
        label = repr(rel.name) if rel.name else f"#{number}"
        row: dict[int, int] = {}
        for k, coef in rel.terms.items():
            if k not in index:
                raise DisclosureError(f"relation {label} names cell {k!r}, which has no value")
            if isinstance(coef, bool) or not isinstance(coef, int):
                raise DisclosureError(f"relation {label}: coefficient of {k!r} must be an integer")
            if coef:
                row[index[k]] = coef
        residue = sum(coef * vals[j] for j, coef in row.items())
        if residue:
            terms = " ".join(f"{coef:+d}*{keys[j]!r}={vals[j]}" for j, coef in row.items())
            raise DisclosureError(f"relation {label} does not hold: {terms} sums to {residue}, not 0")
        for j, coef in row.items():
            columns[j][len(rows)] = coef
        rows.append(row)

    totals = set(totals)
    is_total = [k in totals for k in keys]
    weigh = cost or (lambda key, value: value)
    suppressed = [False] * len(keys)
    basis = _Basis(columns, [len(row) for row in rows])
    primary = [j for j, v in enumerate(vals) if 0 < v < threshold]
    for j in primary:
        suppressed[j] = True
        basis.add(basis.reduce(j))

    secondary: list[int] = []
    queue = list(primary)  # ascending already: a valid heap
    while queue:
        c = queue[0]
        if c in basis.free:
            heapq.heappop(queue)
            continue
        y = basis.certificate(c)
        # Never empty for a non-zero c (module docstring), and every suppressed cell is non-zero.
        candidates = {d for r in y for d in rows[r]
                      if not suppressed[d] and (vals[d] or zero_complements)}
        near = set(columns[c])
        best_tier = min(is_total[d] for d in candidates)
        ranked = sorted((d for d in candidates if is_total[d] == best_tier),
                        key=lambda d: (near.isdisjoint(columns[d]), weigh(keys[d], vals[d]), d))
        d, reduced = _choose(ranked, y, columns, basis)
        basis.add(reduced)
        suppressed[d] = True
        secondary.append(d)
        heapq.heappush(queue, d)

    return Suppression(
        published={k: None if suppressed[index[k]] else v for k, v in values.items()},
        primary={keys[j] for j in primary},
        secondary={keys[j] for j in secondary},
    )


def _choose(ranked, y, columns, basis):
    """The first ranked cell that alone makes the exposed cell unrecoverable, else the first one."""
    for d in ranked:
        # d frees c iff its column is in the span of A_S (it reduces to zero) and y . a_d != 0
        # (y . a_d = z_c where A_S z = a_d); the cheap dot product filters before the reduction.
        if sum(y[r] * x for r, x in columns[d].items() if r in y):
            reduced = basis.reduce(d)
            if not reduced[0]:
                return d, reduced
    return ranked[0], basis.reduce(ranked[0])
