"""Indented JSON, byte for byte what json.dumps(value, ensure_ascii=False, indent=N) writes, made faster.

The standard library encodes indented JSON with its pure-Python encoder (its C encoder serves compact
output only). The archive writes its downloads, provenance records and registry indented, so that a
person can read and diff them: at 10,000 reports some 150 MB, a few CPU seconds in that encoder. Here
every string still goes through json's own C string encoder; only the walk over lists and objects is
this module's, one join per container instead of one generator step per token.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder when the _json module is there, as json.dumps uses
from typing import Any

_FLOAT_SPECIAL = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def dumps(value: Any, indent: int = 1) -> str:
    """json.dumps(value, ensure_ascii=False, indent=indent), the same text."""
    return _encode(value, "\n", " " * indent)


def _scalar(value: Any) -> str | None:
    """The JSON of a string, number, boolean or null, or None for a container or another type."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        return _FLOAT_SPECIAL.get(value) or float.__repr__(value)
    return None


def _encode(value: Any, newline: str, step: str) -> str:
    """Encode one value whose first line starts after `newline` (a line break and the current indent)."""
    text = _scalar(value)
    if text is not None:
        return text
    inner = newline + step
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if not isinstance(key, str):  # json turns other keys into strings by rules of its own: let it
                return json.dumps(value, ensure_ascii=False, indent=len(step)).replace("\n", newline)
            item_text = _scalar(item)
            items.append(encode_basestring(key) + ": " + (item_text if item_text is not None else _encode(item, inner, step)))
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(type(item) is str for item in value):  # lines of text, the bulk of what the archive writes
            return "[" + inner + ("," + inner).join(map(encode_basestring, value)) + newline + "]"
        return "[" + inner + ("," + inner).join([_encode(item, inner, step) for item in value]) + newline + "]"
    return json.dumps(value, ensure_ascii=False)  # raises json's own TypeError for what JSON cannot hold
