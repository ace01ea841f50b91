"""The one YAML reader: mappings and lists that remember the line each key and item is written on,
so every data and front matter problem names its line (PyYAML's loaded values keep none)."""
from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor

from .report import Problem

# libyaml composes ~20x faster with the same marks; PyYAML words an error more clearly, so it reads
# the text again only when libyaml fails.
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Map(dict):
    """A YAML mapping: `line` is where it starts, `lines[key]` where each key is written."""
    line = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}


class Seq(list):
    """A YAML sequence: `line` is where it starts, `lines[i]` where item i is written."""
    line = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []


def load(text: str, shown: str, first_line: int = 1, subject: str = "", hint: str = "") -> tuple[object, list[Problem], list]:
    """Returns (value, problems, duplicates): Map/Seq/scalars with 1-based file lines (the text starts on
    `first_line`), a syntax error as one Problem (then value is None; `subject` and `hint` start and end
    its message), and the keys written twice in one mapping as (key, first line, repeated line)."""
    try:
        try:
            node = yaml.compose(text, Loader=FAST)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        line = mark.line + first_line if mark is not None else first_line
        return None, [Problem(shown, line, f"{subject}not valid YAML ({what}): fix the syntax{hint}")], []
    duplicates: list = []
    value = _located(node, first_line - 1, duplicates) if node is not None else None
    return value, [], duplicates


def _located(node, offset: int, duplicates: list):
    if isinstance(node, yaml.MappingNode):
        out = Map()
        out.line = node.start_mark.line + 1 + offset
        for key_node, value_node in node.value:
            key = _located(key_node, offset, duplicates)
            key = key if isinstance(key, str) else str(key)
            line = key_node.start_mark.line + 1 + offset
            if key in out:
                duplicates.append((key, out.lines[key], line))
                continue
            out[key] = _located(value_node, offset, duplicates)
            out.lines[key] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        out = Seq()
        out.line = node.start_mark.line + 1 + offset
        for item in node.value:
            out.append(_located(item, offset, duplicates))
            out.lines.append(item.start_mark.line + 1 + offset)
        return out
    return SafeConstructor().construct_object(node, deep=True)


def lines_of(value, prefix: str = "", out: dict | None = None) -> dict[str, int]:
    """Dotted path ('troubleshooting.causes.0') -> line, for every key and item under `value`."""
    out = {} if out is None else out
    if isinstance(value, Map):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else key
            out.setdefault(name, value.lines[key])
            lines_of(item, name, out)
    elif isinstance(value, Seq):
        for index, item in enumerate(value):
            name = f"{prefix}.{index}"
            out.setdefault(name, value.lines[index])
            lines_of(item, name, out)
    return out


def plain(value):
    """The same value as plain dicts and lists (for code that compares or serialises it)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
