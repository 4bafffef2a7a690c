"""searchtool.values behaves as the dataclasses it replaced on the search path."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from searchtool.index.manifest import Fingerprint
from searchtool.searching.build import ParsedQuery
from searchtool.searching.datequery import DateSpan
from searchtool.searching.highlight import Fragment
from searchtool.values import FrozenValue, Value


class Point(Value):
    __slots__ = ("x", "y", "tags")

    def __init__(self, x: int, y: int = 0, tags: list | None = None) -> None:
        Value.__init__(self, x, y, [] if tags is None else tags)


@dataclasses.dataclass
class DataPoint:
    x: int
    y: int = 0
    tags: list = dataclasses.field(default_factory=list)


class Frozen(FrozenValue):
    __slots__ = ("start", "end")

    def __init__(self, start: int | None = None, end: int | None = None) -> None:
        FrozenValue.__init__(self, start, end)


@dataclasses.dataclass(frozen=True)
class DataFrozen:
    start: int | None = None
    end: int | None = None


def test_equality_and_repr_are_the_dataclass_ones():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert repr(Point(1, tags=["a"])) == repr(DataPoint(1, tags=["a"])).replace("DataPoint", "Point")
    assert repr(Frozen(1)) == repr(DataFrozen(1)).replace("DataFrozen", "Frozen")
    # Another class with the same fields is not equal, as with dataclasses.
    assert Point(1, 2) != (1, 2, []) and Point.__eq__(Point(1), DataPoint(1)) is NotImplemented


def test_mutable_values_are_unhashable_and_frozen_ones_hash_by_value():
    with pytest.raises(TypeError):
        hash(Point(1))
    with pytest.raises(TypeError):
        hash(DataPoint(1))
    assert hash(Frozen(1, 2)) == hash(Frozen(1, 2)) and len({Frozen(1, 2), Frozen(1, 2), Frozen(2)}) == 2
    assert hash(DateSpan(1, 2)) == hash(DateSpan(1, 2))


def test_frozen_values_refuse_changes_as_frozen_dataclasses_do():
    span = Frozen(1, 2)
    for change in (lambda: setattr(span, "start", 3), lambda: delattr(span, "end"), lambda: setattr(span, "other", 1)):
        with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError is an AttributeError
            change()
    assert span == Frozen(1, 2)


def test_mutable_values_change_but_take_no_new_attributes():
    p = Point(1)
    p.y = 5
    p.tags.append("x")
    assert p == Point(1, 5, ["x"]) and Point(1).tags == []  # a fresh list each time
    with pytest.raises(AttributeError):
        p.z = 1


@pytest.mark.parametrize("value", [Point(1, 2, ["a"]), Frozen(1, None), DateSpan(20120101, None), Fingerprint(3, 4, (5, 6))])
def test_values_pickle_and_copy(value):
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.copy(value) == value and copy.deepcopy(value) == value


def test_a_constructor_that_passes_the_wrong_number_of_fields_fails_loudly():
    class Broken(Value):
        __slots__ = ("a", "b")

        def __init__(self, a) -> None:
            Value.__init__(self, a)

    with pytest.raises(TypeError, match="2 fields, 1 values"):
        Broken(1)


def test_the_search_path_classes_keep_their_constructors():
    assert DateSpan() == DateSpan(None, None) and DateSpan(end=3).end == 3
    assert Fingerprint(1, 2) == Fingerprint(1, 2, None) and Fingerprint.from_json([1, 2, [3, 4]]).sidecar == (3, 4)
    parsed = ParsedQuery("nato", None)
    assert (parsed.words, parsed.notes, parsed.plain, parsed.unit_count) == ([], [], False, 0)
    assert parsed.words is not ParsedQuery("nato", None).words
    frag = Fragment([("the ", False), ("treaty", True)], 3, 13, True)
    assert (frag.text, frag.leading, frag.trailing) == ("the treaty", True, False)
