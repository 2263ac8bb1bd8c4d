"""The NER's fast paths give what the plain definitions give (speed work must not change tags)."""
from __future__ import annotations

ZWNJ = "\u200c"


def test_key_fast_path_for_zwnj_words_matches_the_normaliser() -> None:
    """Plain letters + ZWNJ/space skip the normaliser in key(): same key as through it."""
    from rawi.ner.tokens import key, norm

    words = ["می" + ZWNJ + "شود", "می شود", ZWNJ + "می", "می" + ZWNJ, "می" + ZWNJ * 2 + "شود",
             "خبرگزاری" + ZWNJ + "ها", "۱۲" + ZWNJ + "م", "آ" + ZWNJ + "ء", "ئ ؤ", ZWNJ, " "]
    for w in words:
        assert key.__wrapped__(w) == norm(w.replace(" ", ZWNJ)).replace(ZWNJ, ""), w


def test_one_pass_gazetteer_matches_per_sentence_tags() -> None:
    """NeuralNerModel._gazetteer_ids over sentences laid end to end == gazetteer_tags per sentence."""
    from rawi.ner.neural import NeuralNerModel, gazetteer_tags

    m = NeuralNerModel.__new__(NeuralNerModel)
    m.gazetteer = {"a": ((("a", "b", "c"), "geo"), (("a", "b"), "media")),
                   "b": ((("b",), "person"),), "x": ((("x", "y"), "unknown"),)}
    sents = [["a", "b", "c", "a", "b"], ["a"], ["b", "a", "b"], ["x", "y", "b"], ["a", "b", "c"], ["q", "a"]]
    flat = [k for s in sents for k in s]
    want = [t for s in sents for t in gazetteer_tags(s, m.gazetteer)]
    assert m._gazetteer_ids(flat, [len(s) for s in sents]) == want


def test_word_cache_start_over_keeps_the_current_text(monkeypatch) -> None:
    """Past CACHE_WORDS the cache starts over; the text being tagged keeps all its rows."""
    import rawi.ner.neural as neural
    from rawi.ner.neural import NeuralNerModel

    a = [["علی", "لاریجانی", "رئیس", "مجلس", "گفت", "."]]
    b = [["رئیس", "مجلس", "شورای", "اسلامی", "در", "تهران", "گفت", "."]]
    want = NeuralNerModel.load().tag_rawi_sentences(b)
    m = NeuralNerModel.load()
    monkeypatch.setattr(neural, "CACHE_WORDS", 8)
    m.tag_rawi_sentences(a)
    assert m.tag_rawi_sentences(b) == want  # 4 new words + 6 cached > 8: start over
    assert m._n == len(set(b[0]))


def _plain_scores(m, sentences):
    """Emission scores by the model's definition, one sentence at a time: input rows from the
    arrays, zero padding at both ends for every convolution, no cached products."""
    import numpy as np

    from rawi.ner.neural import DOC_SENTENCES
    from rawi.ner.tokens import key

    keys = [[key(t) for t in s] for s in sentences]
    m._row_ids([t for s in sentences for t in s])  # fills the per-word rows
    gz = m._gazetteer_ids([k for s in keys for k in s], [len(s) for s in keys])
    H, out, pos = m.H, [], 0
    for s in keys:
        n = len(s)
        X = np.stack([m._cache[m._rows[k]] for k in s]) + m.gaz_proj[np.array(gz[pos:pos + n])]
        pos += n
        for d, W, b in m.convs:
            P = np.zeros((n + 2 * d, H), dtype=np.float32)
            P[d:d + n] = X
            taps = np.concatenate([P[:n], P[d:d + n], P[2 * d:2 * d + n]], axis=1)  # left, centre, right
            Wv = np.concatenate([W[:, :H], W[:, H:2 * H], W[:, 2 * H:]], axis=0)  # W holds the taps side by side
            X = X + np.maximum(taps @ Wv + b, 0.0)
        out.append(X)
    X = np.concatenate(out)
    if m.doc:  # mean state of each content word's other occurrences in its chunk of sentences
        flat = [k for s in keys for k in s]
        chunk = [i // DOC_SENTENCES for i, s in enumerate(keys) for _ in s]
        forms = [m._form[m._rows[k]] for k in flat]
        content = [bool(m._content[m._rows[k]]) for k in flat]
        XP = np.zeros((len(flat), 2 * H + 1), dtype=np.float32)
        XP[:, :H] = X
        for i in range(len(flat)):
            if not content[i]:
                continue
            same = [j for j in range(len(flat)) if j != i and content[j] and chunk[j] == chunk[i] and forms[j] == forms[i]]
            if same:
                XP[i, H:2 * H] = X[same].mean(0)
                XP[i, -1] = 1.0
        X = XP
    return X @ m.W_out + m.b_out


def test_scores_match_the_plain_definition() -> None:
    """Sentences laid end to end without padding, the first layer's cached products and the
    batched pooling give the scores of the plain per-sentence computation (float32 rounding
    apart), and the same tags; a gazetteer phrase (recomputed first-layer rows) is included."""
    import numpy as np

    from rawi.ner.neural import NeuralNerModel

    m = NeuralNerModel.load()
    phrase = next(p for ps in m.gazetteer.values() for p, typ in ps if len(p) >= 2 and typ == "geo")
    sents = [["علی", "لاریجانی", "رئیس", "مجلس", "گفت", "."], ["او"], ["در", *phrase, "گفت", "لاریجانی", "."],
             ["خبرگزاری", "اسپوتنیک", "به", "نقل", "از", "منابع", "آگاه", "گزارش", "داد", "."], ["۱۲", "نفر"]]
    E, lengths, starts = m.scores(sents)
    want = _plain_scores(m, sents)
    assert lengths == [len(s) for s in sents]
    assert starts.tolist() == np.cumsum([0] + lengths[:-1]).tolist()  # end to end, no gaps
    assert E.shape == want.shape
    assert np.allclose(E, want, atol=2e-4, rtol=1e-4)
    assert np.array_equal(E.argmax(1), want.argmax(1))
