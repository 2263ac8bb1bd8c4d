"""Attribution phenomena of multi-outlet prose and speaker identity (sentences written for these tests)."""
from __future__ import annotations

import rawi


def _triples(text: str) -> list[tuple[str, str, str]]:
    return [(a.source.text, a.cue.text, a.content.text) for a in rawi.analyze(text).attributions]


def test_subject_before_an_adjunct_clause():
    got = _triples("نماینده مردم کرج در مجلس، با بیان اینکه شبکه توزیع باید اصلاح شود، گفت: دولت باید نظارت کند.")
    assert [s for s, _c, _t in got] == ["نماینده مردم کرج در مجلس"] * 2


def test_modal_inside_the_adjunct_does_not_block_the_main_verb():
    got = _triples("وی با بیان اینکه باید برنامه‌ها را اصلاح کنیم، افزود: اکنون تجارب در دسترس است.")
    assert ("وی", "افزود", "اکنون تجارب در دسترس است") in got


def test_post_held_in_a_body_is_part_of_the_title():
    got = _triples("نماینده ایران در سازمان ملل این اتهام را رد کرده است.")
    assert got and got[0][0] == "نماینده ایران در سازمان ملل"


def test_rejecting_an_act_is_not_a_statement():
    assert _triples("رئیس‌جمهور روسیه هرگونه مذاکره با شورشیان را رد کرده است.") == []


def test_coordinated_countries_speak_together():
    got = _triples("آمریکا، بریتانیا و رومانی این حمله را محکوم کردند.")
    assert got and got[0][0] == "آمریکا، بریتانیا و رومانی"


def test_relative_clause_belongs_to_the_source():
    got = _triples("این مقام که با شرط ناشناس ماندن صحبت کرده است، می‌گوید تحقیقات ادامه دارد.")
    assert got[0][0] == "این مقام که با شرط ناشناس ماندن صحبت کرده است"
    assert got[0][2] == "تحقیقات ادامه دارد"


def test_source_inside_a_relative_clause():
    got = _triples("آماری که بسیاری از کارشناسان معتقدند بیش از عدد اعلامی است.")
    assert got and got[0][0] == "بسیاری از کارشناسان"


def test_addressee_before_the_cue_leaves_the_content_after_it():
    got = _triples("رئیس‌جمهور آمریکا بار دیگر به طالبان هشدار داد هرگونه حمله با واکنش شدید روبه‌رو می‌شود.")
    assert got and got[0][2].startswith("هرگونه حمله")


def test_relayer_and_quoted_source_are_two_attributions():
    got = _triples("برخی منابع خبری عراق به نقل از یک منبع امنیتی از افزایش تلفات به ۲۱ کشته خبر دادند.")
    srcs = {(s, c) for s, c, _t in got}
    assert ("برخی منابع خبری عراق", "خبر دادند") in srcs and ("یک منبع امنیتی", "به نقل از") in srcs
    assert all(t.startswith("از افزایش") for _s, _c, t in got)


def test_figures_of_a_recognisable_source():
    got = _triples("بر اساس آمار رسمی وزارت بهداشت، ۲۹۲ نفر در ۲۴ ساعت گذشته جان باختند.")
    assert got and got[0][0].startswith("آمار رسمی وزارت بهداشت")


def test_subheading_glued_to_the_next_sentence():
    got = _triples("بازار کالاها نابسامان است نماینده مردم کرج با بیان اینکه بازار نابسامان است، گفت: دولت باید نظارت کند.")
    assert {s for s, _c, _t in got} == {"نماینده مردم کرج"}


def test_new_cues():
    for text, cue in (("سخنگوی دولت حمله را محکوم کرد.", "محکوم کرد"),
                      ("وزیر خارجه در توییتی نوشت که مذاکرات ادامه دارد.", "نوشت"),
                      ("وزیر بهداشت با ورود بخش خصوصی مخالفت کرد.", "مخالفت کرد")):
        assert cue in [c for _s, c, _t in _triples(text)], text


