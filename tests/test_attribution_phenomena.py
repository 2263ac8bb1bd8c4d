"""Attribution phenomena met on outlets rawi never saw: one short sentence (written for these
tests) per phenomenon — source kinds, source boundaries, cues, content extents."""
from __future__ import annotations

import pytest

from rawi.annotate.attribution import annotate_attributions
from rawi.annotate.sources import classify
from rawi.doc import Doc


def _atts(text: str):
    return annotate_attributions(Doc.from_raw(text))


def _kind(phrase: str) -> str | None:
    return classify(phrase, 0, len(phrase)).kind


# --- source kinds -----------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,kind", [
    ("این دسته از کارکنان", "anonymous"),       # people after a partitive
    ("پرسنل شرکت پیمانکار", "anonymous"),
    ("امضاکنندگان این نامه", "anonymous"),        # agentive plurals name people by what they do
    ("نمایندگان مجلس", "official"),              # ... except representatives
    ("گزارش‌ها", "anonymous"),                    # bare plural reports
    ("گزارش دادستانی کشور", "organization"),      # a document speaks with its author's voice
    ("بیانیه دادستان کل کشور", "official"),
    ("نامه نمایندگان", "official"),
    ("آمار رسمی وزارت بهداشت", "organization"),
    ("صاحب امتیاز روزنامه", "official"),
])
def test_kinds(phrase: str, kind: str) -> None:
    assert _kind(phrase) == kind


def test_demonstrative_document_takes_its_issuers_kind() -> None:
    atts = _atts("وزیران خارجه چند کشور در بیانیه‌ای اعلام کردند که حمله محکوم است. "
                 "در این بیانیه آمده است: همه طرف‌ها خویشتنداری کنند.")
    doc = [a for a in atts if a.source.text == "این بیانیه"]
    assert doc and doc[0].source.kind == "official"


def test_lead_title_and_body_name_are_one_official() -> None:
    atts = _atts("نماینده مردم شهر کوچک در مجلس گفت: بازار آرام نیست. "
                 "کامران صدیقی افزود: نظارت باید بیشتر شود.")
    assert [a.source.kind for a in atts] == ["official", "official"]


# --- page furniture: a headline glued to the lead ---------------------------------------------

def test_glued_headline_ends_before_the_source() -> None:
    from rawi.segment import glue_points, sentences
    text = "این حمله پاسخی در پی داردوزیر خارجه گفت: پاسخ خواهیم داد."
    cut = text.index("وزیر")
    assert cut in glue_points(text)
    assert [text[a:b] for a, b in sentences(text)][0] == "این حمله پاسخی در پی دارد"
    atts = _atts(text)
    assert atts and atts[0].source.text == "وزیر خارجه"


def test_known_words_are_not_split() -> None:
    from rawi.segment import glue_points
    assert glue_points("گزارش آمدنیوز درباره مسائل زیست‌محیطی منتشر شد.") == []


# --- cues ---------------------------------------------------------------------------------------

def test_calling_x_y_needs_the_object_marker() -> None:
    atts = _atts("وزیر خارجه این حمله را اقدامی تروریستی خواند.")
    assert [(a.source.text, a.cue.text, a.content.text) for a in atts] == [
        ("وزیر خارجه", "خواند", "این حمله را اقدامی تروریستی")]
    assert _atts("وزیر خارجه در مسجد نماز خواند.") == []


@pytest.mark.parametrize("sentence,cue", [
    ("سخنگوی دولت از مردم دعوت کرد که در انتخابات شرکت کنند.", "دعوت کرد"),
    ("گزارش‌ها حاکی است که شمار قربانیان افزایش یافته است.", "حاکی است"),
    ("سفیر کشور خواستار آن شد که شورا تحریم‌ها را لغو کند.", "خواستار آن شد"),
    ("رئیس سازمان ضمن اشاره به اینکه بودجه کم است، گفت: کار ادامه دارد.", "ضمن اشاره به اینکه"),
])
def test_more_cues(sentence: str, cue: str) -> None:
    assert cue in [a.cue.text for a in _atts(sentence)]


