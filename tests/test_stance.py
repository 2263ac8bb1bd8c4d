"""Stance: polarity reading, the batch contract of `rawi stance`, evidence offsets."""
import json

from typer.testing import CliRunner

from rawi.cli import app
from rawi.doc import Doc
from rawi.stance import LABELS, judge
from rawi.stance.polarity import contradicts, negated_verb, polarity


def test_negated_verbs_and_lookalikes():
    for w in ("نمیشود", "نکرد", "ندارند", "نیامد", "نخواهد", "نتوانست", "نشده"):
        assert negated_verb(w), w
    for w in ("نزد", "نبرد", "نوشت", "نشان", "نیاز", "نماینده", "نظر"):
        assert not negated_verb(w), w


def test_polarity_pairs():
    assert contradicts(polarity("نماز جمعه برگزار می‌شود"), polarity("نماز جمعه برگزار نمی شود"))
    assert contradicts(polarity("قیمت سکه کاهش یافت"), polarity("قیمت سکه افزایش یافت"))
    assert contradicts(polarity("وزیر خبر را تأیید کرد"), polarity("وزیر خبر را تکذیب کرد"))
    assert not contradicts(polarity("قیمت سکه کاهش یافت"), polarity("قيمت سكه كاهش يافت"))
    assert not polarity("نه تنها وزیر بلکه معاون آمد").negated
    assert polarity("هیچ کس نیامد").negated
    assert polarity("ممکن است برگزار شود").modality == {"possible"}


def test_judge_evidence_offsets_are_normalised_text():
    text = "به گزارش خبرگزاری، قيمت سكه امروز افزايش يافت. بازار طلا آرام بود."
    j = judge("قیمت سکه کاهش یافت", text)
    assert j.stance in LABELS and 0 <= j.confidence <= 1
    norm = Doc.from_raw(text).text
    assert j.evidence and all(norm[e["start"]:e["end"]] == e["text"] for e in j.evidence)


def test_batch_contract(tmp_path):
    rows = [{"claim": "نماز جمعه برگزار نمی‌شود", "text": "نماز جمعه این هفته در تهران برگزار می‌شود.", "id": 1},
            {"claim": "تیم ملی والیبال قهرمان شد", "text": "قیمت نان در شهر افزایش یافت.", "id": 2, "x": [1]}]
    src = tmp_path / "pairs.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["stance", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == [1, 2] and got[1]["x"] == [1]
    for g, r in zip(got, rows):
        assert set(g) == set(r) | {"stance", "confidence", "evidence"}
        assert g["stance"] in {"agree", "disagree", "discuss", "unrelated"}
        assert 0 <= g["confidence"] <= 1
        for e in g["evidence"]:
            assert set(e) == {"text", "start", "end"}
    assert got[0]["stance"] == "disagree"


def test_bad_line_keeps_its_place(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text('{"claim": "الف ب", "text": "الف ب ج."}\nnot json\n{"claim": "x", "text": "y"}\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["stance", str(src)])
    lines = [l for l in res.stdout.splitlines() if l.startswith("{")]
    assert res.exit_code == 1 and len(lines) == 3 and "error" in json.loads(lines[1])


def test_shipped_model_reads_the_features_of_this_code():
    from rawi.stance import NAMES
    from rawi.stance.model import shipped

    assert shipped().names == tuple(NAMES)


def test_trees_round_trip(tmp_path):
    """A boosted-tree model keeps its predictions through save/load (float32 thresholds)."""
    import numpy as np

    from rawi.stance.model import StanceModel, Trees

    rng = np.random.default_rng(0)
    trees = Trees(np.array([0, 1, 2, 3]), np.array([[0, 1, -1]] * 4), np.array([[0.25, 0.5, np.inf]] * 4),
                  rng.normal(size=(4, 4)))
    m = StanceModel(np.zeros(2), np.ones(2), (), (), ("a", "b"), trees)
    m.save(tmp_path / "m.npz")
    x = rng.random((20, 2))
    assert np.allclose(StanceModel.load(tmp_path / "m.npz").proba(x), m.proba(x), atol=1e-6)


def test_cues_next_to_the_shared_words():
    """A claim that adds a restriction or a refusal to the article's statement, and a negation
    next to the shared words rather than in another clause."""
    from rawi.stance.features import NAMES, pair_features, sentence

    def feats(claim, text):
        v = pair_features(sentence(claim), [sentence(text)]).vector
        return dict(zip(NAMES, v))

    art = "مدیر باشگاه قرارداد مربی جدید تیم را امروز امضا کرد"
    assert feats("مدیر باشگاه از امضای قرارداد مربی جدید تیم سر باز زد", art)["claim_refuse_new"] == 1
    assert feats("فقط کارکنان دولت از این وام استفاده می‌کنند",
                 "کارکنان دولت و بازنشستگان از این وام استفاده می‌کنند")["claim_restrict_new"] == 1
    f = feats("قیمت نان در تهران افزایش یافت", "قیمت نان در تهران افزایش یافت ولی مردم راضی نبودند و خرید نکردند")
    assert f["neg_local_mismatch"] == 0 and f["run_best"] == 1
