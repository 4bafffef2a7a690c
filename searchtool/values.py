"""Small value classes without :mod:`dataclasses`.

Importing ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis``, ``tokenize``): ~6 ms of
every ``searchtool search`` process, whose whole budget is 100 ms. The classes on the search
path therefore list their fields in ``__slots__``, write their own ``__init__``, and get from
here what ``@dataclass`` would have generated: field-by-field equality between instances of
the same class, and a ``Name(field=value, ...)`` repr. Like a dataclass with ``eq=True``, a
:class:`Value` is unhashable; a :class:`FrozenValue` is immutable and hashable, like
``@dataclass(frozen=True)``.
"""

from __future__ import annotations


class Value:
    """Base of a mutable value class: subclasses set ``__slots__`` (the fields, in order) and
    write an ``__init__`` with the signature they want, which passes every field's value, in
    slot order, to ``Value.__init__``."""

    __slots__ = ()

    def __init__(self, *values) -> None:
        for name, value in _fields(self, values):
            object.__setattr__(self, name, value)  # the way round FrozenValue's refusal, too

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in type(self).__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value, as a dataclass

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__slots__)
        return f"{type(self).__qualname__}({fields})"


class FrozenValue(Value):
    """Base of an immutable value class (its ``__init__`` passes values on as for :class:`Value`)."""

    __slots__ = ()

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self):
        # Pickle and copy through the constructor: the default slot-state path would assign.
        return (type(self), self._values())


def _fields(value: Value, values: tuple) -> zip:
    names = type(value).__slots__
    if len(values) != len(names):  # a constructor that forgot a field, or passed one too many
        raise TypeError(f"{type(value).__name__} has {len(names)} fields, {len(values)} values given")
    return zip(names, values)