# --- content extents ----------------------------------------------------------------------------

def test_first_person_statement_runs_over_its_paragraph() -> None:
    atts = _atts("وزیر نیرو گفت: ما برق کافی داریم. مصرف امسال کمتر است.\nبه گزارش ایسنا، بازار آرام بود.")
    assert atts[0].content.text == "ما برق کافی داریم. مصرف امسال کمتر است"


def test_reporters_narration_is_not_taken_on() -> None:
    atts = _atts("وزیر نیرو گفت: برق کافی است. مصرف امسال کمتر بود.")
    assert atts[0].content.text == "برق کافی است"


def test_a_verb_inside_a_quotation_does_not_cut_it() -> None:
    atts = _atts("در این بیانیه آمده است: «این رفتار صلح را تهدید می‌کند و باید متوقف شود.»")
    assert len(atts) == 1 and atts[0].content.text.endswith("باید متوقف شود.»")


# --- source boundaries --------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,source", [
    # coordinated subjects are one source
    ("مریم کریمی و سارا احمدی اعلام کرده‌اند که اخراج شده‌اند.", "مریم کریمی و سارا احمدی"),
    ("معاون فرهنگی و اجتماعی شهرداری گفت: کار ادامه دارد.", "معاون فرهنگی و اجتماعی شهرداری"),
    # a common noun takes a genitive with a demonstrative; a name before "این" opens the object
    ("رسانه‌های این کشور نوشته بودند که وزیران توافق کرده‌اند.", "رسانه‌های این کشور"),
    ("وکیل این فعال مدنی گفت: موکلم بیمار است.", "وکیل این فعال مدنی"),
    # an apposition with a describing noun
    ("مهران کاظمی، کارشناس سیاست خارجی، تاکید می‌کند که زیان زیاد است.", "مهران کاظمی، کارشناس سیاست خارجی"),
    # the object runs on past a preposition before را
    ("خبرگزاری رویترز شمار کشته شدگان در این اعتراضات را ۱۵۰۰ نفر گزارش کرد.", "خبرگزاری رویترز"),
    # a quantity after the source opens the content; a noun before a می‌ verb is the verb's
    ("طبق اعلام سازمان عفو بین الملل بیش از ۳۰۰ نفر کشته شدند.", "سازمان عفو بین الملل"),
    ("به گفته دیپلمات‌ها انتظار می‌رود که شورا تشکیل شود.", "دیپلمات‌ها"),
])
def test_source_boundaries(sentence: str, source: str) -> None:
    assert [a.source.text for a in _atts(sentence)][:1] == [source]


def test_clauses_joined_by_va_stay_apart() -> None:
    atts = _atts("نیروهای امنیتی به معترضان حمله کردند و منابع محلی خبر دادند که ده نفر زخمی شدند.")
    assert [a.source.text for a in atts] == ["منابع محلی"]


def test_object_after_coordination_is_not_the_source() -> None:
    atts = _atts("سخنگوی دولت و وزیر کشور حمله را محکوم کردند.")
    assert atts and atts[0].source.text != "سخنگوی دولت و وزیر کشور حمله"


@pytest.mark.parametrize("sentence,source,content", [
    # a parenthesis and a place after a phrase cue's source belong to it, up to the comma
    ("بنابر گزارش خبرگزاری ملی (خبرنا)، وزارت کشور افزایش قیمت را تأیید کرد.", "خبرگزاری ملی (خبرنا)", None),
    ("بر اساس گزارش‌های منتشره در شبکه اجتماعی توییتر، دو خبرنگار استعفا کرده‌اند.",
     "گزارش‌های منتشره در شبکه اجتماعی توییتر", "دو خبرنگار استعفا کرده‌اند"),
    # a relative clause about the report is neither source nor content
    ("بر اساس گزارش خبرگزاری رویترز که روز شنبه منتشر شد، شمار قربانیان ده نفر است.", "خبرگزاری رویترز",
     "شمار قربانیان ده نفر است"),
    # a second title after a complete title and its institution opens the content
    ("بنا بر اظهارات سخنگوی سازمان ملل نماینده کشور همچنان سفیر پیشین است.", "سخنگوی سازمان ملل", None),
])
def test_phrase_cue_sources(sentence: str, source: str, content: str | None) -> None:
    atts = _atts(sentence)
    assert atts and atts[0].source.text == source
    if content is not None:
        assert atts[0].content.text == content


