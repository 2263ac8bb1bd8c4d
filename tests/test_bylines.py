"""Bylines, datelines and mastheads (rawi/annotate/bylines.py): one test per form and per false outlet.

Sentences are written for these tests; outlet names are real, the news is not."""
from __future__ import annotations

import pytest

import rawi
from rawi.annotate import outlets as R

LEAD = "وزیر نیرو از افتتاح سه سد تازه در استان خبر داد. "


def outlet(text: str):
    return rawi.analyze(text).provenance.outlet


def test_signature_after_a_lead():
    o = outlet(LEAD + "به گزارش خبرگزاری ایسنا، وزیر نیرو گفت این سدها تا پاییز آبگیری می‌شوند.")
    assert o.name_en == "ISNA" and o.known is True


def test_signature_with_desk_and_unknown_outlet():
    a = rawi.analyze(LEAD + "به گزارش گروه سیاسی رمزگشانیوز، وزیر نیرو گفت این سدها آماده‌اند.")
    o = a.provenance.outlet
    assert o.text == "رمزگشانیوز" and o.known is False
    assert o.name_en.endswith("News")
    assert a.provenance.desk.text == "گروه سیاسی"
    assert all("رمزگشانیوز" not in x.source.text for x in a.attributions)


def test_signature_with_time_words_and_relay():
    p = rawi.analyze(LEAD + "به گزارش روز سه شنبه ایرنا به نقل از شبکه الجزیره، وزیر نیرو گفت سدها آماده‌اند.").provenance
    assert p.outlet.name_en == "IRNA"
    assert [r.text for r in p.relayed_from][:1] == ["شبکه الجزیره"]


@pytest.mark.parametrize("sig", ["به گزرش", "ه گزارش"])
def test_signature_typos(sig):
    assert outlet(LEAD + sig + " ایسنا، وزیر نیرو گفت سدها آماده‌اند.").name_en == "ISNA"


def test_outlet_type_noun_with_an_unknown_name():
    o = outlet(LEAD + "به گزارش خبرگزاری سپیدان، وزیر نیرو گفت سدها آماده‌اند.")
    assert o.text == "خبرگزاری سپیدان" and o.known is False and o.name_en.endswith("News Agency")


def test_dateline_city_dash_outlet():
    o = outlet("اصفهان- ایرنا- وزیر نیرو گفت سدها تا پاییز آبگیری می‌شوند.")
    assert o.name_en == "IRNA"


def test_dateline_outlet_first_then_city():
    assert outlet("ایرنا- آنکارا- وزیر خارجه ترکیه گفت مذاکرات ادامه دارد.").name_en == "IRNA"


def test_dateline_unknown_outlet_at_the_top():
    o = outlet("سرخابی- باشگاه استقلال از جذب دو بازیکن تازه خبر داد.")
    assert o is not None and o.text == "سرخابی" and o.known is False


def test_dateline_city_with_outlet_in_parentheses():
    o = outlet("تهران (پانا) - وزیر آموزش و پرورش گفت مدارس باز می‌مانند.")
    assert o is not None and o.text == "پانا"


def test_dateline_glued_to_the_headline():
    o = outlet("سدهای تازه آبگیری می‌شوند ایسنا : وزیر نیرو گفت سدها تا پاییز آماده‌اند.")
    assert o.name_en == "ISNA"


def test_colon_form_with_desk_after_semicolon():
    o = outlet("دادگاه رای داد اثبات نیوز؛ گروه سیاسی: دادگاهی در آرژانتین اعلام کرد اتهام وارد نیست.")
    assert o is not None and o.text == "اثبات نیوز"


def test_desk_then_slash_outlet():
    o = outlet("گروه ورزش/شهرآرانیوز، فینال جام حذفی امشب برگزار می‌شود.")
    assert o is not None and o.text == "شهرآرانیوز"


def test_masthead_with_domain_and_relay():
    p = rawi.analyze("ناوگروه به آتلانتیک رسید پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : تسنیم: معاون ارتش گفت "
                     "ناوگروه به اقیانوس رسید.").provenance
    assert p.outlet.text == "پایگاه خبری تحلیلی انتخاب" and p.outlet.domain == "entekhab.ir"
    assert [r.name_en for r in p.relayed_from][:1] == ["Tasnim"]


def test_outlet_wrote_opening_the_body():
    o = outlet("اعتماد آنلاین نوشت: نماینده مجلس از وزیر نیرو خواست استعفا دهد.")
    assert o is not None and o.text == "اعتماد آنلاین"


