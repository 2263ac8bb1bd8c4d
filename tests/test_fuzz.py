"""Fuzzing in CI, on a bounded budget (~15 s): seeded inputs from tests/fuzz.py and
hypothesis-generated text and bytes. The long run: ``python -m tests.fuzz --n 10000``."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import rawi  # noqa: E402
from rawi.io import InputError  # noqa: E402

from .fuzz import ALPHABET, SNIPPETS, check, raw_text, run_one  # noqa: E402

CI = settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("block", range(4))
def test_seeded_inputs_keep_every_invariant(block):
    bad = {}
    for seed in range(block * 40, block * 40 + 40):
        status, details = run_one(seed)
        if status in ("crash", "broken"):
            bad[seed] = details[:2]
    assert not bad, bad


def _analyze_or_refuse(inp):
    try:
        a = rawi.analyze(inp)
    except InputError:
        return
    errors = check(a, raw_text(inp, a))
    assert not errors, errors


pieces = st.one_of(st.sampled_from(ALPHABET), st.sampled_from(SNIPPETS), st.text(max_size=3))


@CI
@given(st.lists(pieces, max_size=80).map("".join))
def test_generated_text(text):
    _analyze_or_refuse(text)


@CI
@given(st.binary(max_size=300))
def test_generated_bytes(data):
    _analyze_or_refuse(data)
