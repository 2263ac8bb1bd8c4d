"""Page furniture: the parts of a scraped page that are not the article's prose.

Scrapers keep a site's tagline and masthead, news codes (کد خبر), breadcrumbs, section labels,
dates and times, share/follow lines, "انتهای پیام" and, often, the lead printed twice. They are
marked as ``boilerplate`` spans so that attributions, entities, claims and search snippets leave
them out (a page-furniture string is never an attribution's source); the text itself is never
changed. Short regular rules, one per kind: each is a form no sentence of news prose takes.
"""
from __future__ import annotations

import re

from ..doc import Doc
from ..schema import Boilerplate
from . import wordscan

_D = r"[0-9۰-۹]"
# Solar months (Iranian and Afghan names), Gregorian months in Persian and English: page dates use all.
_MONTHS = (r"(?:فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|ژانویه|فوریه|مارس|آوریل|مه|می|ژوئن"
           r"|ژوئیه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر"
           r"|حمل|ثور|جوزا|سرطان|اسد|سنبله|میزان|عقرب|قوس|جدی|دلو|حوت"
           r"|January|February|March|April|May|June|July|August|September|October|November|December)(?:\s?ماه)?")
_WEEKDAY = r"(?:شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|چهارشنبه|پنجشنبه|پنج‌شنبه|جمعه)"
_TIME = _D + r"{1,2}:" + _D + r"{2}(?::" + _D + r"{2})?"

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("news_code", re.compile(r"(?:کد|شناسه|شماره)\s*(?:خبر|مطلب)\s*[:：]?\s*" + _D + r"{3,12}")),
    ("end_marker", re.compile(r"(?:انتهای\s*پیام|پایان\s*پیام|/?\s*انتهای\s*خبر)\s*/?")),
    # "۰۱ خرداد ۱۴۰۰ - ۰۹:۴۳", "جمعه, ۲۱ آبان, ۱۴۰۰", "تیر 22, 1400 18:04 Asia/Tehran", "تاریخ : 1399/12/03"
    ("datetime", re.compile(r"(?:" + _WEEKDAY + r"\s*[،,]?\s*)?" + _D + r"{1,2}\s*" + _MONTHS + r"\s*[،,]?\s*" + _D
                            + r"{4}(?:\s*[-–،,]?\s*(?:ساعت\s*)?" + _TIME + r")?")),
    ("datetime", re.compile(_MONTHS + r"\s+" + _D + r"{1,2}\s*,\s*" + _D + r"{4}(?:\s+" + _TIME + r")?"
                            + r"(?:\s+(?:Asia|Europe|America)/[A-Za-z_]+)?(?:\s*\[Updated[^\]]{0,40}\])?")),
    # "۱۴۰۰/۰۵/۱۷ ۲۳:۴۲:۳۸", "۰۳.۱۲.۲۰۲۰ ۱۰:۱۵": a numeric date with its time is a page stamp, not prose
    ("datetime", re.compile(r"(?<![0-9۰-۹/.])(?:" + _D + r"{4}[/.-]" + _D + r"{1,2}[/.-]" + _D + r"{1,2}|" + _D + r"{1,2}[/.]"
                            + _D + r"{1,2}[/.]" + _D + r"{4})\s*[-–,،]?\s*(?:ساعت\s*)?" + _TIME)),
    ("datetime", re.compile(r"(?:تاریخ(?:\s*(?:انتشار|خبر|ارسال))?|زمان(?:\s*انتشار)?|به روز شده در|بروزرسانی)\s*[:：]\s*(?:"
                            + _D + r"{2,4}[/.-]" + _D + r"{1,2}[/.-]" + _D + r"{2,4})?(?:\s*[-–]?\s*" + _TIME + r")?")),
    ("datetime", re.compile(_D + r"{1,3}\s+(?:دقیقه|ساعت|روز)\s+(?:پیش|قبل)")),
    # "- اخبار سیاسی -", "سرویس : گیلان -"
    ("section", re.compile(r"(?<![\w\u200c])[-–]\s*اخبار\s+[\w\u200c]+(?:\s+[\w\u200c]+)?\s*[-–](?=\s)")),
    ("section", re.compile(r"(?<![\w\u200c])سرویس\s*[:：]\s*[\w\u200c]+(?:\s+[\w\u200c]+)?\s*[-–]")),
    ("breadcrumb", re.compile(r"(?:خانه|صفحه\s*(?:اصلی|نخست))\s*(?:[»>/]\s*[\w\u200c ]{2,25}?\s*){1,5}(?=[»>/]|\s)")),
    # share and follow: two or more network names in a row, "... را در اینستاگرام دنبال کنید"
    ("share", re.compile(r"(?:(?:توییتر|توئیتر|فیسبوک|فیس‌بوک|تلگرام|واتساپ|واتس‌اپ|اینستاگرام|لینکدین|ایمیل|پرینت|ایتا|سروش"
                         r"|بله|روبیکا|اشتراک(?:\s?گذاری)?)\s*[|،,]?\s*){2,}")),
    (_FOLLOW := ("share", re.compile(r"[^.\n،]{2,40}?\s+را\s+(?:در|از طریق)\s+(?:اینستاگرام|تلگرام|توییتر|فیسبوک|یوتیوب|کانال)"
                                      r"[^.\n]{0,40}?دنبال\s+کنید"))),
    ("share", re.compile(r"(?:با\s+دوستان\s+خود\s+)?به\s+اشتراک\s+بگذارید|برچسب[\u200c\s]?ها\s*[:：]?|ادامه\s+خبر(?![\w\u200c])"
                         r"|می[\u200c\s]?پسندم")),
    ("share", re.compile(r"(?:به\s+کانال|عضویت\s+در\s+کانال)[^.\n]{0,50}?(?:بپیوندید|کلیک کنید|شوید)")),
    ("site_meta", re.compile(r"(?:/\s*)?(?:توسط|ارسال(?:\s+شده)?\s+(?:در|توسط))\s+مدیر\s+سایت")),
    ("site_meta", re.compile(r"(?:بزرگنمایی|کوچکنمایی)\s+متن|نسخه\s+(?:چاپی|قابل چاپ)|(?:کپی|کپی‌)\s*رایت[^.\n]{0,30}")),
    # disclaimers of reprinting sites, geo-blocked media, a podcast box inside the article
    ("site_meta", re.compile(r"(?:هدف\s+بخش\s+«[^»\n]{2,40}»\s+گسترش\s+اطلاع[\u200c\s]?رسانی\s+است\s+و\s+)?انتشار\s+(?:این|ای)\s+"
                             r"(?:مطلب|خبر|مقاله|یادداشت)\s+(?:به\s+(?:معنی|معنای)\s+)?(?:تایید|تأیید)\s+(?:محتوای\s+)?آن\s+(?:نیست|نمی[\u200c\s]?باشد)\.?")),
    ("site_meta", re.compile(r"محتوای\s+این\s+(?:برنامه|ویدیو|ویدئو|فایل)\s+در\s+حوزه\s+جغرافیایی\s+شما\s+در\s+دسترس\s+نیست")),
    ("site_meta", re.compile(r"از\s+پادکست\s+رد\s+شوید\s+و\s+به\s+خواندن\s+ادامه\s+دهید|پایان\s+پادکست")),
    (_MASTHEAD := ("masthead", re.compile(r"[^\s.():]{2,25}(?:\s[^\s.():]{2,25}){0,4}\s*\(\s*(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                                          r"\.[A-Za-z]{2,}\s*\)\s*[:：]?"))),
]


def _repeated_lead(doc: Doc) -> list[tuple[int, int]]:
    """The lead printed twice (above the byline and again as the body's start): the first copy."""
    text = doc.text
    out = []
    for s, e in doc.sentences[:2]:
        chunk = text[s:e].strip(" .")
        if len(chunk) < 40:
            continue
        probe = chunk[:60]
        again = text.find(probe, e)
        if 0 <= again < e + 1500:
            out.append((s, e))
    return out


def find_boilerplate(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every furniture span, sorted, not overlapping (computed once per Doc)."""
    return doc.memo("boilerplate", lambda: _find(doc))


# A rule runs only on a text holding its trigger (most articles hold few kinds of furniture).
_TRIGGERS = {
    "news_code": re.compile(r"(?:کد|شناسه|شماره)\s*(?:خبر|مطلب)"),
    "end_marker": re.compile(r"انتهای|پایان\s*پیام"),
    "datetime": re.compile(_D + r"{4}|تاریخ|زمان|به روز شده|بروزرسانی|پیش|قبل"),
    "section": re.compile(r"اخبار|سرویس"),
    "breadcrumb": re.compile(r"خانه|صفحه"),
    "share": re.compile(r"توییتر|توئیتر|فیسبوک|فیس‌بوک|تلگرام|واتساپ|واتس‌اپ|اینستاگرام|لینکدین|ایمیل|پرینت|ایتا|سروش|روبیکا"
                        r"|اشتراک|دنبال\s+کنید|کانال|برچسب|ادامه\s+خبر|پسندم"),
    "site_meta": re.compile(r"مدیر\s+سایت|نمایی\s+متن|نسخه|رایت|تایید|تأیید|جغرافیایی|پادکست"),
    "masthead": re.compile(r"\(\s*(?:www\.)?[A-Za-z0-9-]+\.[A-Za-z]"),
}


# Rules that open with a run of any characters would be tried at every position: they are run
# only in a window before each occurrence of the fixed text they end with.
_ANCHORS = {
    _FOLLOW[1].pattern: re.compile(r"دنبال\s+کنید"),
    _MASTHEAD[1].pattern: re.compile(r"\(\s*(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\s*\)"),
}
_TYPE_NOUN_IN_MASTHEAD = re.compile(r"(?<![\w\u200c])(?:پایگاه|خبرگزاری|روزنامه|سایت|وب[\s\u200c]?سایت|هفته[\u200c\s]?نامه|شبکه)(?![\w\u200c])")


def _anchored(rx: re.Pattern[str], anchor: re.Pattern[str], text: str):
    last = 0
    for a in anchor.finditer(text):
        lo = max(last, a.start() - 130)
        for m in rx.finditer(text, lo, min(len(text), a.end() + 5)):
            if m.start() < a.end() and m.end() >= a.start():
                last = m.end()
                yield m
                break


def _find(doc: Doc) -> list[tuple[int, int, str]]:
    text = doc.text
    spans: list[tuple[int, int, str]] = []
    present = {k for k, rx in _TRIGGERS.items() if rx.search(text)}
    for kind, rx in RULES:
        if kind not in present:
            continue
        anchor = _ANCHORS.get(rx.pattern)
        for m in (_anchored(rx, anchor, text) if anchor is not None else wordscan.finditer(rx, text)):
            s, e = m.span()
            if kind == "masthead":  # "… نخستین بار پایگاه خبری انتخاب (Entekhab.ir):": the tagline starts at its type noun
                tn = _TYPE_NOUN_IN_MASTHEAD.search(text, s, e)
                if tn is not None:
                    s = tn.start()
            while e > s and text[e - 1] in " \u200c":
                e -= 1
            if e > s:
                spans.append((s, e, kind))
    spans += [(s, e, "repeated_lead") for s, e in _repeated_lead(doc)]
    spans.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, str]] = []
    for s, e, k in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1] and k == out[-1][2]:
                out[-1] = (out[-1][0], e, k)
            continue
        out.append((s, e, k))
    return out


def inside(spans: list[tuple[int, int, str]], s: int, e: int) -> bool:
    """Does [s, e) overlap a furniture span?"""
    return any(a < e and s < b for a, b, _ in spans)


def annotate_boilerplate(doc: Doc) -> list[Boilerplate]:
    text = doc.text
    return [Boilerplate(text=text[s:e], start=s, end=e, kind=k) for s, e, k in find_boilerplate(doc)]  # type: ignore[arg-type]
