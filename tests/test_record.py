"""`core.record` against `dataclasses`: the same class made both ways behaves the same.

Why: the read path's records (gap answers, options, query files) moved from `@dataclass` to
`@record` to take `dataclasses` and `inspect` off a cold `lexgap ask` (issue 22). The rules
compare provisions by equality, hash IRIs and options, copy records with `replace`, and turn
answers into JSON in field order, so each of these must mean what it meant."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexgap.core.record import FrozenInstanceError, factory, fields, is_record, record, replace


def _pair(frozen: bool) -> tuple[type[Any], type[Any]]:
    """The same class, once a dataclass and once a record (frozen or not: a flag that type
    checkers want literal, hence the untyped decorators)."""
    as_dataclass: Any = dataclasses.dataclass
    as_record: Any = record

    @as_dataclass(frozen=frozen)
    class Item:
        """A record with a required field, a default and a fresh list per instance."""

        name: str
        year: int | None = None
        tags: list[str] = dataclasses.field(default_factory=list)

        def label(self) -> str:
            return f"{self.name} ({self.year})"

    dc = Item

    @as_record(frozen=frozen)
    class Item:  # type: ignore[no-redef]
        """A record with a required field, a default and a fresh list per instance."""

        name: str
        year: int | None = None
        tags: list[str] = factory(default_factory=list)

        def label(self) -> str:
            return f"{self.name} ({self.year})"

    return dc, Item


values = st.tuples(
    st.text(max_size=5), st.none() | st.integers(-3, 3), st.lists(st.text(max_size=2), max_size=3)
)


@pytest.mark.parametrize("frozen", [False, True])
@given(a=values, b=values)
def test_equality_repr_and_hash_as_dataclasses(frozen: bool, a: Any, b: Any) -> None:
    dc, rc = _pair(frozen)
    da, db, ra, rb = dc(*a), dc(*b), rc(*a), rc(*b)
    assert (ra == rb) == (da == db)
    assert (ra != rb) == (da != db)
    assert repr(ra) == repr(da)  # both say Item(name=..., year=..., tags=[...])
    assert ra.label() == da.label()
    if frozen:
        hashable = (a[0], a[1], tuple(a[2]))
        assert hash(rc(*hashable)) == hash(dc(*hashable))
    assert ra != da and da != ra  # a record never equals another class, even a twin
    assert [getattr(ra, f) for f in fields(ra)] == [
        getattr(da, f.name) for f in dataclasses.fields(da)
    ]


def test_defaults_factories_and_keywords() -> None:
    _, rc = _pair(False)
    one, two = rc("a"), rc(name="b", year=2)
    assert (one.year, one.tags, two.year) == (None, [], 2)
    one.tags.append("x")
    assert two.tags == [] and rc("c").tags == []  # a fresh list for every instance
    with pytest.raises(TypeError):
        rc()  # the required field
    with pytest.raises(TypeError):
        rc("a", 1, [], 4)  # one argument too many
    with pytest.raises(TypeError):
        rc("a", colour="red")


def test_frozen_records_refuse_assignment_and_the_others_are_unhashable() -> None:
    _, frozen = _pair(True)
    _, plain = _pair(False)
    item = frozen("a", 1)
    with pytest.raises(FrozenInstanceError):
        item.name = "b"
    with pytest.raises(AttributeError):  # as dataclasses' FrozenInstanceError, an AttributeError
        del item.year
    assert {frozen("a", 1, ()): 1}[frozen("a", 1, ())] == 1
    with pytest.raises(TypeError):
        hash(plain("a"))
    changed = plain("a")
    changed.year = 5
    assert changed.year == 5


def test_replace_and_fields_as_dataclasses() -> None:
    dc, rc = _pair(True)
    tags = ["t"]
    made = rc("a", 1, tags)
    copy = replace(made, year=2)
    assert (copy.name, copy.year, copy.tags is tags) == ("a", 2, True)  # factories not re-run
    assert copy == replace(made, year=2) and made.year == 1
    assert dataclasses.replace(dc("a", 1, tags), year=2).tags is tags
    with pytest.raises(TypeError):
        replace(made, colour="red")
    assert fields(made) == fields(rc) == ("name", "year", "tags")
    assert is_record(made) and not is_record(rc) and not is_record(dc("a"))


def test_records_pickle() -> None:
    """Answers cross process boundaries in the tests' workers; records pickle like dataclasses
    (classes at module level)."""
    from lexgap.queries.answers.model import Reason

    reason = Reason("criminalised", "because", [{"document": "d"}])
    assert pickle.loads(pickle.dumps(reason)) == reason


@pytest.mark.parametrize(
    "body",
    [
        "x: 'ClassVar[int]' = 1",
        "x: int = 1\n    y: int",
        "x: int\n    def __post_init__(self) -> None: ...",
        "__slots__ = ('x',)\n    x: int",
    ],
)
def test_what_records_do_not_do_is_refused_when_defined(body: str) -> None:
    """Not a silently different record: each of these is a TypeError at class definition."""
    namespace: dict[str, Any] = {"record": record}
    with pytest.raises(TypeError):
        exec(f"@record\nclass Bad:\n    {body}\n", namespace)


def test_a_record_cannot_inherit_a_record() -> None:
    @record
    class Base:
        """A parent."""

        x: int

    with pytest.raises(TypeError):

        @record
        class Child(Base):
            """A child would need the parent's fields first, which records do not merge."""

            y: int