def test_one_speaker_across_title_name_surname_and_pronoun():
    a = rawi.analyze("وزیر امور خارجه گفت مذاکرات ادامه دارد. به گزارش ایسنا، محمدجواد ظریف، وزیر امور خارجه روز شنبه "
                     "گفت: ما آماده‌ایم. وی افزود: تحریم‌ها باید لغو شود. ظریف همچنین گفت که سفر ادامه دارد.")
    ids = {x.source.speaker.id for x in a.attributions}
    assert len(a.attributions) == 4 and len(ids) == 1
    sp = a.attributions[0].source.speaker
    assert sp.name == "محمدجواد ظریف" and sp.title == "وزیر امور خارجه" and sp.kind == "official"


def test_a_name_titled_elsewhere_is_an_official():
    a = rawi.analyze("امیر حاتمی وزیر دفاع در مراسمی حاضر شد. حاتمی گفت ارتش آماده است.")
    assert a.attributions[0].source.kind == "official"
    assert a.attributions[0].source.speaker.title == "وزیر دفاع"


def test_two_people_with_the_same_title_word_stay_apart():
    a = rawi.analyze("علی اکبری وزیر نیرو گفت سدها آماده‌اند. رضا کریمی وزیر نفت گفت تولید بالا رفته است.")
    assert len({x.source.speaker.id for x in a.attributions}) == 2


def test_raisi_is_a_name_not_a_title():
    a = rawi.analyze("سید ابراهیم رئیسی گفت دولت آماده است.")
    sp = a.attributions[0].source
    assert sp.name_en and "head" not in sp.name_en.lower()


def test_an_unnamed_group_is_anonymous_and_never_romanised():
    a = rawi.analyze("هزاران نفر از کارکنان پیمانکاری می‌گویند قراردادها باید اصلاح شود.")
    src = a.attributions[0].source
    assert src.kind == "anonymous" and src.name_en_method != "romanized"


def test_this_official_after_an_unnamed_official_stays_unnamed():
    a = rawi.analyze("یک مقام سودانی می‌گوید ۵۰ جسد پیدا شده است. این مقام که با شرط ناشناس ماندن صحبت کرده است، "
                     "می‌گوید تحقیقات لازم است.")
    assert [x.source.kind for x in a.attributions] == ["anonymous", "anonymous"]
    assert len({x.source.speaker.id for x in a.attributions}) == 1


def test_states_speaking_together_are_governments():
    src = rawi.analyze("آمریکا، بریتانیا و رومانی این حمله را محکوم کردند.").attributions[0].source
    assert src.kind == "organization" and src.name_en == "US, UK, Romania (governments)"


def test_a_description_ending_in_a_ministry_word_takes_no_title():
    a = rawi.analyze("کارکنان پیمانکاری نفت می‌گویند قراردادها باید اصلاح شود. وزیر نفت گفت بررسی می‌کنیم.")
    assert a.attributions[0].source.speaker.title is None


def test_curated_english_for_people_and_organisations():
    a = rawi.analyze("لوید آستین گفت نیروها آماده هستند. سازمان ملل اعلام کرد کمک ارسال می‌شود. کاخ سفید اعلام کرد تحریم‌ها ادامه دارد.")
    names = {e.text: (e.name_en, e.name_en_method) for e in a.entities}
    assert names["لوید آستین"] == ("Lloyd Austin", "curated")
    assert names["کاخ سفید"] == ("White House", "curated")
    assert [x.source.name_en_method for x in a.attributions[1:]] == ["curated", "curated"]


def test_a_curated_office_holds_only_in_its_years():
    biden_2022 = rawi.analyze("بایدن گفت نیروها خارج می‌شوند.", published="2022-05-01").attributions[0].source
    biden_2006 = rawi.analyze("بایدن گفت نیروها خارج می‌شوند.", published="2006-05-01").attributions[0].source
    assert biden_2022.kind == "official" and biden_2006.kind == "named"
    assert biden_2022.speaker.title_en.startswith("US president")


def test_subheading_ending_in_a_verb_then_a_pronoun_subject():
    got = _triples("شبکه توزیع باید مدیریت شود وی با تأکید بر اینکه شبکه توزیع باید مدیریت شود، افزود: نظارت لازم است.")
    assert {s for s, _c, _t in got} == {"وی"}


def test_a_modal_in_a_glued_subheading_does_not_block_the_next_clause():
    got = _triples("مجلس باید نظارت را تقویت کند این نماینده مردم در مجلس گفت: نظارت باید تقویت شود.")
    assert got and got[0][0] == "این نماینده مردم در مجلس"


