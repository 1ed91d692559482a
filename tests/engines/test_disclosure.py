"""Small-count suppression for the open data, checked against an independent brute force.

The brute force never uses linear algebra: it searches integer assignments of the suppressed cells
(each within MARGIN of its true value, negatives allowed: exact recovery ignores bounds) that satisfy
every relation with the published cells fixed, propagating relations left with one unknown.
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobfactory.engines.disclosure import DisclosureError, Relation, suppress

MARGIN = 2


def _terms(relation):
    return dict(relation.terms) if isinstance(relation, Relation) else dict(relation)


def _completes(relations, published, assignment, hidden, values):
    """True if the partial assignment of hidden cells extends to a solution in the box."""
    assign = dict(assignment)
    changed = True
    while changed:
        changed = False
        for terms in relations:
            unknown = [k for k in terms if published[k] is None and k not in assign]
            known = sum(c * (assign[k] if published[k] is None else published[k])
                        for k, c in terms.items() if k not in unknown)
            if not unknown:
                if known:
                    return False
            elif len(unknown) == 1:
                k = unknown[0]
                if known % terms[k] or abs(-known // terms[k] - values[k]) > MARGIN:
                    return False
                assign[k] = -known // terms[k]
                changed = True
    rest = [k for k in hidden if k not in assign]
    if not rest:
        return True
    k = rest[0]
    return any(_completes(relations, published, {**assign, k: x}, hidden, values)
               for x in range(values[k] - MARGIN, values[k] + MARGIN + 1))


def recoverable_by_brute_force(values, relations, published):
    """The suppressed cells for which no other value fits the relations and the published cells."""
    relations = [_terms(r) for r in relations]
    hidden = sorted((k for k, v in published.items() if v is None), key=repr)
    return {
        k for k in hidden
        if not any(_completes(relations, published, {k: x}, hidden, values)
                   for x in range(values[k] - MARGIN, values[k] + MARGIN + 1) if x != values[k])
    }


def check(values, relations, result, threshold=5, zero_complements=False):
    """The invariants every result must meet; returns the suppressed keys."""
    assert result.published.keys() == values.keys()
    for k, v in result.published.items():
        assert v is None or v == values[k]
        assert v is None or not 0 < v < threshold, k
        assert values[k] != 0 or v == 0 or zero_complements, f"zero {k} suppressed"
    hidden = {k for k, v in result.published.items() if v is None}
    assert hidden == result.primary | result.secondary
    assert result.primary == {k for k, v in values.items() if 0 < v < threshold}
    assert not result.primary & result.secondary
    assert recoverable_by_brute_force(values, relations, result.published) == set()
    return hidden


def table(cells):
    """A table with row totals, column totals and the grand total (both ways)."""
    values, relations = {}, []
    nrows, ncols = len(cells), len(cells[0])
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            values[(i, j)] = v
    for i in range(nrows):
        values[(i, "T")] = sum(cells[i])
        relations.append(Relation.total((i, "T"), [(i, j) for j in range(ncols)], f"row {i}"))
    for j in range(ncols):
        values[("T", j)] = sum(row[j] for row in cells)
        relations.append(Relation.total(("T", j), [(i, j) for i in range(nrows)], f"column {j}"))
    values[("T", "T")] = sum(map(sum, cells))
    relations.append(Relation.total(("T", "T"), [(i, "T") for i in range(nrows)], "row totals"))
    relations.append(Relation.total(("T", "T"), [("T", j) for j in range(ncols)], "column totals"))
    margins = {k for k in values if "T" in k}
    return values, relations, margins


def test_the_brute_force_sees_a_recovery():
    # The checker itself must be able to fail: total 19 published, 2 hidden alone in it.
    values = {"T": 19, "a": 2, "b": 10, "c": 7}
    relations = [Relation.total("T", ["a", "b", "c"])]
    published = {"T": 19, "a": None, "b": 10, "c": 7}
    assert recoverable_by_brute_force(values, relations, published) == {"a"}
    published["c"] = None
    assert recoverable_by_brute_force(values, relations, published) == set()


def test_small_counts_hidden_zeros_published():
    values = {"T": 12, "a": 0, "b": 1, "c": 4, "d": 7}
    relations = [Relation.total("T", ["a", "b", "c", "d"])]
    result = suppress(values, relations)
    check(values, relations, result)
    assert result.primary == {"b", "c"}
    assert result.published["a"] == 0
    assert result.secondary == set()  # two unknowns, one equation: b + c = 5 only


def test_a_total_with_one_small_part_gets_a_complement():
    values = {"T": 19, "a": 2, "b": 10, "c": 7}
    relations = [Relation.total("T", ["a", "b", "c"], "exits by reason")]
    result = suppress(values, relations, totals={"T"})
    check(values, relations, result)
    assert result.secondary == {"c"}  # the smallest part
    assert result.published == {"T": 19, "a": None, "b": 10, "c": None}


def test_cost_and_totals_steer_the_complement():
    values = {"T": 19, "a": 2, "b": 10, "c": 7}
    relations = [Relation.total("T", ["a", "b", "c"])]
    largest_first = {"cost": lambda key, value: -value}
    assert suppress(values, relations, **largest_first).secondary == {"T"}
    assert suppress(values, relations, totals={"T"}, **largest_first).secondary == {"b"}


def test_stock_and_flow_difference_exposes_the_hires():
    # employees(m) - employees(m-1) - hires(m) + exits(m) = 0: 103 - 100 tells the 3 hires.
    values = {("emp", 0): 100, ("emp", 1): 103, ("hires", 1): 3, ("exits", 1): 0,
              ("emp", 2): 111, ("hires", 2): 8, ("exits", 2): 0}
    relations = [
        Relation({("emp", m): 1, ("emp", m - 1): -1, ("hires", m): -1, ("exits", m): 1}, f"month {m}")
        for m in (1, 2)
    ]
    only_primary = {k: None if k == ("hires", 1) else v for k, v in values.items()}
    assert recoverable_by_brute_force(values, relations, only_primary) == {("hires", 1)}
    result = suppress(values, relations)
    hidden = check(values, relations, result)
    assert result.primary == {("hires", 1)}
    assert result.secondary  # something else had to go...
    assert result.published[("exits", 1)] == 0  # ...and not the zero
    # The opening stock is the cheapest complement and it closes the exposure alone.
    assert hidden == {("hires", 1), ("emp", 0)}


def test_a_zero_flow_may_be_the_complement_when_the_caller_allows_it():
    # The open data keeps its stocks: a zero exit hides the 3 hires as well as a stock would.
    values = {("emp", 0): 100, ("emp", 1): 103, ("hires", 1): 3, ("exits", 1): 0}
    relations = [Relation({("emp", 1): 1, ("emp", 0): -1, ("hires", 1): -1, ("exits", 1): 1})]
    result = suppress(values, relations, zero_complements=True, totals=[("emp", 0), ("emp", 1)])
    hidden = check(values, relations, result, zero_complements=True)
    assert hidden == {("hires", 1), ("exits", 1)}
    assert result.published[("emp", 0)] == 100 and result.published[("emp", 1)] == 103


def test_a_safe_rectangle_needs_nothing_more():
    cells = [[1, 2, 20],
             [3, 4, 30],
             [10, 11, 12]]
    values, relations, margins = table(cells)
    result = suppress(values, relations, totals=margins)
    check(values, relations, result)
    assert result.primary == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert result.secondary == set()


def test_one_small_cell_in_a_table_costs_the_cheapest_rectangle():
    # No single complement protects (0, 0): the engine must build a cycle, from cheap cells, inside.
    cells = [[2, 40, 9],
             [50, 70, 60],
             [7, 30, 6]]
    values, relations, margins = table(cells)
    result = suppress(values, relations, totals=margins)
    check(values, relations, result)
    assert result.secondary == {(0, 2), (2, 0), (2, 2)}


def test_two_suppressions_per_relation_can_still_be_recovered():
    # Every row and column holds at least two small cells, yet (0, 2) bridges two rectangles: the
    # sum of rows 2-3 minus columns 2-3 gives it. A per-relation count would miss it.
    cells = [[1, 2, 3, 50],
             [3, 4, 60, 70],
             [80, 90, 1, 2],
             [85, 95, 3, 4]]
    values, relations, margins = table(cells)
    primary = {k for k, v in values.items() if 0 < v < 5}
    for terms in map(_terms, relations):
        assert len(primary & terms.keys()) in (0, 2, 3)
    only_primary = {k: None if k in primary else v for k, v in values.items()}
    assert recoverable_by_brute_force(values, relations, only_primary) == {(0, 2)}
    result = suppress(values, relations, totals=margins)
    check(values, relations, result)
    assert result.secondary
    assert not result.secondary & margins


def test_an_inconsistent_relation_is_refused_by_name():
    values = {"T": 10, "a": 3, "b": 6}
    with pytest.raises(DisclosureError, match=r"'programme total' does not hold.*sums to 1"):
        suppress(values, [Relation.total("T", ["a", "b"], "programme total")])
    with pytest.raises(DisclosureError, match="#0 does not hold"):
        suppress(values, [{"T": 1, "a": -1, "b": -1}])


@pytest.mark.parametrize(("values", "relations", "message"), [
    ({"a": -1}, [], "non-negative integer"),
    ({"a": 1.5}, [], "non-negative integer"),
    ({"a": 1}, [{"a": 1, "b": -1}], "names cell 'b'"),
    ({"a": 0}, [{"a": 0.5}], "must be an integer"),
])
def test_bad_input_is_refused(values, relations, message):
    with pytest.raises(DisclosureError, match=message):
        suppress(values, relations)


def _monthly(territories, months, seed):
    """Per territory and month: employees (stock), hires, exits by reason; programme totals."""
    rng = random.Random(seed)
    values, relations = {}, []
    reasons = ("job", "retired", "left")
    places = [f"t{t}" for t in range(territories)]
    for place in places:
        employees = rng.randrange(0, 12)
        values[(place, 0, "employees")] = employees
        for m in range(1, months):
            hires = rng.choice([0, 1, 2, 3, 6, 8])
            exits = {r: min(employees, rng.choice([0, 0, 1, 2, 5])) for r in reasons}
            while sum(exits.values()) > employees:
                exits[max(exits, key=exits.get)] -= 1
            employees += hires - sum(exits.values())
            values |= {(place, m, "employees"): employees, (place, m, "hires"): hires,
                       (place, m, "exits"): sum(exits.values())}
            values |= {(place, m, f"exits {r}"): n for r, n in exits.items()}
    kinds = {k[2] for k in values}
    for m in range(months):
        for kind in kinds:
            if (places[0], m, kind) in values:
                values[("all", m, kind)] = sum(values[(p, m, kind)] for p in places)
                relations.append(Relation.total(("all", m, kind), [(p, m, kind) for p in places]))
    for place in [*places, "all"]:
        for m in range(1, months):
            relations.append(Relation.total((place, m, "exits"),
                                            [(place, m, f"exits {r}") for r in reasons]))
            relations.append(Relation({(place, m, "employees"): 1, (place, m - 1, "employees"): -1,
                                       (place, m, "hires"): -1, (place, m, "exits"): 1}))
    return values, relations


def test_same_input_same_output_whatever_the_order():
    values, relations = _monthly(territories=4, months=5, seed=7)
    first = suppress(values, relations)
    again = suppress(values, relations)
    items = list(values.items())
    random.Random(5).shuffle(items)
    shuffled = dict(items)
    third = suppress(shuffled, relations)
    assert first == again
    assert first.published == third.published and first.secondary == third.secondary
    assert first.secondary


def test_monthly_series_of_a_small_programme():
    values, relations = _monthly(territories=3, months=4, seed=3)
    result = suppress(values, relations, totals={k for k in values if k[0] == "all"})
    check(values, relations, result)


small_counts = st.one_of(st.integers(0, 4), st.integers(5, 30))


@settings(max_examples=150, deadline=None)
@given(
    cells=st.integers(1, 3).flatmap(
        lambda ncols: st.lists(st.lists(small_counts, min_size=ncols, max_size=ncols),
                               min_size=1, max_size=3)),
    mark_margins=st.booleans(),
)
def test_random_tables_leave_nothing_recoverable(cells, mark_margins):
    values, relations, margins = table(cells)
    result = suppress(values, relations, totals=margins if mark_margins else ())
    check(values, relations, result)