def test_relative_clause_of_the_source_before_a_time_adverb() -> None:
    atts = _atts("گروه طالبان که بر کشور مسلط شده، هفته گذشته تقاضا کرده بود که در مجمع سخنرانی کند.")
    assert atts and atts[0].source.text == "گروه طالبان که بر کشور مسلط شده"


@pytest.mark.parametrize("sentence,content", [
    ("وزیر خارجه روز دوشنبه طی سخنانی بار دیگر این حمله را کار دشمن دانست.", "این حمله را کار دشمن"),
    ("وزیران خارجه در بیانیه‌ای مشترک این کشور را مسئول حمله خواندند.", "این کشور را مسئول حمله"),
    ("وزیران خارجه آن را قویاً محکوم کردند.", "آن را"),
    ("وزیر کشور گفت: اقدامات لازم انجام شد./", None),
])
def test_pre_verbal_content_extent(sentence: str, content: str | None) -> None:
    atts = _atts(sentence)
    if content is None:
        assert atts and not atts[0].content.text.endswith("/")
    else:
        assert atts and atts[0].content.text == content


@pytest.mark.parametrize("phrase,kind", [
    ("یک سخنگوی وزارت خارجه آمریکا", "official"),   # a post in a named body is identifiable
    ("یک مقام آمریکایی", "anonymous"),               # a generic title with a nationality is not
    ("این مقام که با شرط ناشناس ماندن صحبت کرد", "anonymous"),
    ("گزارش‌های منتشره در شبکه اجتماعی", "anonymous"),  # a channel is not the author
    ("اعضای کمیته روابط خارجی سنا", "official"),
])
def test_more_kinds(phrase: str, kind: str) -> None:
    assert _kind(phrase) == kind


def test_cataphoric_placeholder_takes_the_clause_after() -> None:
    atts = _atts("نامزد انتخابات این را هم مورد تأکید قرار داد که سرمایه‌گذاری در شهر ادامه می‌یابد.")
    assert atts and atts[0].content.text == "سرمایه‌گذاری در شهر ادامه می‌یابد"


def test_a_court_sentence_is_not_a_condemnation() -> None:
    assert _atts("دادگاه عالی این بانک را به پرداخت غرامت محکوم کرد.") == []


def test_first_person_copula_is_the_speakers_own_words() -> None:
    assert _atts("من معتقد هستم که کار درست انجام شد.") == []


def test_passive_document_cue() -> None:
    atts = _atts("در این گزارش گفته شده است پهپادها از خاک همسایه پرتاب شده‌اند.")
    assert atts and atts[0].source.text == "این گزارش" and atts[0].content.text.startswith("پهپادها")


def test_run_on_headline_ends_the_content_before_a_new_subject() -> None:
    atts = _atts("دادستانی کشور گفته که ایران یک شبکه مخفی را کشف کرده است دادستان کل کشور گفت که پرونده باز است.")
    assert atts[0].content.text.endswith("کشف کرده است")
    assert atts[1].source.text == "دادستان کل کشور"


def test_a_body_and_its_name_in_apposition() -> None:
    import rawi  # with the named entities: the name after the comma is an ORG
    atts = rawi.analyze("نهاد فرهنگی سازمان ملل متحد، یونسکو اعلام کرد که لوح باستانی بازگردانده شد.").attributions
    assert atts[0].source.text == "نهاد فرهنگی سازمان ملل متحد، یونسکو"
    atts = rawi.analyze("در همین حال، یونسکو اعلام کرد که لوح بازگردانده شد.").attributions
    assert atts[0].source.text == "یونسکو"