def test_congratulating_and_condoling_are_not_reports():
    assert _triples("وزیر خارجه پیروزی او را تبریک گفت.") == []
    assert _triples("رئیس‌جمهور درگذشت این مجاهد را تسلیت گفت.") == []


def test_names_with_va_from_the_curated_organisations_stay_whole():
    got = _triples("سخنگوی کمیسیون امنیت ملی و سیاست خارجی مجلس گفت مذاکرات ادامه دارد.")
    assert got and got[0][0] == "سخنگوی کمیسیون امنیت ملی و سیاست خارجی مجلس"


def test_unnamed_people_are_anonymous():
    a = rawi.analyze("دانشمندان می‌گویند دمای زمین بالا رفته است.")
    assert a.attributions[0].source.kind == "anonymous"


def test_a_dateline_inside_the_sentence_starts_the_source_after_it():
    got = _triples("اعتراض نماینده نامزد به وزارت کشور خبر آنلاین : نماینده نامزد در وزارت کشور گفت: ما خواستار تمدید شدیم.")
    assert got and got[0][0] == "نماینده نامزد در وزارت کشور"


def test_a_reporting_participle_ends_the_source():
    got = _triples("دادستانی بحرین گفته و دادستان این کشور گفت بانک‌ها جریمه شدند.")
    assert all("گفته" not in s for s, _c, _t in got)


def test_an_indefinite_document_is_not_a_source():
    assert all(c != "طبق" for _s, c, _t in _triples("طبق مصوبه‌ای از شورای نگهبان، این امکان فراهم نیست."))


def test_curated_names_the_ner_missed_are_entities():
    a = rawi.analyze("نانسی پلوسی و چاک شومر از طرح تازه حمایت کردند و گروه اقدام مالی هشدار داد.")
    got = {e.name_en for e in a.entities if e.name_en_method == "curated"}
    assert {"Nancy Pelosi", "Chuck Schumer"} <= got


def test_a_surname_alone_takes_the_full_curated_name():
    a = rawi.analyze("نفتالی بنت نخست‌وزیر اسرائیل به تهران هشدار داد. بنت افزود که صبر نمی‌کند.")
    per = [e for e in a.entities if e.label == "PER"]
    assert per and all(e.name_en == "Naftali Bennett" for e in per)


def test_a_quotation_first_then_its_source():
    a = rawi.analyze("«ما از حقوق ملت کوتاه نمی‌آییم و مذاکره را ادامه می‌دهیم.» این بخشی از سخنان وزیر امور خارجه "
                     "در نشست خبری امروز است.")
    x = a.attributions[0]
    assert x.source.text == "وزیر امور خارجه" and x.mode == "direct" and x.content.text.startswith("«ما از حقوق")


def test_wrote_with_the_quotation_on_the_next_line():
    for t in ("وزیر امور خارجه در توییتی نوشت:\nتحریم‌ها باید فورا لغو شوند.", "روزنامه کیهان نوشت؛\nدولت باید پاسخ دهد."):
        a = rawi.analyze(t)
        assert a.attributions and a.attributions[0].cue.text == "نوشت" and a.attributions[0].mode == "direct"
        assert a.attributions[0].content.start > t.index("\n") - 1


def test_this_official_is_the_official_last_named():
    a = rawi.analyze("معاون سیاسی استاندار گفت انتخابات برگزار می‌شود. این مسئول افزود که امنیت برقرار است.")
    assert len({x.source.speaker.id for x in a.attributions}) == 1


def test_a_title_used_alone_takes_the_holder_named_beside_it():
    a = rawi.analyze("علی رضایی، نماینده مردم کرج در مجلس در جلسه حاضر بود. نماینده مردم کرج در مجلس گفت بودجه کم است.")
    assert a.attributions[0].source.speaker.name == "علی رضایی"


def test_this_report_with_no_medium_quoted_is_the_outlets_own():
    a = rawi.analyze("به گزارش ایسنا، وزیر نیرو گفت سدها پر است. بر اساس این گزارش، ۲۰ سد خالی است.")
    src = a.attributions[-1].source
    assert src.kind == "media" and src.refers_to.text == "ایسنا"
