"""Safe YAML reading for entries and registries: no object construction, no duplicate keys,
UTF-8 only, bounded size, and every error carries file, line and column."""

from __future__ import annotations

from pathlib import Path

import yaml

from narcokg.errors import InputError

MAX_ENTRY_BYTES = 5 * 1024 * 1024  # an entry is a hand-written file; 5 MB is generous
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                 ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


def read_text(path: Path, limit: int = MAX_ENTRY_BYTES) -> str:
    """Read a UTF-8 text file, refusing oversized, binary and mis-encoded input."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    if size > limit:
        raise InputError(f"file is {size} bytes; entries are limited to {limit} bytes",
                         str(path))
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("file is empty", str(path))
    if b"\x00" in raw:
        raise InputError("file is binary (contains NUL bytes), not text", str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", str(path), line,
                         col) from None


def compose(path: Path, text: str | None = None) -> yaml.Node:
    """Parse to a node tree (no construction), then reject unsafe tags and duplicate keys."""
    text = read_text(path) if text is None else text
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(f"YAML syntax error: {exc.problem or exc}", str(path), line,
                         col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", str(path)) from None
    if node is None:
        raise InputError("file holds no YAML document", str(path))
    _check(node, path)
    return node


def _check(node: yaml.Node, path: Path) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag not in STANDARD_TAGS:
            raise InputError(f"YAML tag {n.tag!r} is not allowed (only plain data)", str(path),
                             n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise InputError("mapping keys must be plain strings", str(path),
                                     k.start_mark.line + 1, k.start_mark.column + 1)
                if k.value in seen:
                    raise InputError(f"duplicate key {k.value!r} (first on line "
                                     f"{seen[k.value]})", str(path), k.start_mark.line + 1,
                                     k.start_mark.column + 1)
                seen[k.value] = k.start_mark.line + 1
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def to_python(node: yaml.Node):
    """Plain Python values from a checked node tree (scalars stay strings)."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: to_python(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [to_python(v) for v in node.value]
    return None if node.tag.endswith(":null") else node.value


def load_yaml_mapping(path: Path) -> tuple[dict, dict[str, int]]:
    node = compose(path)
    if not isinstance(node, yaml.MappingNode):
        raise InputError("expected a mapping at the top level", str(path),
                         node.start_mark.line + 1)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return to_python(node), lines
