"""Typed records for the modules a cold `lexgap ask` imports, made without `dataclasses`.

Why: issue 22 holds a cold `lexgap ask` to twice the time of bare pyoxigraph answering the
same query (about 55 ms of CPU, most of it the interpreter starting). `import dataclasses`
imports `inspect`, and with it `ast`, `dis` and `tokenize` (about 10 ms), and every
`@dataclass` then compiles five or six generated functions, one `exec` each, and calls
`inspect.signature` on classes without a docstring (another 10 to 20 ms for the read path's
eighteen records). Measured, that was a fifth of the whole `ask`.

`record` gives the callers exactly what they used of `dataclasses`, compiled in one `exec`
per class, with the same meaning:

- `__init__` with the fields in declaration order, defaults, and `factory(...)` for a fresh
  mutable default per instance (`field(default_factory=...)`);
- `__eq__` on the fields, between instances of the same class only (else `NotImplemented`);
- `__repr__` as `Name(field=value, ...)`;
- `frozen=True`: assignment and deletion raise `FrozenInstanceError`, and instances hash by
  their fields (as `@dataclass(frozen=True)`); a record that is not frozen is unhashable
  (`__hash__ = None`, as `@dataclass` with `eq=True`);
- `replace(obj, **changes)` and `fields(obj)` (field names, in order), and `is_record`.

Type checkers read it as a dataclass through `typing.dataclass_transform` (PEP 681), so
mypy checks constructor calls, defaults and frozen assignments as before. What it does not
do, because no read-path record needs it: inheritance between records, `ClassVar`/`InitVar`
fields, ordering, keyword-only fields, `__post_init__`, slots. A class that asks for any of
these gets a `TypeError` when it is defined, not a silently different record.

The build and publish side keep `dataclasses`: their cost is not paid by `ask`.
`tests/test_record.py` holds `record` to `dataclasses` on the same classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
_C = TypeVar("_C", bound=type)


class FrozenInstanceError(AttributeError):
    """Assigning to or deleting a field of a frozen record (as `dataclasses`' error of that
    name, also an `AttributeError`)."""


class _Factory:
    """A field default made fresh for each instance: `factory(list)`."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def factory(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is `default_factory()`, called once per instance; the keyword
    is the name `dataclass_transform` field specifiers use, so mypy reads it as a default."""
    made: T = _Factory(default_factory)  # type: ignore[assignment]
    return made  # stands in for a T until `record` turns it into the generated __init__


_FIELDS = "__record_fields__"
_FROZEN = "__record_frozen__"


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, frozen: bool = False) -> Callable[[_C], _C]: ...


@dataclass_transform(field_specifiers=(factory,))
def record(cls: _C | None = None, /, *, frozen: bool = False) -> _C | Callable[[_C], _C]:
    """Make `cls` a record (see the module docstring); `@record` or `@record(frozen=True)`."""

    def wrap(c: _C) -> _C:
        return _make(c, frozen)

    return wrap if cls is None else wrap(cls)


def _make(cls: _C, frozen: bool) -> _C:
    for base in cls.__mro__[1:]:
        if hasattr(base, _FIELDS):
            raise TypeError(f"{cls.__name__}: a record cannot inherit from a record")
    if "__post_init__" in cls.__dict__ or "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: records have no __post_init__ or __slots__")
    names: list[str] = []
    params: list[str] = []
    body: list[str] = []
    env: dict[str, Any] = {"_Frozen": FrozenInstanceError, "_set": object.__setattr__}
    seen_default = False
    # The class's own annotations, read directly: `inspect.get_annotations` would import the
    # module this one exists to avoid.
    own: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in own.items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "ClassVar" in text or "InitVar" in text or "KW_ONLY" in text:
            raise TypeError(f"{cls.__name__}.{name}: records have no {text} fields")
        names.append(name)
        value = cls.__dict__.get(name, _NO_DEFAULT)
        if value is _NO_DEFAULT:
            if seen_default:
                raise TypeError(f"{cls.__name__}: non-default field {name!r} after a default")
            params.append(name)
            expr = name
        elif isinstance(value, _Factory):
            seen_default = True
            env[f"_f_{name}"] = value.make
            params.append(f"{name}=_missing")
            expr = f"_f_{name}() if {name} is _missing else {name}"
            delattr(cls, name)
        else:
            seen_default = True
            env[f"_d_{name}"] = value
            params.append(f"{name}=_d_{name}")
            expr = name
        body.append(f"  _set(self, {name!r}, {expr})" if frozen else f"  self.{name} = {expr}")
    env["_missing"] = _NO_DEFAULT
    mine = f"({''.join(f'self.{n},' for n in names)})"
    theirs = f"({''.join(f'other.{n},' for n in names)})"
    shown = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
    source = [
        f"def __init__(self, {', '.join(params)}):",
        *(body or ["  pass"]),
        "def __eq__(self, other):",
        "  if other.__class__ is self.__class__:",
        f"    return {mine} == {theirs}",
        "  return NotImplemented",
        "def __repr__(self):",
        f"  return f'{{self.__class__.__qualname__}}({shown})'",
    ]
    if frozen:
        source += [
            "def __hash__(self):",
            f"  return hash({mine})",
            "def __setattr__(self, name, value):",
            "  raise _Frozen(f'cannot assign to field {name!r}')",
            "def __delattr__(self, name):",
            "  raise _Frozen(f'cannot delete field {name!r}')",
        ]
    made: dict[str, Any] = {}
    exec("\n".join(source), env, made)
    for key, fn in made.items():
        fn.__qualname__ = f"{cls.__qualname__}.{key}"
        setattr(cls, key, fn)
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]
    setattr(cls, _FIELDS, tuple(names))
    setattr(cls, _FROZEN, frozen)
    return cls


class _NoDefault:
    """The marker of a field without a default (and of an argument not given)."""

    def __repr__(self) -> str:
        return "<no default>"


_NO_DEFAULT: Any = _NoDefault()


def is_record(value: object) -> bool:
    """Whether `value` is an instance (not the class) of a record."""
    return hasattr(type(value), _FIELDS)


def fields(value: object) -> tuple[str, ...]:
    """The names of the fields of a record or record class, in declaration order."""
    names: tuple[str, ...] = getattr(value if isinstance(value, type) else type(value), _FIELDS)
    return names


def replace(value: T, /, **changes: Any) -> T:
    """A new record like `value` with `changes`, made through `__init__` (as
    `dataclasses.replace`: factories are not called again, unknown names are refused)."""
    names = fields(value)
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(value).__name__} has no field {sorted(unknown)[0]!r}")
    made: T = type(value)(**{n: changes[n] if n in changes else getattr(value, n) for n in names})
    return made
