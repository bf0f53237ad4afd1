"""YAML files read with the line of every value, so a bad value is reported as `file:line: field: problem`."""

from __future__ import annotations

from pathlib import Path

import yaml

from casebook.errors import InvalidRecord


def load_with_lines(path: Path):
    """(data, lines): the parsed YAML and {path tuple: 1-based line} for every mapping value and list item."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidRecord(path, None, "(file)", "not UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InvalidRecord(path, mark.line + 1 if mark else None, "(file)", f"not valid YAML: {getattr(e, 'problem', None) or e}") from None
    lines: dict[tuple, int] = {}

    def walk(n, at: tuple):
        lines[at] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(v, at + (k.value,))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, at + (i,))

    if node is not None:
        walk(node, ())
    return data, lines


class Checker:
    """Field checks for one YAML file; each failure names the file, the line and the dotted field."""

    def __init__(self, path: Path, lines: dict):
        self.path, self.lines = Path(path), lines

    def fail(self, at: tuple, problem: str, hint: str | None = None):
        line = None
        for i in range(len(at), -1, -1):  # the nearest line we know
            if at[:i] in self.lines:
                line = self.lines[at[:i]]
                break
        field = ".".join(str(p) for p in at) or "(file)"
        raise InvalidRecord(self.path, line, field, problem, hint)

    def get(self, data: dict, at: tuple, key: str, kind=str, required=True, choices=None):
        value = data.get(key) if isinstance(data, dict) else None
        here = at + (key,)
        if value is None:
            if required:
                self.fail(here, "is missing")
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is str and hasattr(value, "isoformat"):
            value = value.isoformat()  # YAML reads 2015-06-12 as a date
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(here, f"expected {getattr(kind, '__name__', kind)}, got {type(value).__name__} {value!r}")
        if choices is not None:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if item not in choices:
                    self.fail(here + ((i,) if isinstance(value, list) else ()), f"{item!r} is not one of {', '.join(choices)}")
        return value


def list_entries(path: Path, key: str, targets: tuple[str, ...]):
    """Entries of a `key:` list file (corrections, takedowns), each with one target: yields (checker, at, item, target).

    A missing or empty file has no entries.
    """
    path = Path(path)
    if not path.exists():
        return
    data, lines = load_with_lines(path)
    c = Checker(path, lines)
    if data is None:
        return
    if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
        c.fail((), f"expected a mapping with a list under `{key}`")
    for i, item in enumerate(data.get(key) or []):
        at = (key, i)
        if not isinstance(item, dict):
            c.fail(at, "expected a mapping")
        found = [k for k in targets if k in item]
        if len(found) != 1:
            c.fail(at, "name exactly one target: " + " or ".join(f"{t}: <{'url' if t == 'url' else 'id'}>" for t in targets))
        yield c, at, item, found[0]
