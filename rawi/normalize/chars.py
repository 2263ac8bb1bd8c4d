"""Character-level rules: letters, digits, diacritics, invisible marks, punctuation spacing.

Each rule is a compiled regex and a replacement, applied in order by
:func:`rawi.normalize.normalize`. Kept as data (a list of stages) so that the offset
map can follow every change.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional


class _Guarded:
    """A compiled pattern that skips the text entirely when none of its trigger strings
    (or its probe pattern) occurs: most rules fire on a few characters of a long article,
    and a substring test runs at C speed where a lookbehind-first regex crawls."""

    def __init__(self, pattern: str, triggers: tuple[str, ...], probe: Optional[str] = None, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        self.triggers = triggers
        self.probe = re.compile(probe) if probe else None

    def _may_match(self, text: str) -> bool:
        if self.probe is not None:
            return self.probe.search(text) is not None
        return any(t in text for t in self.triggers)

    def sub(self, repl, text: str) -> str:
        return self.regex.sub(repl, text) if self._may_match(text) else text

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.regex.finditer(text) if self._may_match(text) else iter(())


def _guard(pattern: str, *triggers: str, probe: Optional[str] = None) -> _Guarded:
    return _Guarded(pattern, triggers, probe)


ZWNJ = "\u200c"
NON_JOINING_LETTERS = "اآأإٱدذرزژوؤءةۀ"
FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
PERSIAN_LETTERS = "آ-یءأإؤئۀةكيى"
# Arabic-script letters only (no digits, no Arabic comma/semicolon/question mark): the
# punctuation rules below must not treat ۱۰:۳۰ or ۳,۱۴ as words.
L = "\u0621-\u064a\u0671-\u06d3"

# One-for-one letter unification (Arabic code points to their Persian forms).
LETTERS = str.maketrans({
    "ي": "ی",  # U+064A Arabic yeh
    "ى": "ی",  # U+0649 alef maksura
    "ې": "ی", "ێ": "ی", "ۍ": "ی", "ے": "ی",
    "ك": "ک",  # U+0643 Arabic kaf
    "ڪ": "ک", "ګ": "گ",
    "ە": "ه", "ھ": "ه", "ہ": "ه",  # Kurdish/Urdu heh variants
    "ٱ": "ا",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ",
    "\u201c": "\u201c", "\u066c": "\u066c",
})

# The same as ``s.translate(LETTERS)``: str.replace for the letters present is far faster
# than a dict-table translate of every character (0.14 ms on a 5 KB article); equivalent
# because no replacement produces another pair's source.
_LETTER_PAIRS = tuple((chr(a), b) for a, b in LETTERS.items() if chr(a) != b)
assert not {b for _, b in _LETTER_PAIRS} & {a for a, _ in _LETTER_PAIRS}


def unify_letters(s: str) -> str:
    for a, b in _LETTER_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return s


# Arabic ta marbuta: Persian writes ه in running text (الحسكة -> الحسکه). Kept when the
# word continues (a real Arabic phrase in quotation is rare in news and survives as ه too).
TA_MARBUTA = (re.compile("ة"), "ه")

# Diacritics: short vowels, shadda, sukun, superscript alef, and tanwin except the
# -an ending on alef (اخیراً) which is standard Persian spelling.
# (Written as one character class first, the conditions after it, so the regex engine can
# skip to candidate characters; same matches as "[\u064c-\u0652\u0670\u0655-\u065f]|
# (?<!ا)\u064b(?!ا)|(?<=[^ا\s])\u064b(?=ا)".)
DIACRITICS = (_guard("[\u064b-\u065f\u0670](?:(?<=[\u064c-\u0652\u0670\u0655-\u065f])|(?<!ا\u064b)(?<=\u064b)(?!ا)"
                     "|(?<=[^ا\\s]\u064b)(?=ا))", probe="[\u064b-\u065f\u0670]"), "")
TANWIN_ORDER = (re.compile("ا\u064b"), "ا\u064b")  # placeholder kept for clarity (no-op)
TATWEEL = (_guard("(?<=\\w)\u0640+|\u0640+(?=\\w)", "\u0640"), "")

# Invisible marks: bidi controls, BOM, ZWJ, soft hyphen; zero-width space between letters is a ZWNJ.
# Some editors type a left-to-right/right-to-left mark where a ZWNJ belongs (می\u200eشود):
# between two Arabic-script letters it becomes a ZWNJ, elsewhere it goes.
INVISIBLE = (re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u200d\u00ad\u061c]"),
             lambda m: ZWNJ if m.group(0) in "\u200e\u200f" and _between_arabic_letters(m) else "")
ZWSP = (_guard("(?<=\\w)\u200b+(?=\\w)|\u200b", "\u200b"), lambda m: ZWNJ if m.group(0)[0] == "\u200b" and _between_letters(m) else "")

# ZWNJ hygiene: collapse repeats, drop it next to spaces, punctuation, line ends or non-letters.
ZWNJ_REPEAT = (_guard("\u200c{2,}", "\u200c\u200c"), ZWNJ)
ZWNJ_STRAY = (_guard("\u200c(?:(?<![\u0600-\u06ff]\u200c)|(?![\u0600-\u06ff]))", ZWNJ), "")  # ZWNJ first: no crawl

# Spaces: collapse runs, strip line ends (newlines are kept: the line count never changes).
SPACES = (_guard("  [ ]*", "  "), " ")  # [ ]{2,}, written to start with literals (the engine skips ahead)
# Same matches as "^[ ]+|[ ]+$" (re.M), written to start with the space so the engine skips ahead.
LINE_EDGES = (re.compile("[ ](?<=^[ ])[ ]*|[ ][ ]*$", re.M), "")

# Persian punctuation between Persian words.
COMMA = (_guard(f"(?<=[{L}]) ?, ?(?=[{L}])", ","), "، ")
QMARK = (_guard(f"(?<=[{L}]) ?\\?", "?"), "؟")
SEMICOLON = (_guard(f"(?<=[{L}]) ?;", ";"), "؛")
# No space before closing punctuation; one after (but never inside numbers such as 3.5 or 1,000).
SPACE_BEFORE_PUNCT = (re.compile(" [ ]*(?=[،؛؟!:\\.)\\]»}](?!\\d))"), "")  # " +", starting with a literal
SPACE_AFTER_PUNCT = (re.compile(f"([،؛؟!»)\\]])(?=[{L}\\w«(])(?<![\\d][،])"), "\\1 ")
# A colon or full stop glued between words gets its space; not inside times (۱۰:۳۰),
# numbers, or abbreviations of single letters (ق.ظ، ه.ش).
SPACE_AFTER_COLON = (re.compile(f":(?<=[{L}]:)(?=[{L}«])"), ": ")
SPACE_AFTER_STOP = (re.compile(f"\\.(?<=[{L}]{{2}}\\.)(?=[{L}]{{2}}|«)"), ". ")
OPEN_SPACE = (_guard(" (?<=[«(\\[] )[ ]*", "« ", "( ", "[ "), "")  # (?<=[«(\\[]) +, space first
CLOSE_SPACE = (_guard(" [ ]*(?=[»)\\]])", " »", " )", " ]"), "")  # " +", starting with a literal
SPACE_BEFORE_OPEN = (re.compile(f"«(?<=[{L}]«)"), " «")
# Straight double quotes around Persian text become guillemets. Quotes pair left to right
# (in '"A" و "B"' the middle " و " is not a quotation), and each quote is replaced one for
# one: the spaces inside go by OPEN_SPACE/CLOSE_SPACE, so the offset map stays exact.
_PERSIAN = re.compile("[\u0600-\u06ff]")
QUOTES = (_guard('"([^"\n]*)"', '"'), lambda m: "«" + m.group(1) + "»" if _PERSIAN.search(m.group(1)) else m.group(0))

# Decimal and thousands separators between digits.
# A slash is a decimal mark only between two digit groups (۲/۵ درصد); in dates
# (۱۴۰۰/۰۱/۱۵) and fractions of more parts it stays a slash.
DECIMAL_FA = (_guard("(?<![۰-۹/])[۰-۹]+(?:[.٫/][۰-۹]+)+(?![۰-۹/])", probe="[۰-۹][.٫/][۰-۹]"), lambda m: _decimal(m.group(0)))
THOUSANDS_FA = (_guard("(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))", ","), "٬")
DECIMAL_LATIN = (re.compile("(?<=[0-9])٫(?=[0-9])"), ".")
THOUSANDS_LATIN = (re.compile("(?<=[0-9])٬(?=[0-9]{3})"), ",")


def _decimal(num: str) -> str:
    """۳.۵ and ۲/۵ are decimals (٫); ۱۴۰۰/۰۱/۱۵ (more than one separator) is a date."""
    if num.count("/") + num.count(".") + num.count("٫") != 1:
        return num
    return num.replace("/", "٫").replace(".", "٫")


def _between_arabic_letters(m: re.Match) -> bool:
    s, e, t = m.start(), m.end(), m.string
    return 0 < s and e < len(t) and "\u0621" <= t[s - 1] <= "\u06d3" and "\u0621" <= t[e] <= "\u06d3" and t[s - 1] not in NON_JOINING_LETTERS


def _between_letters(m: re.Match) -> bool:
    s, e, t = m.start(), m.end(), m.string
    return 0 < s and e < len(t) and t[s - 1].isalpha() and t[e].isalpha()


def digit_table(target: str) -> dict:
    """str.translate table sending every digit system to ``target`` ('fa' or 'latin')."""
    if target == "fa":
        src, dst = AR_DIGITS + LATIN_DIGITS, FA_DIGITS * 2
    elif target == "latin":
        src, dst = AR_DIGITS + FA_DIGITS, LATIN_DIGITS * 2
    elif target == "keep":
        src, dst = AR_DIGITS, FA_DIGITS
    else:
        raise ValueError(f"digits must be 'fa', 'latin' or 'keep', not {target!r}")
    return str.maketrans(src, dst)


# Latin digits inside Latin words (ICT2, COVID-19, URLs) stay Latin when converting to Persian.
LATIN_TOKEN = re.compile(r"[A-Za-z_/:@#%.\-]*[A-Za-z][A-Za-z0-9_/:@#%.\-]*")