def test_comma_before_the_verb_closes_an_adjunct() -> None:
    atts = _atts("سخنگو در نشست خبری با انتقاد از درخواست سفارت، گفت این بیانیه‌ها بی‌پایه است.")
    assert atts and atts[0].content.text == "این بیانیه‌ها بی‌پایه است"


def test_document_cue_with_a_comma() -> None:
    atts = _atts("در بیانیه دادستان کل کشور آمده است، بانک مرکزی در این پرونده نقش داشت.")
    assert atts and atts[0].content.text == "بانک مرکزی در این پرونده نقش داشت"


def test_full_stop_before_a_quotation_mark_ends_the_sentence() -> None:
    from rawi.segment import sentences
    text = "تحقیقات ادامه دارد.«رجب اردوغان» رئیس‌جمهوری ترکیه گفت."
    assert len(sentences(text)) == 2


def test_latin_widgets_do_not_open_a_source() -> None:
    atts = _atts("Aa Aa نمایندگان سه کشور در سازمان ملل اعلام کردند که حمله محکوم است.")
    assert atts and atts[0].source.text == "نمایندگان سه کشور در سازمان ملل"


def test_wire_dispatch_place_is_neither_source_nor_content() -> None:
    atts = _atts("تنش بالا گرفت. به گزارش رویترز از لندن، وزرای خارجه گروه هفت اعلام کرده‌اند که ایران مسئول است.")
    wire = [a for a in atts if a.cue.text == "به گزارش"]
    assert wire and wire[0].source.text == "رویترز" and wire[0].content.text.startswith("وزرای خارجه")


def test_coordinated_title_after_a_phrase_cue() -> None:
    atts = _atts("بر اساس اظهارات معاون فرهنگی و اجتماعی شهرداری تهران، «دستگاه‌ها موظف هستند.»")
    assert atts and atts[0].source.text == "معاون فرهنگی و اجتماعی شهرداری تهران"


def test_a_quotation_content_ends_at_its_closing_mark() -> None:
    atts = _atts("مدیر روزنامه از خبرنگاران خواسته است «خودشان تصمیم بگیرند» که این خبرنگاران نپذیرفته‌اند.")
    assert atts and atts[0].content.text == "«خودشان تصمیم بگیرند»"


def test_a_month_name_without_a_date_is_a_name() -> None:
    atts = _atts("رجب طیب اردوغان رئیس‌جمهوری ترکیه تاکید کرد که تحقیقات ادامه دارد.")
    assert atts and atts[0].source.text == "رجب طیب اردوغان رئیس‌جمهوری ترکیه"
    atts = _atts("وزیر خارجه ۲۰ رجب گفت که تحقیقات ادامه دارد.")
    assert atts and atts[0].source.text == "وزیر خارجه"


def test_a_pro_drop_clause_joins_at_its_conjunction() -> None:
    # "ما و آقای کریمی" is one subject: the next clause joins at اما, not inside it
    atts = _atts("نماینده نامزد گفت: ما و آقای کریمی از وزیر خواستیم که وقت تمدید شود اما گفتند که امکان ندارد.")
    assert atts[0].content.text == "ما و آقای کریمی از وزیر خواستیم که وقت تمدید شود"


def test_the_name_right_before_a_prepositional_content_speaks() -> None:
    import rawi  # with the named entities
    atts = rawi.analyze("لزوم برخورد جدی با دلالان بازارهای اقتصادی رحمت‌الله نوروزی بر لزوم برخورد جدی با دلالان تأکید کرد.").attributions
    assert atts and atts[0].source.text == "رحمت‌الله نوروزی"


def test_according_to_these_reporters() -> None:
    atts = _atts("مدیر روزنامه حاضر به گفت‌وگو نشد. به گفته این خبرنگاران، اخراج‌های دیگری در راه است.")
    assert any(a.source.text == "این خبرنگاران" and a.cue.text == "به گفته" for a in atts)
