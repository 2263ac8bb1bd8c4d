"""Claim identity: opposite polarity, other numbers, dates, modality and speakers never merge."""
from rawi.corpus.claims import ClaimKey, match_score
from rawi.corpus.templates import same_story


def same(a: str, b: str, sa: str = "", sb: str = "") -> bool:
    return match_score(ClaimKey.build(a, speaker=sa), ClaimKey.build(b, speaker=sb)) is not None


BASE = "نماز جمعه این هفته در شهر تهران به امامت آیت الله خاتمی برگزار می‌شود"


def test_relay_spelling_still_merges():
    assert same(BASE, BASE.replace("\u200c", "").replace("ی", "ي"))
    assert same("بودجه سه هزار میلیارد تومانی برای مدارس استان تصویب شد", "بودجه سه هزار ميليارد تومانی برای مدارس استان تصويب شد")


def test_opposite_polarity_never_merges():
    assert not same(BASE, BASE.replace("برگزار می‌شود", "برگزار نمی‌شود"))
    assert not same("قیمت سکه تمام بهار آزادی در بازار تهران کاهش یافت", "قیمت سکه تمام بهار آزادی در بازار تهران افزایش یافت")
    assert not same("سخنگوی دولت خبر استعفای وزیر نفت را تأیید کرد", "سخنگوی دولت خبر استعفای وزیر نفت را تکذیب کرد")
    assert not same("ایران آماده خرید سلاح از روسیه و چین است", "آمریکا اجازه نخواهد داد ایران سلاح از روسیه و چین خرید کند")
    assert not same("هیچ کس در حادثه آتش‌سوزی انبار کالا در بندر عباس کشته شد", "در حادثه آتش‌سوزی انبار کالا در بندر عباس کسی کشته شد")


def test_other_numbers_dates_modality_never_merge():
    assert not same("۱۲ سرکرده داعش از زندان الصناعه حسکه فرار کردند", "۴۰ سرکرده داعش از زندان الصناعه حسکه فرار کردند")
    assert not same("۱۲ سرکرده داعش از زندان الصناعه حسکه فرار کردند و ۲ نگهبان زخمی شدند",
                    "۱۲ سرکرده داعش از زندان الصناعه حسکه فرار کردند و ۷ نگهبان زخمی شدند")
    assert not same("قیمت تیبا در بازار خودرو ۸۷.۰۰۰.۰۰۰ تومان شد", "قیمت تیبا در بازار خودرو ۹۱.۰۰۰.۰۰۰ تومان شد")
    assert not same("نشست وزیران نفت اوپک روز ۱۲ دی در وین برگزار شد", "نشست وزیران نفت اوپک روز ۱۲ بهمن در وین برگزار شد")
    assert not same("نشست وزیران نفت اوپک فردا در وین برگزار خواهد شد", "نشست وزیران نفت اوپک فردا در وین ممکن است برگزار شود")


def test_named_speakers():
    claim = "مذاکرات هسته‌ای وین هفته آینده در سطح معاونان از سر گرفته می‌شود"
    assert not same(claim, claim, "محمدجواد ظریف", "علی لاریجانی")
    assert same(claim, claim, "سیفی‌مازندرانی", "سیفی مازندرانی")
    assert same(claim, claim, "ظریف", "")


def test_template_stories_are_not_one_story():
    a = ("قیمت سکه امروز کاهش یافت", "قیمت سکه تمام بهار آزادی امروز ۱۲۳۰۰۰۰۰ تومان و نیم سکه ۶۵۰۰۰۰۰ تومان معامله شد. ربع سکه ۳۸۰۰۰۰۰ تومان بود.")
    b = ("قیمت سکه امروز افزایش یافت", "قیمت سکه تمام بهار آزادی امروز ۱۲۹۰۰۰۰۰ تومان و نیم سکه ۶۸۰۰۰۰۰ تومان معامله شد. ربع سکه ۳۹۵۰۰۰۰ تومان بود.")
    assert not same_story(*a, *b)
    assert not same_story(a[0], a[1], a[0].replace("کاهش", "افزایش"), a[1])
    assert same_story(*a, a[0].replace("ی", "ي"), a[1].replace("\u200c", ""))


def test_template_with_small_numbers_shifted_is_not_one_story():
    """Every figure moved by one keeps half the bare numbers, but not one at its place."""
    a = ("نتایج هفته ۵ لیگ برتر", "در هفته ۵ لیگ برتر تیم الف ۲ گل زد و تیم ب ۳ گل خورد.\nتیم الف با ۴ امتیاز در رده ۶ جدول است.")
    b = ("نتایج هفته ۵ لیگ برتر", "در هفته ۶ لیگ برتر تیم الف ۳ گل زد و تیم ب ۴ گل خورد.\nتیم الف با ۵ امتیاز در رده ۷ جدول است.")
    assert not same_story(*a, *b)
    relay = (a[0], "در هفته ۵ لیگ برتر تیم الف ۲ گل زد و تیم ب ۳ گل خورد.")  # a paragraph dropped
    assert same_story(*a, *relay)
    edited = (a[0], "به گزارش خبرگزاری ج، در هفته ۵ لیگ برتر تیم الف ۲ گل زد.\nتیم الف با ۴ امتیاز در رده ۶ جدول است.")
    assert same_story(*a, *edited)
