"""Two of OpenFisca-Core's per-element loops, done per distinct value, for large populations.

Measured on the costing of 8,000 households (cProfile, then timed without it), about a fifth of the
time went to:
- fancy indexing of parameters (`parameters.zone[zone_apl]`, housing aid's and others' tables by
  zone or by family type): `VectorialParameterNodeAtInstant` looks up the parameter tree once per
  element, in Python. Here the tree is read once per distinct key and the values spread by index;
- `Population.has_role`, which compares every member's role object with the one asked, at each of
  the thousands of calls. Roles never change in a simulation: each mask is computed once.

Both give the same arrays as OpenFisca-Core 44.7.1 (pinned in pyproject): tests/engines/
test_openfisca_speedups.py compares the costing with and without them, and the costing benchmark
compares the fast run, which uses them, with a plain run, which does not. They are installed only
inside `installed()`, so that nothing else in the process sees patched classes.
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib.metadata import version

import numpy
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import helpers
from openfisca_core.parameters.parameter_node import ParameterNode
from openfisca_core.parameters.parameter_node_at_instant import ParameterNodeAtInstant
from openfisca_core.parameters.vectorial_parameter_node_at_instant import VectorialParameterNodeAtInstant
from openfisca_core.populations.population import Population

# The version whose internals these replacements reproduce.
OPENFISCA_CORE = "44.7.1"

_Vectorial = VectorialParameterNodeAtInstant
_ORIGINAL = {
    "build_from_node_name": _Vectorial.__dict__["build_from_node_name"],
    "__getitem__": _Vectorial.__getitem__,
    "has_role": Population.has_role,
    "_get_at_instant": ParameterNode._get_at_instant,
}


class _LazyNodeAtInstant(ParameterNodeAtInstant):
    """A node of the legislation at an instant whose children are read when first asked for.

    OpenFisca builds the whole tree (about 2,500 nodes, 24 ms) for every month a formula reads a
    parameter at; a costing reads about a hundred months, and a handful of branches in each.
    """

    def __init__(self, name, node, instant_str) -> None:
        self._name = name
        self._instant_str = instant_str
        self._node = node

    def __getattr__(self, key):
        # Only called for what is not yet an attribute: the children, before they are read.
        if "_children" not in self.__dict__:
            self.__dict__["_children"] = {}
            for child_name, child in self._node.children.items():
                child_at_instant = child._get_at_instant(self._instant_str)
                if child_at_instant is not None:
                    self.add_child(child_name, child_at_instant)
            if key in self.__dict__:
                return self.__dict__[key]
        raise ParameterNotFoundError(helpers._compose_name(self._name, item_name=key), self._instant_str)


def _lazy_get_at_instant(self, instant):
    return _LazyNodeAtInstant(self.name, self, instant)


def _spread(node, distinct: list, inverse: numpy.ndarray):
    """A vectorial node (or array of values) from the values of each distinct key."""
    if isinstance(distinct[0], ParameterNodeAtInstant):
        vectorial = _Vectorial(None, node._name, node._instant_str)
        vectorial._distinct, vectorial._inverse = distinct, inverse
        return vectorial
    return numpy.array(distinct)[inverse]


def _build_from_node_name(node, key):
    _Vectorial.check_node_vectorisable(node)
    keys = numpy.asarray(_Vectorial._get_appropriate_keys(key))
    if keys.dtype == object:  # Enum members do not sort: OpenFisca's own path
        return _ORIGINAL["build_from_node_name"].__func__(node, key)
    distinct, inverse = numpy.unique(keys, return_inverse=True)
    subnode_key = _Vectorial._get_appropriate_subnode_function(distinct[0])
    return _spread(node, [node[subnode_key(node, k)] for k in distinct], inverse.ravel())


def _getitem(self, key):
    distinct = self.__dict__.get("_distinct")
    if distinct is None:
        return _ORIGINAL["__getitem__"](self, key)
    if isinstance(key, str):
        return _spread(self, [value[key] for value in distinct], self._inverse)
    # A key per element: OpenFisca's own path, on the element-wise vector.
    self.vector = numpy.array(distinct, dtype=object)[self._inverse]
    del self.__dict__["_distinct"]
    return _ORIGINAL["__getitem__"](self, key)


def _has_role(self, role):
    if self.simulation is None:
        return None
    masks = self.__dict__.setdefault("_role_masks", {})
    if role not in masks:
        masks[role] = _ORIGINAL["has_role"](self, role)
    return masks[role].copy()


_has_role.projectable = True


@contextmanager
def installed():
    """Use the replacements within the block (not thread-safe: a process's costing is serial)."""
    if version("OpenFisca-Core") != OPENFISCA_CORE:
        yield
        return
    _Vectorial.build_from_node_name = staticmethod(_build_from_node_name)
    _Vectorial.__getitem__ = _getitem
    Population.has_role = _has_role
    ParameterNode._get_at_instant = _lazy_get_at_instant
    try:
        yield
    finally:
        _Vectorial.build_from_node_name = _ORIGINAL["build_from_node_name"]
        _Vectorial.__getitem__ = _ORIGINAL["__getitem__"]
        Population.has_role = _ORIGINAL["has_role"]
        ParameterNode._get_at_instant = _ORIGINAL["_get_at_instant"]
