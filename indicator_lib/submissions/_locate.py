"""Finding the line of a field path (``indicators[3].weight``) in JSON or YAML text.

Decides how a validation error gets a line number: the text is composed (not constructed)
with PyYAML — JSON is read the same way, being YAML's flow style — only when an error has to
be located, so loading good files costs nothing. Keys are matched through the same aliases as
the models (a file that wrote ``分值`` is found for ``weight``). Without the ``yaml`` extra, or
when the text does not compose, errors simply carry no line.
"""

from __future__ import annotations

import re
from typing import Any

from indicator_lib.submissions._aliases import FIELD_ALIASES, norm_key
from indicator_lib.submissions._errors import Locator

__all__ = ["yaml_locator"]

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _fields_of(key: str) -> set[str]:
    """Every field name a written key may stand for."""
    found = {key}
    norm = norm_key(key)
    for table in FIELD_ALIASES.values():
        for field, aliases in table.items():
            if norm == field or norm in (norm_key(a) for a in aliases):
                found.add(field)
    return found


def yaml_locator(text: str, name: str, *, document: int = 0) -> Locator:
    """Return a locator for field paths in ``text`` (its ``document``-th YAML document)."""
    root: list[Any] = []

    def compose() -> Any:
        if root:
            return root[0]
        node = None
        try:
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            nodes = [n for n in yaml.compose_all(text, Loader=loader) if n is not None]
            if len(nodes) == 1 and isinstance(nodes[0], yaml.SequenceNode):
                nodes = list(nodes[0].value)
            node = nodes[document] if document < len(nodes) else None
        except Exception:  # any failure only means "no line number"
            node = None
        root.append(node)
        return node

    def locate(path: str) -> tuple[int | None, int | None, str | None]:
        node = compose()
        if node is None:
            return None, None, None
        mark = node.start_mark
        for match in _TOKEN.finditer(path):
            key, index = match.group(1), match.group(2)
            value = getattr(node, "value", None)
            if index is not None:
                if not isinstance(value, list) or int(index) >= len(value):
                    break
                node = value[int(index)]
                mark = node.start_mark
                continue
            if not isinstance(value, list) or not all(isinstance(p, tuple) for p in value):
                break
            found = None
            for key_node, value_node in value:
                if isinstance(key_node.value, str) and key in _fields_of(key_node.value):
                    found = (key_node, value_node)
                    break
            if found is None:
                break
            mark = found[0].start_mark
            node = found[1]
        return mark.line + 1, mark.column + 1, None

    return locate