def test_interview_with_the_agency_signs():
    o = outlet("رئیس کمیسیون انرژی در گفت‌وگو با خبرنگار ایسنا گفت بودجه سدها تامین شده است.")
    assert o.name_en == "ISNA"


def test_follow_us_line_names_the_page():
    o = outlet("وزیر نیرو گفت سدها آماده‌اند. دویچه وله فارسی را در اینستاگرام دنبال کنید")
    assert o is not None and o.name_en == "Deutsche Welle"


# ------------------------------------------------------------------ false outlets
def test_wire_agency_in_a_signature_is_relayed_not_the_publisher():
    p = rawi.analyze("آتش‌سوزی جنگل‌ها ادامه دارد. به گزارش آسوشیتدپرس، آتش‌نشان‌ها روز دوشنبه گفتند آتش مهار نشده است.").provenance
    assert p.outlet is None
    assert any(r.text == "آسوشیتدپرس" for r in p.relayed_from)


def test_reporter_of_an_outlet_in_a_story_about_journalists():
    # "خبرنگار X" as the subject of the story, not a signature
    assert outlet("خبرنگار کیهان لندن در فرودگاه بازداشت شد و دادگاه او هفته آینده برگزار می‌شود.") is None


def test_short_name_inside_a_longer_one():
    o = outlet(LEAD + "به گزارش باشگاه خبرنگاران جوان، وزیر نیرو گفت سدها آماده‌اند.")
    assert o.name_en == "YJC"


def test_iranian_media_is_not_the_newspaper_iran():
    p = rawi.analyze("رسانه‌های ایران از افزایش قیمت بنزین خبر دادند و دولت آن را تکذیب کرد.").provenance
    assert p.outlet is None


def test_an_unsigned_article_gets_no_outlet():
    assert outlet("وزیر نیرو از افتتاح سه سد تازه خبر داد. او گفت سدها تا پاییز آبگیری می‌شوند.") is None


def test_a_person_is_not_an_outlet():
    assert outlet("بایدن: آمریکا به توافق پایبند است. رئیس‌جمهور آمریکا این را در کاخ سفید گفت.") is None


def test_a_date_line_is_furniture_not_an_outlet():
    a = rawi.analyze("جمعه, ۲۱ آبان, ۱۴۰۰ - ۱۰:۳۰ وزیر نیرو گفت سدها آماده‌اند. کد خبر: ۱۲۳۴۵ انتهای پیام/")
    assert a.provenance.outlet is None
    kinds = {b.kind for b in a.boilerplate}
    assert {"datetime", "news_code", "end_marker"} <= kinds
    assert all(b.text == a.text[b.start:b.end] for b in a.boilerplate)


# ------------------------------------------------------------------ furniture and registry
def test_furniture_is_never_a_source():
    a = rawi.analyze("توییتر فیسبوک تلگرام واتساپ - اخبار سیاسی - به گزارش گروه سیاسی خبرگزاری تسنیم، "
                     "وزیر خارجه گفت: مذاکرات ادامه دارد.")
    assert {b.kind for b in a.boilerplate} >= {"share", "section"}
    assert [x.source.text for x in a.attributions] == ["وزیر خارجه"]


def test_registry_lookup_by_any_name():
    fars = R.lookup("Fars")
    assert fars is not None
    assert R.lookup("خبرگزاری فارس") == fars
    assert R.by_domain("https://www.farsnews.ir/news/1") == fars
    assert fars.affiliation in R.AFFILIATIONS


def test_registry_knows_provincial_afghan_tajik_and_diaspora_outlets():
    assert outlet("طرفداری- باشگاه استقلال از جذب دو بازیکن تازه خبر داد.").known is True
    assert R.lookup("روزنامه جمهوریت").country == "TJ"
    assert R.lookup("خبرگزاری جمهور").country == "AF"
    assert R.lookup("تلویزیون پارس").affiliation == "diaspora-private"


def test_registry_size_and_fields():
    recs = R.records()
    assert len(recs) >= 250
    assert len({r.id for r in recs}) == len(recs)
    assert all(r.affiliation in R.AFFILIATIONS for r in recs)
    assert all(r.basis for r in recs if r.affiliation != "unknown")


def test_a_desk_at_the_top_is_not_an_outlet():
    o = outlet("تحریریه خبر- بر اساس اطلاعیه ستاد انتخابات، ثبت‌نام ادامه دارد. به گزارش روابط عمومی فرمانداری تهران، "
               "ثبت‌نام تا جمعه ادامه دارد.")
    assert o is not None and o.text == "روابط عمومی فرمانداری تهران" and o.known is False


def test_a_type_noun_alone_is_not_an_outlet():
    assert outlet("پورتال/// وزیر نفت گفت تولید افزایش یافته است.") is None


