"""The CSL-JSON writer's fast encoder writes exactly what ``json.dumps(..., indent=2)`` writes
(the standard library is the oracle), for any JSON value: floats in every notation, big
integers, escapes, lone surrogates, empty containers."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.formats.csljson import _encode

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(items=st.lists(st.dictionaries(st.text(max_size=6), JSON, max_size=5), max_size=4), indent=st.sampled_from([None, 1, 2, 4]))
def test_encode_equals_json_dumps(items: list[dict[str, Any]], indent: int | None) -> None:
    assert _encode(items, indent) == json.dumps(items, ensure_ascii=False, indent=indent)


def test_the_known_differences_fall_back() -> None:
    for value in (1e-05, float("nan"), float("-inf"), "\ud800", 2**80, -0.0):
        assert _encode([{"v": value}], 2) == json.dumps([{"v": value}], ensure_ascii=False, indent=2)
