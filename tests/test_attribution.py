"""Attributions: cue forms, source phrases and kinds, content extents, anaphora, golden fixtures."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from rawi.annotate.attribution import annotate_attributions
from rawi.annotate.cues import find_cues
from rawi.annotate.sources import classify
from rawi.doc import Doc
from rawi.normalize import normalize

FIX = Path(__file__).resolve().parent / "fixtures"
ZWNJ = "\u200c"


def _doc(text: str, zwnj: bool = True) -> Doc:
    if zwnj:
        return Doc.from_raw(text)
    n = normalize(text, zwnj=False, with_map=True)
    return Doc(raw=text, text=n.text, cmap=n.cmap)


def _atts(text: str, zwnj: bool = True):
    return annotate_attributions(_doc(text, zwnj))


# --- cues -------------------------------------------------------------------------------------

@pytest.mark.parametrize("form,lemma", [
    ("گفت", "گفتن"), ("گفتند", "گفتن"), (f"می{ZWNJ}گوید", "گفتن"), ("می گوید", "گفتن"), ("میگوید", "گفتن"),
    ("گفته است", "گفتن"), (f"گفته{ZWNJ}اند", "گفتن"), ("گفته اند", "گفتن"), ("گفته بود", "گفتن"),
    ("خواهد گفت", "گفتن"), ("نگفت", "گفتن"), (f"نمی{ZWNJ}گویند", "گفتن"),
    ("تأکید کرد", "تأکید کردن"), (f"تاکید کرده{ZWNJ}اند", "تأکید کردن"), (f"تأکید می{ZWNJ}کند", "تأکید کردن"),
    ("خبر دادند", "خبر دادن"), ("اظهارداشت", "اظهار داشتن"), ("خاطر نشان کرد", "خاطرنشان کردن"),
    ("معتقدند", "معتقد بودن"), ("معتقد است", "معتقد بودن"), ("مدعی شد", "مدعی شدن"), ("افزود", "افزودن"),
    (f"می{ZWNJ}افزاید", "افزودن"), ("به گفته", "به گفته"), ("بنابر گزارش", "بنا بر گزارش"),
])
def test_cue_forms(form: str, lemma: str) -> None:
    text = f"او {form} که"
    hits = [(text[s:e], en.lemma) for s, e, en in find_cues(text)]
    assert hits == [(form, lemma)]


def test_cue_is_not_part_of_another_word() -> None:
    for text in (f"در گفت{ZWNJ}وگو با خبرنگار", "در گفت و گو با او", "شگفت زده شد", "به گفته‌ها"):
        assert [text[s:e] for s, e, _ in find_cues(text) if _.lemma == "گفتن"] == []


def test_stance_and_gloss() -> None:
    a = _atts("وزیر خارجه مدعی شد که مذاکرات پیشرفت کرده است.")[0]
    assert (a.cue.lemma_en, a.cue.stance) == ("claim", "hedged")
    a = _atts("سخنگوی ارتش تأکید کرد که حمله دفع شد.")[0]
    assert (a.cue.lemma_en, a.cue.stance) == ("emphasise", "emphatic")


# --- patterns -----------------------------------------------------------------------------------

def test_direct_quote_with_guillemets_spans_sentences() -> None:
    a = _atts("سخنگوی وزارت خارجه گفت: «ما آماده‌ایم. مذاکره ادامه دارد.» سپس جلسه تمام شد.")[0]
    assert a.mode == "direct"
    assert a.content.text == "«ما آماده‌ایم. مذاکره ادامه دارد.»"
    assert a.source.text == "سخنگوی وزارت خارجه" and a.source.kind == "official"
    assert a.source.name_en == "foreign ministry spokesperson"


def test_indirect_ke_clause() -> None:
    a = _atts("منابع آگاه گفتند که مذاکرات به بن‌بست رسیده است.")[0]
    assert (a.source.text, a.cue.text, a.content.text, a.mode) == (
        "منابع آگاه", "گفتند", "مذاکرات به بن‌بست رسیده است", "indirect")
    assert a.source.kind == "anonymous" and a.source.name_en == "informed sources"


def test_az_phrase_before_khabar_dad() -> None:
    a = _atts("وزارت بهداشت از شناسایی ۲۰ بیمار جدید خبر داد.")[0]
    assert a.source.text == "وزارت بهداشت" and a.source.kind == "organization"
    assert a.content.text == "از شناسایی ۲۰ بیمار جدید"


def test_be_gofte_finds_its_source() -> None:
    a = _atts("به گفته شاهدان عینی، دست کم ده نفر زخمی شدند.")[0]
    assert (a.source.text, a.source.kind, a.cue.lemma) == ("شاهدان عینی", "anonymous", "به گفته")
    assert a.content.text == "دست کم ده نفر زخمی شدند"


def test_content_before_source() -> None:
    a = _atts("این تصمیم هیچ تأثیری بر روند مذاکرات ندارد، سفیر روسیه در تهران گفت.")[0]
    assert a.source.text == "سفیر روسیه" and a.source.kind == "official"
    assert a.content.text == "این تصمیم هیچ تأثیری بر روند مذاکرات ندارد"


def test_via_medium_and_apposition() -> None:
    a = _atts("«علی احمدی»، سخنگوی دولت در گفت‌وگو با شبکه المیادین گفت: تحریم‌ها اثری ندارد.")[0]
    assert a.source.text.startswith("«علی احمدی»") and a.source.text.endswith("سخنگوی دولت")
    assert a.source.kind == "official"
    assert [v.text for v in a.via] == ["در گفت‌وگو با شبکه المیادین"]


def test_quoting_a_medium_makes_the_medium_a_via() -> None:
    a = _atts("رویترز به نقل از یک مقام آمریکایی گزارش داد که مذاکرات متوقف شده است.")[0]
    assert a.source.text == "یک مقام آمریکایی" and a.source.kind == "anonymous"
    assert [v.text for v in a.via] == ["رویترز"]


def test_prodrop_and_pronoun_refer_back() -> None:
    atts = _atts("وزیر نفت از افزایش تولید خبر داد و افزود: صادرات بیشتر می‌شود. وی گفت: قیمت‌ها ثابت است.")
    assert len(atts) == 3
    assert atts[0].content.text == "از افزایش تولید"
    assert atts[1].source.text == "" and atts[1].source.refers_to.text == "وزیر نفت"
    assert atts[2].source.text == "وی" and atts[2].source.refers_to.text == "وزیر نفت"
    assert atts[2].source.kind == "official"


def test_surname_refers_to_full_name() -> None:
    atts = _atts("حسن کریمی گفت که دولت آماده است. کریمی افزود: مردم صبور باشند.")
    assert atts[0].source.kind == "named"
    assert atts[1].source.refers_to is not None and atts[1].source.refers_to.text == "حسن کریمی"


def test_outlet_byline_is_not_an_attribution() -> None:
    atts = _atts("به گزارش خبرگزاری فارس، رئیس پلیس تهران گفت: ترافیک کم شد.")
    assert len(atts) == 1 and atts[0].source.text == "رئیس پلیس تهران"


def test_no_cue_no_attribution() -> None:
    assert _atts("قیمت نفت امروز افزایش یافت و بازار آرام بود.") == []


def test_kinds() -> None:
    def kind(s: str) -> str | None:
        return classify(s, 0, len(s)).kind
    assert kind("منابع محلی") == "anonymous"
    assert kind("برخی از منابع وابسته به ارتش") == "anonymous"
    assert kind("یک دیپلمات غربی") == "anonymous"
    assert kind("رئیس‌جمهور سوریه") == "official"
    assert kind("سپاه پاسداران") == "organization"
    assert kind("خبرگزاری اسپوتنیک") == "media"
    assert kind("مصعب الحلبی") == "named"


# --- the example article and golden fixtures ----------------------------------------------------

def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_attribution", FIX.parents[1] / "eval" / "attribution.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


@pytest.mark.parametrize("zwnj", [True, False])
def test_example_article_f1(zwnj: bool) -> None:
    ev = _eval_module()
    r = ev.score_file(FIX / "attribution" / "defapress-alsinaa-prison.gold.json", zwnj=zwnj)
    p, rec, f1 = ev.prf(r["exact"], r["pred"], r["gold"])
    assert f1 >= 0.9, r
    assert r["kind_ok"] == r["overlap"]
    assert all(r["prov"].values()), r["prov"]


def test_example_sourcing_profile() -> None:
    atts = annotate_attributions(Doc.from_raw((FIX / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8")))
    kinds = [a.source.kind for a in atts]
    assert kinds.count("anonymous") >= 10
    assert any(a.source.refers_to and "الحلبی" in a.source.refers_to.text for a in atts)
    assert any("اسپوتنیک" in v.text for a in atts for v in a.via)


def test_golden_set() -> None:
    ev = _eval_module()
    tot = {"gold": 0, "pred": 0, "exact": 0}
    for path in sorted((FIX / "attribution").glob("*.gold.json")):
        json.loads(path.read_text(encoding="utf-8"))  # well-formed
        r = ev.score_file(path)
        for k in tot:
            tot[k] += r[k]
    assert ev.prf(tot["exact"], tot["pred"], tot["gold"])[2] >= 0.85, tot


def test_document_as_source() -> None:
    a = _atts("در بیانیه وزارت خارجه آمده است: تحریم‌ها غیرقانونی است.")[0]
    assert (a.source.text, a.cue.text, a.content.text) == ("بیانیه وزارت خارجه", "آمده است", "تحریم‌ها غیرقانونی است")
    assert _atts("در این منطقه اصلاحات به وجود آمده است که مردم راضی‌اند.") == []


def test_country_speaks_as_its_government() -> None:
    a = _atts("سوریه نیز به آمریکا گفت: مرز خود را با عراق بسته است.")[0]
    assert a.source.kind == "organization" and a.source.name_en == "Syria (government)"


def test_quoted_pronoun_verbs_are_not_new_attributions() -> None:
    atts = _atts("وی افزود: «آنها می‌گویند که ما شکست خوردیم، اما ما پیروزیم.»")
    assert len(atts) == 1 and atts[0].cue.text == "افزود"


def test_find_cues_same_as_the_plain_pattern() -> None:
    """The letter-dispatched scanner must find exactly what the single big pattern finds."""
    from rawi.annotate.cues import _compiled

    pat, es = _compiled()
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIX / "attribution").glob("*.txt"))]
    texts.append((FIX / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8"))
    n = 0
    for raw in texts:
        text = _doc(raw).text
        plain = [(m.start(), m.end(), es[int(m.lastgroup[1:])]) for m in pat.finditer(text) if m.lastgroup]
        assert list(find_cues(text)) == plain
        n += len(plain)
    assert n > 100


def test_dateline_and_our_reporter_are_not_sources() -> None:
    a = _atts("تهران- ایرنا- وزیر امور خارجه کشورمان روز دوشنبه گفت: مذاکرات ادامه دارد.")
    assert [x.source.text for x in a] == ["وزیر امور خارجه کشورمان"]
    a = _atts("به گزارش خبرنگار ما، یکی از شهروندان گفت: قیمت‌ها بالا است.")
    assert [(x.source.text, x.cue.text) for x in a] == [("یکی از شهروندان", "گفت")]


def test_durative_want_is_not_a_request_but_protest_is_a_cue() -> None:
    a = _atts("رهبر این گروه می‌خواست ایدئولوژی اسلامی را جایگزین اندیشه‌های سکولار کند.")
    assert a == []
    a = _atts("جمعی از شهروندان به قیمت بالای میوه اعتراض کردند.")
    assert [(x.cue.text, x.content.text) for x in a] == [("اعتراض کردند", "به قیمت بالای میوه")]


def test_speech_adverbial_is_not_content() -> None:
    a = _atts("میخائیل گورباچف در پایان سخنان خود در خصوص حمله آمریکا به ایران هشدار داد.")
    assert [x.content.text for x in a] == ["در خصوص حمله آمریکا به ایران"]


def test_object_with_ra_is_not_the_source_and_scene_is_not_content() -> None:
    a = _atts("علی اصغر مرادزاده در جلسه شورای اداری شهرستان، مردم را پیروز نهایی انتخابات دانست.")
    assert [(x.source.text, x.content.text) for x in a] == [("علی اصغر مرادزاده", "مردم را پیروز نهایی انتخابات")]


def test_time_adverb_ends_the_source() -> None:
    a = _atts("پادشاه بحرین سه‌شنبه گذشته گفت: گفت‌وگوها از ماه آینده آغاز خواهد شد.")
    assert a[0].source.text == "پادشاه بحرین"
    a = _atts("امام جمعه شهرکرد گفت: دعا باید با نیت صادق باشد.")
    assert a[0].source.text == "امام جمعه شهرکرد"


def test_institution_names_with_va_stay_in_the_source() -> None:
    a = _atts("رئیس سازمان برنامه و بودجه گفت: بودجه سال آینده بدون کسری بسته می‌شود.")
    assert a[0].source.text == "رئیس سازمان برنامه و بودجه"
    a = _atts("مدیرکل میراث فرهنگی، صنایع دستی و گردشگری استان همدان گفت: ۲۲ برنامه اجرا می‌شود.")
    assert a[0].source.text == "مدیرکل میراث فرهنگی، صنایع دستی و گردشگری استان همدان"


def test_medium_before_a_quoted_name_ends_the_phrase_source() -> None:
    a = _atts("به نوشته بی‌بی‌سی «فیلیپ هاموند» وزیر خارجه انگلستان گفت، انگلیس دچار جدایی آشفته‌ای می‌شود.")
    assert a[0].source.text == "بی‌بی‌سی" and a[0].source.kind == "media"


def test_plural_after_vowel_but_not_a_surname() -> None:
    assert classify("یکی از سخنگویان ارتش", 0, 20).kind == "official"
    assert classify("حمید امیریان", 0, 12).kind == "named"


def test_first_and_second_person_cues_are_inside_someone_elses_words() -> None:
    a = _atts("وی افزود: من به صراحت گفتم که زمین ورزشگاه کیفیت ندارد.")
    assert [x.cue.text for x in a] == ["افزود"]
    a = _atts("ما اعلام می‌کنیم که ایران حامی مسلمانان است.")
    assert a == []
    a = _atts("منابع محلی می‌گویند که سه نفر کشته شدند.")
    assert [x.cue.text for x in a] == ["می‌گویند"]


def test_a_clause_is_not_a_source() -> None:
    a = _atts("به گزارش این روزنامه، این گزارش حاکی است که وزیر کار گفت: اشتغال افزایش یافت.")
    assert all("حاکی" not in x.source.text for x in a)


def test_scene_before_subject_and_nested_cue_in_ke_content() -> None:
    a = _atts("در این مراسم علیرضا سرگل زهی شهردار منطقه ۹ با اشاره به نقش نظم و امنیت در جامعه گفت: همکاران کمتر تقدیر می‌شوند.")
    assert [x.source.text for x in a] == ["علیرضا سرگل زهی شهردار منطقه ۹"]
    a = _atts("خبرگزاری فرانسه افزود که مفاد این توافقنامه بر آموزش و تمرینات نظامی تأکید دارد.")
    assert [x.cue.text for x in a] == ["افزود"]


def test_recommend_regard_and_bana_bar() -> None:
    a = _atts("صندوق بین المللی پول به آمریکا توصیه کرده است این رقم را به کمتر از ۳ درصد برساند.")
    assert [(x.source.text, x.cue.text) for x in a] == [("صندوق بین المللی پول", "توصیه کرده است")]
    a = _atts("بنابر این گزارش، وزیر دفاع سه‌شنبه گذشته به نواکشوت سفر کرده بود.")
    assert a and a[0].source.text == "این گزارش"