def test_city_slash_known_outlet_without_a_second_separator():
    assert outlet("استانبول/ خبرگزاری آناتولی وزیر خارجه ترکیه گفت مذاکرات ادامه دارد.").name_en == "Anadolu"


def test_join_our_channel_line_names_the_page():
    o = outlet("وزیر نیرو گفت سدها آماده‌اند. به کانال دویچه وله فارسی در تلگرام بپیوندید")
    assert o is not None and o.name_en == "Deutsche Welle"


def test_a_foreign_newspaper_in_a_signature_is_relayed():
    p = rawi.analyze("دادگاه رای داد. به گزارش روزنامه بحرینی «الوطن»، بانک‌ها جریمه شدند.").provenance
    assert p.outlet is None and p.relayed_from


# ------------------------------------------------------------------ more forms
def test_report_received_by_the_outlet_signs():
    o = outlet("فعال کارگری بازداشت شد. بر اساس گزارش رسیده به هرانا، این فعال روز شنبه در خانه‌اش بازداشت شد.")
    assert o is not None and o.name_en == "HRANA"


def test_report_received_glued_to_the_headline_with_a_bureau():
    o = outlet("حکم زندان برای یک معلم در بانهبر اساس گزارش رسیده به مرکز خبر کردستان در شهر بانه، این معلم "
               "به یک سال زندان محکوم شد.")
    assert o is not None and o.text == "مرکز خبر کردستان" and o.known is False


def test_site_reader_section_names_the_site_and_relays_the_reprint():
    p = rawi.analyze("قیمت نان افزایش یافت. سایت خوان روزنامه دنیای اقتصاد تاریخ انتشار : شماره خبر: ۱۲۳۴۵ "
                     "قیمت نان افزایش یافت ایسنا : رئیس اتحادیه نانوایان گفت قیمت نان بالا رفته است.").provenance
    assert p.outlet.name_en == "Donya-e-Eqtesad"
    assert any(r.name_en == "ISNA" for r in p.relayed_from)


def test_aggregator_item_line_names_the_outlet():
    o = outlet("بانک مرکزی برای کنترل بازار ارز وارد عمل شد و فروش ارز را افزایش داد … ۲ ساعت قبل / تابناک / ...")
    assert o is not None and o.name_en == "Tabnak"


def test_site_describing_itself_names_the_page():
    o = outlet("وزیر خارجه آمریکا از پاسخ مشترک خبر داد صدای آمریکا یک سازمان بین المللی خبری و رسانه ای است که "
               "جهان را پوشش می‌دهد. وزیر خارجه روز دوشنبه این را گفت.")
    assert o is not None and o.name_en == "Voice of America"


def test_site_footer_about_its_own_news_names_the_page():
    o = outlet("شمار شهرهای قرمز افزایش یافت. خبرگزاری آناتولی اخبار خود را از طریق سامانه خبری برای مشترکان ارسال می‌کند.")
    assert o is not None and o.name_en == "Anadolu"


def test_podcast_box_names_the_page():
    o = outlet("مسی به پاریس رفت. از پادکست رد شوید و به خواندن ادامه دهید پادکست گفتگو با چهره‌ها از "
               "تلویزیون فارسی بی بی سی. پایان پادکست او شش بار توپ طلا برد.")
    assert o is not None and o.name_en == "BBC Persian"


def test_foreign_outlet_opening_the_page_as_a_dateline():
    o = outlet("الجزیره: یک کشتی تجاری در بندر لاذقیه دچار انفجار شد. منابع محلی از آتش‌سوزی خبر دادند.")
    assert o is not None and o.name_en == "Al Jazeera"


def test_late_signature_of_a_foreign_persian_service():
    body = "رهبر جمهوری اسلامی تحریم انتخابات را نادرست خواند. " + "نامزدها برنامه‌های خود را اعلام کردند. " * 30
    o = outlet(body + "اعتراض‌ها ادامه دارد شده‌به گزارش صدای آمریکا در روزهای گذشته اعتراض‌هایی مطرح شده است.")
    assert o is not None and o.name_en == "Voice of America"


def test_name_like_word_with_a_comma_after_the_headline():
    o = outlet("مسی با پاریس توافق کرد. ورزش پلاس، روزنامه اکیپ در خبری اختصاصی از این توافق خبر داد.")
    assert o is not None and o.text == "ورزش پلاس" and o.known is False


def test_ambiguous_dateline_name_yields_to_a_clear_signature():
    o = outlet("تهران-ایران- یک کشتی در بندر لاذقیه آتش گرفت. به گزارش روز سه شنبه ایرنا به نقل از شبکه الاخباریه، "
               "هنوز مالک کشتی مشخص نیست.")
    assert o.name_en == "IRNA"


