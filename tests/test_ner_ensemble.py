"""The NER ensemble (rawi/ner/ensemble.py): composition, packing, the no-end constraint.

Uses only the shipped models (no ../shared/data needed).
"""
from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SENTS = [["حسن", "روحانی", "رئیس\u200cجمهور", "ایران", "به", "مسکو", "سفر", "کرد", "."],
         ["شرکت", "ملی", "پالایش", "و", "پخش", "فرآورده\u200cهای", "نفتی", "اعلام", "کرد", "."], []]


def test_one_member_ensemble_is_neural_plus_crf_marginals() -> None:
    """One neural member, CRF weight w: the member's scores + w x marginals, its own transitions."""
    from rawi.ner.ensemble import MultiNerModel
    from rawi.ner.model import NerModel
    from rawi.ner.neural import NeuralNerModel

    nn, crf = NeuralNerModel.load(), NerModel.load()
    alone = MultiNerModel([nn], None, crf_weight=0.0, no_end=False)
    assert alone.tag_sentences(SENTS) == nn.tag_sentences(SENTS)
    ens = MultiNerModel([nn], crf, crf_weight=2.0, no_end=False)
    Es, M, lengths, starts = ens.components([s for s in SENTS if s])
    assert M is not None and np.all(M >= 0) and np.all(M <= 1 + 1e-6)
    row = starts[0]
    np.testing.assert_allclose(M[row : row + lengths[0]].sum(1), 1.0, atol=1e-4)  # every label column kept
    np.testing.assert_allclose(ens.combine(Es, M), Es[0] + 2.0 * M, rtol=1e-6, atol=1e-5)


def test_member_weights_average_scores_and_transitions() -> None:
    from rawi.ner.ensemble import MultiNerModel
    from rawi.ner.neural import NeuralNerModel

    a, b = NeuralNerModel.load(), NeuralNerModel.load()
    ens = MultiNerModel([a, b], None, weights=[3, 1], crf_weight=0.0)
    np.testing.assert_allclose(ens.weights, [0.75, 0.25])
    np.testing.assert_allclose(ens.trans, a.trans, rtol=1e-6)  # same member twice: the same model
    assert ens.tag_sentences(SENTS) == a.tag_sentences(SENTS)


def test_viterbi_no_end_matches_constrained_brute_force() -> None:
    from rawi.ner.ensemble import viterbi_no_end
    from rawi.ner.neural import allowed_transitions

    labels = ("O", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
    K = len(labels)
    ok = allowed_transitions(labels)
    rng = np.random.default_rng(1)
    trans = np.where(ok, rng.normal(size=(K, K)), -1e4).astype(np.float32)
    start = np.where([not t.startswith("I-") for t in labels], rng.normal(size=K), -1e4).astype(np.float32)
    end = rng.normal(size=K).astype(np.float32)
    emit = rng.normal(size=(4, 5, K)).astype(np.float32)
    emit[:, :, 1] += 2.0  # entities everywhere, so the constraint matters
    lengths = np.array([5, 4, 3, 2])
    block = np.zeros((4, 5), dtype=bool)
    block[0, 2] = block[1, 3] = block[2, 0] = block[3, 1] = True
    got = viterbi_no_end(emit, lengths, trans, start, end, block, labels)
    for b, n in enumerate(lengths):
        def total(path):
            s = start[path[0]] + emit[b, 0, path[0]] + end[path[-1]]
            return s + sum(trans[path[t - 1], path[t]] + emit[b, t, path[t]] for t in range(1, n))

        def legal(path):
            for t in range(n):
                if block[b, t] and labels[path[t]] != "O":
                    nxt = labels[path[t + 1]] if t + 1 < n else "O"
                    if nxt != "I-" + labels[path[t]][2:]:
                        return False
            return True

        best = max((p for p in itertools.product(range(K), repeat=int(n)) if legal(p)), key=total)
        assert tuple(got[b, :n]) == best


def test_spans_never_end_on_a_conjunction() -> None:
    from rawi.ner import load_model
    from rawi.ner.score import chunks

    m = load_model(kind="ensemble")
    assert m.no_end
    for toks, tags in zip(SENTS, m.tag_sentences(SENTS)):
        assert len(tags) == len(toks)
        for _, a, b in chunks(tags):
            assert toks[b - 1] not in ("و", "،")


def test_quantized_rows_round_trip() -> None:
    from rawi.ner.ensemble import quantize_rows

    x = np.random.default_rng(2).normal(scale=0.1, size=(50, 64)).astype(np.float16)
    x[3] = 0
    q, s = quantize_rows(x)
    assert q.dtype == np.int8 and s.dtype == np.float16
    back = q.astype(np.float32) * s.astype(np.float32)[:, None]
    assert np.abs(back - x.astype(np.float32)).max() <= np.abs(x.astype(np.float32)).max() / 127 + 1e-3
    assert not back[3].any()


def test_packed_members_load_as_the_models_they_came_from(tmp_path: Path) -> None:
    """pack_ner_ensemble.py without quantisation: the packed member tags like its source file."""
    from rawi.ner.ensemble import ENSEMBLE_FILE, MultiNerModel
    from rawi.ner.lexicon import DATA
    from rawi.ner.neural import MODEL_FILE, NeuralNerModel

    out = tmp_path / ENSEMBLE_FILE
    subprocess.run([sys.executable, str(ROOT / "scripts" / "pack_ner_ensemble.py"), str(DATA / MODEL_FILE),
                    "--weights", "1,1", "--crf-weight", "0", "--no-quantize", "--out", str(out)],
                   check=True, capture_output=True)
    with np.load(out) as z:
        meta = json.loads(str(z["ensemble"]))
        assert "m1/pre_vecs" not in z.files  # the shared table is stored once, in ner_nn.npz
    assert meta["members"] == ["m1/"] and meta["crf_weight"] == 0.0
    ens = MultiNerModel.load(path=out)
    assert len(ens.members) == 2 and ens.crf is None
    assert ens.tag_sentences(SENTS) == NeuralNerModel.load().tag_sentences(SENTS)


def test_shipped_ensemble_loads_fast() -> None:
    import time

    from rawi.ner import load_model

    t0 = time.perf_counter()
    m = load_model(kind="ensemble")
    assert time.perf_counter() - t0 < 3.0  # < 1 s on the development machine; slack for busy CI
    assert [len(t) for t in m.tag_sentences(SENTS)] == [len(s) for s in SENTS]


def test_crf_viterbi_mode_adds_the_crf_path_one_hot() -> None:
    from rawi.ner.ensemble import MultiNerModel
    from rawi.ner.model import NerModel
    from rawi.ner.neural import NeuralNerModel

    crf = NerModel.load()
    ens = MultiNerModel([NeuralNerModel.load()], crf, crf_weight=0.5, crf_mode="viterbi")
    live = [s for s in SENTS if s]
    Es, M, lengths, starts = ens.components(live)
    want = crf.tag_rawi_sentences(live)
    for s, p, n in zip(want, starts.tolist(), lengths):
        assert [ens.labels[j] for j in M[p : p + n].argmax(1)] == s
        np.testing.assert_array_equal(M[p : p + n].sum(1), 1.0)
    with pytest.raises(ValueError):
        MultiNerModel([NeuralNerModel.load()], crf, crf_mode="soft")
