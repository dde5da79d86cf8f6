"""YAML loading that remembers line numbers, so data-file errors can say `file:line`.

Data files are hand-edited, so the loader is strict where PyYAML is lenient and careful where it
is exposed: a duplicate key is an error (PyYAML keeps the last one silently); aliases (`*name`)
are refused, because a few lines of nested aliases expand to billions of values ("billion
laughs") and no lexgap data file needs them; a file over `MAX_DATA_FILE_BYTES` or nested too
deeply is refused with a message instead of a hang or a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from lexgap.core.errors import DataFileError, LexgapError
from lexgap.loaders.files import read_input

LINE_KEY = "__line__"
# 1 MiB: twenty times the largest bundled data file, and about three seconds of parsing.
MAX_DATA_FILE_BYTES = 1024 * 1024


class LineMap(dict[str, Any]):
    """A parsed mapping; `key_lines` holds the 1-based line of each of its keys."""

    key_lines: dict[str, int]


# libyaml's parser when PyYAML was built with it (the wheels are): ten times faster than the
# pure-Python one, which took a quarter of a 100-jurisdiction build (issue 9). Same marks, same
# errors; the pure-Python loader is the fallback.
_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIAS_MESSAGE = "aliases (*name) are not allowed in lexgap data files: write the value out"


class _LineLoader(_FAST):  # type: ignore[valid-type,misc]
    """A safe loader that stores each mapping's first line under LINE_KEY (and its keys' lines in
    `LineMap.key_lines`) and refuses duplicate keys. Aliases are refused by `_refuse_aliases`
    before it runs (libyaml composes them inside C, out of reach of an override)."""


def _refuse_aliases(text: str) -> None:
    """Raise at the first alias: a few lines of nested aliases expand to billions of values."""
    for event in yaml.parse(text, Loader=_FAST):
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark  # libyaml's Mark or PyYAML's: same line and column
            raise yaml.composer.ComposerError(None, None, _ALIAS_MESSAGE, mark)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping = LineMap()
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key == LINE_KEY:
            raise yaml.constructor.ConstructorError(
                None, None, f"{LINE_KEY!r} is a reserved key", key_node.start_mark
            )
        try:
            seen = key in mapping
        except TypeError:  # an unhashable key: "? [a, b]: c"
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        if isinstance(key, str):
            mapping.key_lines[key] = key_node.start_mark.line + 1
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _checked(name: str, what: str) -> Any:
    """PyYAML's constructor `name`, with a value it cannot make (`2015-02-30`, `!!timestamp
    junk`, an integer of 5,000 digits) turned into an error at its line, not a traceback."""
    construct = getattr(yaml.constructor.SafeConstructor, name)

    def checked(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            shown = str(node.value)[:40] + ("…" if len(str(node.value)) > 40 else "")
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown!r} is not a valid {what}", node.start_mark
            ) from None

    return checked


_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _checked("construct_yaml_timestamp", "date")
)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _checked("construct_yaml_int", "integer"))
_LineLoader.add_constructor("tag:yaml.org,2002:float", _checked("construct_yaml_float", "number"))


def load_yaml_with_lines(
    path: Path,
    *,
    error: type[LexgapError] = DataFileError,
    max_bytes: int = MAX_DATA_FILE_BYTES,
) -> Any:
    """Parse a YAML file; mappings carry their line under LINE_KEY. Errors (of class `error`)
    name file and line."""
    if path.is_dir():
        raise error("expected a YAML file, found a folder", file=path)
    # A regular file inside its folder, its size checked on the open file (loaders.files).
    data = read_input(
        path,
        max_bytes=max_bytes,
        error=error,
        within=path.parent,
        what="data file",
        limit_noun="data files",
        too_big_hint="split it, one file per document",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint="save the file as UTF-8",
        ) from None
    try:
        _refuse_aliases(text)
        return yaml.load(text, Loader=_LineLoader)
    except RecursionError:
        raise error("nested too deeply to be a lexgap data file", file=path) from None
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own limit (1,000 levels)
            raise error("nested too deeply to be a lexgap data file", file=path) from None
        problem_mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        # A YAML error is often found lines after its cause (an unclosed quote swallows the
        # following lines); the construct being parsed when it failed starts nearer the cause,
        # so point there and name both lines in the message.
        mark = context_mark or problem_mark
        line = mark.line + 1 if mark is not None else None
        detail = f"{problem}"
        if context and context_mark is not None and problem_mark is not None:
            detail += f" ({context} at line {context_mark.line + 1}, found at line "
            detail += f"{problem_mark.line + 1})"
        raise error(f"invalid YAML: {detail}", file=path, line=line) from exc


def strip_lines(value: Any) -> Any:
    """The same structure without LINE_KEY entries (for validation)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def line_of(value: Any) -> int | None:
    line = value.get(LINE_KEY) if isinstance(value, dict) else None
    return line if isinstance(line, int) else None


def _key_line(node: Any, key: Any) -> int | None:
    lines = getattr(node, "key_lines", None)
    return lines.get(key) if isinstance(lines, dict) else None


def validation_errors(
    exc: ValidationError, raw: Any, path: Path, *, error: type[LexgapError] = DataFileError
) -> list[LexgapError]:
    """Pydantic errors as file:line errors, each at the line of the innermost key it concerns
    (or, for a missing key, the mapping that lacks it)."""
    errors: list[LexgapError] = []
    for err in exc.errors():
        node: Any = raw
        line = line_of(raw)
        for part in err["loc"]:
            key_line = _key_line(node, part)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            line = key_line or line_of(node) or line
        loc = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        hint = None
        if err["type"] == "string_type" and isinstance(err.get("input"), int | float | date):
            hint = "YAML read this as a number or date: put it in quotes"
        text = f"{loc}: {message}" if loc else message
        errors.append(error(text, file=path, line=line, hint=hint))
    return errors


M = TypeVar("M", bound=BaseModel)


def validate_sections(
    model: type[M], raw: Mapping[str, Any], path: Path, sections: Mapping[str, type[BaseModel]]
) -> tuple[M | None, dict[str, list[Any]], list[LexgapError]]:
    """Validate a data file whose `sections` are lists of entries, keeping what is valid.

    Returns the file as a model holding only its valid entries (None when the file's own fields
    are invalid), the raw mappings of those entries per section (aligned with the model's lists,
    for their lines), and every validation error with its line. So one bad entry does not hide
    the problems of the others: the checks that need a valid entry (quote, passage, offence) still
    run on every valid one, and the whole file is reported in one pass.
    """
    plain = strip_lines(raw)
    kept: dict[str, list[Any]] = {}
    try:
        whole = model.model_validate(plain)
    except ValidationError as exc:
        errors = validation_errors(exc, raw, path)
    else:
        for section in sections:
            items = raw.get(section)
            kept[section] = list(items) if isinstance(items, list) else []
        return whole, kept, []
    # Unknown top-level keys are already reported; without them the file's own fields may pass.
    partial = {k: v for k, v in plain.items() if k in model.model_fields}
    for section, entry_model in sections.items():
        items = raw.get(section)
        kept[section] = []
        partial[section] = []
        for item in items if isinstance(items, list) else []:
            try:
                entry_model.model_validate(strip_lines(item))
            except ValidationError:
                continue
            kept[section].append(item)
            partial[section].append(strip_lines(item))
    try:
        return model.model_validate(partial), kept, errors
    except ValidationError:
        return None, {section: [] for section in sections}, errors