# ------------------------------------------------------------------ more false outlets
@pytest.mark.parametrize("sig", ["به گزارش خبرگزاری دولتی آناتولی،", "به گزارش خبرگزاری رسمی جمهوری اسلامی، ایرنا،",
                                 "به گزارش خبرگزاری نیمه‌رسمی ایسنا،", "به گزارش خبرگزاری فارس، وابسته به سپاه،"])
def test_an_outlet_described_from_outside_is_cited_not_the_publisher(sig):
    p = rawi.analyze(LEAD + sig + " مقام‌های محلی گفتند سدها آماده‌اند.").provenance
    assert p.outlet is None and p.relayed_from


def test_an_iranian_agency_cited_by_a_page_written_from_outside_iran():
    text = ("سخنگوی قوه قضائیه ایران از صدور حکم برای شش متهم خبر داد. مقام‌های ایران این پرونده را امنیتی می‌دانند. "
            "به گزارش ایرنا، سخنگوی قوه قضائیه روز چهارشنبه این را گفت.")
    p = rawi.analyze(text).provenance
    assert p.outlet is None and any(r.name_en == "IRNA" for r in p.relayed_from)
    assert any("ایرنا" in a.source.text for a in rawi.analyze(text).attributions)


def test_a_domestic_page_keeps_its_agency_signature():
    text = ("سخنگوی قوه قضائیه ایران از صدور حکم برای شش متهم خبر داد. مقام‌های ایران این پرونده را امنیتی می‌دانند. "
            "به گزارش ایرنا، سخنگوی قوه قضائیه گفت امنیت کشورمان خط قرمز است.")
    assert outlet(text).name_en == "IRNA"


# ------------------------------------------------------------------ page furniture forms
def _kinds(text: str) -> dict[str, str]:
    a = rawi.analyze(text)
    return {b.text: b.kind for b in a.boilerplate}


def test_afghan_month_date_with_time_zone_is_furniture():
    k = _kinds("وزارت خارجه: انتخابات برگزار می‌شود جوزا ۲۷, ۱۴۰۰ ۰۷:۲۹ Asia/Kabul وزارت خارجه گفت آماده است.")
    assert k.get("جوزا ۲۷, ۱۴۰۰ ۰۷:۲۹ Asia/Kabul") == "datetime"


def test_numeric_date_with_time_and_english_month_are_furniture():
    k = _kinds("فولاد قهرمان شد ۱۴۰۰/۰۵/۱۷ ۲۳:۴۲:۳۸ تیم فولاد در فینال پیروز شد. جمعه / ۱۲ November, ۲۰۲۱ بازی تمام شد.")
    assert k.get("۱۴۰۰/۰۵/۱۷ ۲۳:۴۲:۳۸") == "datetime"
    assert any(v == "datetime" and "November" in t for t, v in k.items())


def test_reprint_disclaimer_and_geo_block_are_furniture():
    k = _kinds("قیمت نان بالا رفت. هدف بخش «سایت‌خوان» گسترش اطلاع‌رسانی است و انتشار این مطلب به معنی تأیید محتوای آن "
               "نیست. محتوای این برنامه در حوزه جغرافیایی شما در دسترس نیست")
    assert sorted(k.values()) == ["site_meta", "site_meta"]


def test_share_tags_and_read_more_are_furniture():
    k = _kinds("سفیر با وزیر دیدار کرد. ... ادامه خبر برچسب‌ها با دوستان خود به اشتراک بگذارید")
    assert set(k.values()) == {"share"} and len(k) == 3


def test_podcast_box_is_furniture():
    k = _kinds("مسی به پاریس رفت. از پادکست رد شوید و به خواندن ادامه دهید پادکست گفتگو با چهره‌ها. پایان پادکست او برد.")
    assert list(k.values()).count("site_meta") == 2


def test_masthead_starts_at_its_type_noun():
    k = _kinds("ناوگروه برای نخستین بار پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : تسنیم: ناوگروه به اقیانوس رسید.")
    assert any(t.startswith("پایگاه خبری") and v == "masthead" for t, v in k.items())


def test_signature_after_read_more_belongs_to_another_item():
    text = ("سفیر ایران با وزیر حمل و نقل عمان دیدار کرد. ... ادامه خبر برچسب‌ها ناوگان خزر توسعه می‌یابد "
            "به گزارش سایت خبری ذاکرنیوز به نقل از ایسنا، نماینده بندرانزلی از توسعه ناوگان خبر داد.")
    assert outlet(text) is None


