"""Safe YAML reading for entries and registries: regular files only, bounded size, UTF-8
only, no object construction, no anchors or aliases, bounded nesting, no duplicate keys, no
control characters, and every error carries file, line and column."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from narcokg.errors import InputError

MAX_ENTRY_BYTES = 5 * 1024 * 1024  # an entry is a hand-written file; 5 MB is generous
MAX_DEPTH = 64  # nesting of mappings and lists; real entries stay under 10
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                 ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# C0 controls except tab, newline and carriage return; DEL; C1 controls; lone surrogates
# (a YAML "\ud800" escape makes one; no encoder can write it back)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO (named pipe)",
         stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket"}


def read_bytes(path: Path, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them. The file is opened without
    blocking (a FIFO never hangs), checked on the opened descriptor (a symlink to a device
    is refused too) and the limit holds on the bytes actually read, not on ``st_size``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise InputError(f"is {kind}; only regular files are read", str(path))
        if info.st_size > limit:
            raise InputError(f"file is {info.st_size} bytes; entries are limited to {limit} "
                             "bytes", str(path))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputError(f"file is larger than {limit} bytes; entries are limited to {limit} "
                         "bytes", str(path))
    return b"".join(chunks)


def read_text(path: Path, limit: int = MAX_ENTRY_BYTES) -> str:
    """Read a UTF-8 text file, refusing oversized, binary and mis-encoded input."""
    raw = read_bytes(path, limit)
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


def control_character(text: str) -> str | None:
    """``control character U+001B`` for the first control character (or lone surrogate) in
    ``text``, else None. Tab and line breaks are fine."""
    found = CONTROL.search(text)
    if not found:
        return None
    code = ord(found.group())
    return f"{'lone surrogate' if code >= 0xD800 else 'control character'} U+{code:04X}"


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that entries do not accept."""


class _EntryLoader(yaml.SafeLoader):
    """Composes without anchors or aliases (no alias bomb, no cycle) and with bounded
    nesting (PyYAML's composer recurses once per level)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            what = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise _Refused(problem=f"YAML {what}{event.anchor} is not allowed: "
                                       "entries spell every value out",
                                       problem_mark=event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(problem=f"nesting deeper than {MAX_DEPTH} levels",
                                           problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(path: Path, text: str | None = None) -> yaml.Node:
    """Parse to a node tree (no construction), then reject unsafe tags, duplicate keys and
    control characters."""
    text = read_text(path) if text is None else text
    try:
        node = yaml.compose(text, Loader=_EntryLoader)
    except _Refused as exc:
        mark = exc.problem_mark
        raise InputError(exc.problem, str(path), mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        where = text[: exc.position]
        line, col = where.count("\n") + 1, exc.position - (where.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(f"character U+{char:04X} is not allowed in YAML (control "
                         "characters are refused)", str(path), line, col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = " ".join(str(exc.problem or exc).split())
        raise InputError(f"YAML syntax error: {problem}", str(path), line, col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {' '.join(str(exc).split())}", str(path)) from None
    if node is None:
        raise InputError("file holds no YAML document", str(path))
    _check(node, path)
    return node


def _error(message: str, node: yaml.Node, path: Path) -> InputError:
    return InputError(message, str(path), node.start_mark.line + 1, node.start_mark.column + 1)


def _check(node: yaml.Node, path: Path) -> None:
    stack: list[tuple[yaml.Node, str]] = [(node, "a value")]
    while stack:
        n, where = stack.pop()
        if n.tag not in STANDARD_TAGS:
            raise _error(f"YAML tag {n.tag!r} is not allowed (only plain data)", n, path)
        if isinstance(n, yaml.ScalarNode):
            bad = control_character(n.value)
            if bad:
                raise _error(f"{bad} in {where} is not allowed (entries hold plain text)",
                             n, path)
        elif isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise _error("mapping keys must be plain strings", k, path)
                if k.value in seen:
                    raise _error(f"duplicate key {k.value!r} (first on line {seen[k.value]})",
                                 k, path)
                seen[k.value] = k.start_mark.line + 1
                stack.extend(((k, "a key"), (v, f"the value of {k.value!r}")))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, where) for v in n.value)


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
