"""YAML loading that remembers line numbers, so data-file errors can say `file:line`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lexgap.loaders.errors import DataFileError, LexgapError

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that stores each mapping's first line under LINE_KEY and refuses
    duplicate keys (PyYAML would silently keep the last one)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file; mappings carry their line under LINE_KEY. Errors name file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError("data file not found", file=path) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError("data file is not UTF-8 text", file=path) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
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
        raise DataFileError(f"invalid YAML: {detail}", file=path, line=line) from exc


def strip_lines(value: Any) -> Any:
    """The same structure without LINE_KEY entries (for validation)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def line_of(value: Any) -> int | None:
    return value.get(LINE_KEY) if isinstance(value, dict) else None


def validation_errors(exc: ValidationError, raw: Any, path: Path) -> list[LexgapError]:
    """Pydantic errors as file:line errors, each at the line of the nearest enclosing mapping."""
    errors: list[LexgapError] = []
    for err in exc.errors():
        node: Any = raw
        line = line_of(raw)
        for part in err["loc"]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            line = line_of(node) or line
        loc = ".".join(str(p) for p in err["loc"])
        errors.append(DataFileError(f"{loc}: {err['msg']}", file=path, line=line))
    return errors