def test_dateline_after_the_page_date_stamp_below_an_earlier_block():
    text = ("تظاهرات بزرگ در شهرها برگزار شد. " * 40 + "تاریخ انتشار: ۱۳:۰۴ - ۱۵ آبان ۱۳۹۷ - 2018November 06 "
            "پایگاه مرکز اسناد تاریخ معاصر؛ تظاهرات مردم در استان‌ها اهمیت ویژه‌ای داشت.")
    o = outlet(text)
    assert o is not None and o.text == "پایگاه مرکز اسناد تاریخ معاصر" and o.known is False


def test_official_site_tagline_opening_the_page():
    o = outlet("وب سایت رسمی مجمع جهانی گفتگوی ادیان دبیرکل مجمع حمله به مسجد را محکوم کرد و خواستار پیگیری شد.")
    assert o is not None and o.start == 0 and o.known is False and not o.name_en.startswith("Rasmi")


def test_official_site_as_the_subject_of_a_sentence_is_not_a_tagline():
    assert outlet("وب‌سایت رسمی وزارت خارجه آمریکا اعلام کرد سفارت تا اطلاع ثانوی بسته است.") is None


def test_desk_then_outlet_then_dash():
    assert outlet("سرویس جهان مشرق - وزیر خارجه ترکیه گفت مذاکرات ادامه دارد.").name_en == "Mashregh"


def test_our_reporter_is_not_an_outlet_named_ma():
    o = outlet("وزیر نیرو: سدها آماده‌اند به گزارش خبرنگار ما، وزیر نیرو امروز گفت سدها آماده‌اند.")
    assert o is None


def test_country_speaking_in_a_headline_is_not_the_newspaper():
    assert outlet("ایران: آمریکا باید تحریم‌ها را لغو کند. وزیر خارجه این را گفت.") is None
    assert outlet("مهر، گروه استان‌ها - وزیر نیرو گفت سدها آماده‌اند.").name_en == "Mehr"


def test_an_agency_relaying_a_foreign_wire_keeps_its_signature():
    text = ("مقام‌های ایران و حکومت ایران در گزارش رویترز متهم شدند. وزیر خارجه ایران پاسخ داد. "
            "به گزارش ایرنا به نقل از رویترز، وزیر خارجه ایران این اتهام را رد کرد.")
    assert outlet(text).name_en == "IRNA"


def test_unknown_outlet_keeps_the_english_of_a_place_in_its_name():
    o = outlet(LEAD + "به گزارش کرمان‌نیوز، وزیر نیرو گفت سدها آماده‌اند.")
    assert o is not None and o.known is False and o.name_en == "Kerman News"


def test_opposition_wording_marks_a_page_written_from_outside():
    text = "رژیم ایران بودجه بهداشت را کاهش داد. رژیم ملاها به اعتراض‌ها پاسخی نداد. به گزارش ایلنا، بیمارستان‌ها کمبود دارو دارند."
    p = rawi.analyze(text).provenance
    assert p.outlet is None and any(r.name_en == "ILNA" for r in p.relayed_from)


def test_quoted_outside_wording_does_not_make_a_page_foreign():
    text = ("وزیر خارجه آمریکا گفت «رژیم ایران باید مهار شود». سخنگوی نمایندگی ایران در سازمان ملل پاسخ داد. "
            "به گزارش ایرنا، سخنگوی هیئت ایران این سخنان را بی‌پایه خواند.")
    assert outlet(text).name_en == "IRNA"


@pytest.mark.parametrize("body", ["بانک جهانی", "دیده‌بان حقوق بشر سوریه", "صندوق بین‌المللی پول"])
def test_an_institution_reporting_is_a_source_not_an_outlet(body):
    assert outlet(LEAD + f"به گزارش {body}، رشد اقتصادی کند شد.") is None


def test_an_age_line_is_not_an_outlet():
    assert outlet("سه ساعت قبل / وزیر گفت / مذاکرات ادامه دارد.") is None


def test_city_comma_known_outlet_colon():
    assert outlet("کابل، هشت صبح: وزیر انرژی گفت بندها آماده‌اند.").name_en == "Hasht-e Subh"
    assert outlet("کابل، مردم در صف نان ایستادند: قیمت‌ها بالا رفت.") is None


def test_an_interview_with_an_iranian_agency_on_a_page_written_from_outside():
    text = ("مقام‌های ایران از اعتراض کارگران خبر دادند. حکومت ایران دستمزدها را پرداخت نکرده است. "
            "یک کارگر در گفت‌وگو با خبرگزاری ایلنا گفت حقوق‌ها پرداخت نشده است.")
    assert outlet(text) is None
