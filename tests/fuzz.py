"""Seeded fuzzing of ``rawi.analyze``: generated inputs and the invariants every output keeps.

Why: the annotators are regexes and lexicons written for well-formed news; odd input
(lone surrogates, huge numbers, presentation forms, stray quotes, bidi marks) found
crashes and untrue spans. :func:`check` states the contract; :func:`generate` makes
inputs; ``python -m tests.fuzz --n 10000`` is the long run (tests/test_fuzz.py runs a few
hundred in CI).

Invariants: nothing but :class:`rawi.io.InputError` escapes; every span's ``text`` is
``text[start:end]`` inside the text; sentences are sorted, non-empty and do not overlap;
the offset map is monotonic, inside the raw input and points every unchanged character at
itself; the output validates against the schema and round-trips through strict JSON.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
import unicodedata
from pathlib import Path
from typing import Any, Iterator, Optional

HERE = Path(__file__).resolve().parent
SEED_FILES = [HERE / "fixtures" / "defapress-alsinaa-prison.txt"] + sorted((HERE / "fixtures" / "places_times").glob("*.txt"))

# Short made-up sentences to mutate (the fixtures above are read at run time as well).
SENTENCES = [
    "سخنگوی وزارت خارجه روز دوشنبه گفت مذاکرات ادامه دارد.",
    "به گزارش خبرگزاری نمونه، منابع محلی از انفجار در تهران خبر دادند.",
    "رئیس‌جمهور در ۱۴۰۲/۱۰/۱۲ اعلام کرد ۳٫۵ میلیون نفر کمک گرفته‌اند.",
    "وی افزود: «ما هرگز عقب نمی‌نشینیم» و این گفته را تکرار کرد.",
    "یک مقام آمریکایی که نخواست نامش فاش شود ادعا کرد نیروها به سوریه رفته‌اند.",
    "پلیس گفت ۲۵۰ تروریست در ۱۲ ربیع‌الاول ۱۴۴۵ دستگیر شدند.",
    'او گفت "ما آماده‌ایم" و "آنها نیستند".',
    "قیمت دلار در بازار ۵۰,۰۰۰ تومان بود و ۲۰ درصد افزایش یافت.",
]
ALPHABET = (
    list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءأإؤئۀة") + list("يكىە") + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789")
    + list(" \n\t.،؛؟!:«»()[]\"'-/٫٬,%") + ["\u200c", "\u200d", "\u200e", "\u200f", "\u202b", "\u202c", "\u2066", "\u2069",
                                          "\ufeff", "\u00ad", "\u064b", "\u064e", "\u0651", "\u0670", "\u0640", "\u200b",
                                          "\u2028", "\u2029", "\u0085", "\x00", "\x07", "\r", "\u00a0", "\u3000"]
    + ["\ufb8e", "\ufee3", "\ufee8", "\ufe8e", "\ufe91", "\ufef5", "\ufdf2", "\ufefb", "\ufe8d", "\ufbfc", "\ufdfa"]
    + list("abcXYZ") + ["😀", "\u0301", "\ud800", "\udc00", "\U0001d400"]
)
SNIPPETS = [
    "9" * 320, "۹" * 400, "1e400", "۱۴۰۲/۱۳/۴۰", "۹۹۹۹/۱۲/۳۰", "سال ۹۹۹۹", "۳۱ اسفند ۹۹۹۹", "۱ فروردین ۰",
    "سال ۱۰۰۰۰۰۰۰۰۰۰", "۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹ دلار", "۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ نفر", "دی‌روز", "۲۰ قرن پیش",
    '"A" و "B"', '" گفت "', '"  سلام  "', "«««", "»»»", "ﻣﻨﺎﺑﻊ ﻣﺤﻠﻲ ﮔﻔﺘﻨﺪ", "ﷲ", "\u200c" * 5, "\u200f\u200e" * 3,
    "<p>", "<html><body><p>خبر</p></body></html>", "...", "؟؟؟", "\n\n\n", "ق.ظ", "بی. بی. سی", "12:30", "۱۰:۷۵",
]


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        op = rng.random()
        i = rng.randint(0, len(chars)) if chars else 0
        if op < 0.3 and chars:
            del chars[max(0, i - 1):i + rng.randint(0, 5)]
        elif op < 0.6:
            chars[i:i] = list(rng.choice(SNIPPETS))
        elif op < 0.85:
            chars[i:i] = [rng.choice(ALPHABET) for _ in range(rng.randint(1, 6))]
        elif chars:
            j = rng.randint(0, len(chars))
            chars[i:i] = chars[j:j + rng.randint(1, 40)]
    return "".join(chars)


def _seed_texts() -> list[str]:
    texts = list(SENTENCES)
    for p in SEED_FILES:
        if p.exists():
            t = p.read_text(encoding="utf-8")
            texts.extend([t, t[: len(t) // 3]])
    return texts


def _presentation(text: str) -> str:
    """``text`` written in Arabic presentation forms (what some PDFs and old sites emit)."""
    from rawi.normalize.presentation import to_presentation_forms

    return to_presentation_forms(text)


def generate(seed: int) -> tuple[Any, dict]:
    """One input (str or bytes) and its metadata, determined by ``seed``."""
    rng = random.Random(seed)
    texts = _seed_texts()
    kind = rng.random()
    meta: dict = {}
    if rng.random() < 0.15:
        meta["outlet"] = rng.choice(["خبرگزاری نمونه", "Example News", "", "\u200c", "ایسنا"])
    if rng.random() < 0.15:
        meta["published"] = rng.choice(["2024-01-15", "9999-12-31", "0001-01-01", "garbage", "1402/10/12", "2024-13-45"])
    if kind < 0.05:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300))), meta
    if kind < 0.12:
        raw = rng.choice(texts).encode("utf-8")
        cut = rng.randint(1, len(raw))
        return raw[:cut], meta
    if kind < 0.17:
        return rng.choice(texts).encode(rng.choice(["utf-16", "utf-8-sig", "cp1256"]), "replace"), meta
    if kind < 0.27:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 200))), meta
    if kind < 0.35:
        return _presentation(rng.choice(texts)), meta
    if kind < 0.40:
        return "".join(rng.choice(["\u200c", "\u200f", "\u064e", "\ufeff", " ", "\n", "\u200b"]) for _ in range(rng.randint(1, 30))), meta
    base = " ".join(rng.choice(texts) for _ in range(rng.randint(1, 3)))
    return _mutate(base, rng), meta


# ---------------------------------------------------------------- invariants
_INSERTED = set(" \n\u200c«»،؛؟٫٬.:")


def _spans(obj: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    if isinstance(obj, dict):
        if {"text", "start", "end"} <= obj.keys():
            yield path, obj
        for k, v in obj.items():
            if k != "meta":
                yield from _spans(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _spans(v, f"{path}[{i}]")


def _fold(c: str) -> str:
    """The character normalisation may turn ``c`` into (one-for-one rules only)."""
    from rawi.normalize.chars import LETTERS, digit_table

    c = c.translate(LETTERS).translate(digit_table("fa"))
    if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff":
        c = unicodedata.normalize("NFKC", c).translate(LETTERS)
    return c.replace("ة", "ه")


def check(a: Any, raw: Optional[str]) -> list[str]:
    """Broken invariants of Analysis ``a`` of raw text ``raw`` (empty list when all hold)."""
    from rawi.normalize.offsets import to_raw
    from rawi.schema import Analysis

    errors: list[str] = []
    text = a.text
    try:
        dumped = a.model_dump_json()
        data = json.loads(dumped, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"non-JSON constant {c}")))
        again = Analysis.model_validate(data)
        if again != a:
            errors.append("schema: JSON round trip changed the analysis")
    except Exception as e:  # noqa: BLE001
        return [f"schema: {type(e).__name__}: {str(e)[:200]}"]
    try:
        import jsonschema

        jsonschema.validate(data, _schema())
    except ImportError:  # pragma: no cover
        pass
    except Exception as e:  # noqa: BLE001
        errors.append(f"schema: {str(e)[:200]}")
    for where, sp in _spans(data):
        s, e = sp["start"], sp["end"]
        if not (0 <= s <= e <= len(text)) or text[s:e] != sp["text"]:
            errors.append(f"span {where}: {sp['text'][:30]!r} != text[{s}:{e}] = {text[s:e][:30]!r}")
    prev = 0
    for i, snt in enumerate(a.sentences):
        if not (prev <= snt.start < snt.end <= len(text)):
            errors.append(f"sentence {i}: ({snt.start}, {snt.end}) after {prev}")
        prev = snt.end
    if raw is not None:
        anchors = a.offset_map
        last = -1
        for p in range(len(text)):
            r = to_raw(anchors, p)
            if r < last or not (0 <= r < len(raw) or (r == len(raw) and text[p] in _INSERTED)):
                errors.append(f"offset map: {p} -> {r} (previous {last}, raw length {len(raw)})")
                break
            last = r
            c = text[p]
            if c in _INSERTED or r >= len(raw):
                continue
            if raw[r] != c and _fold(raw[r]) != c and not _nearby(raw, r, c):
                errors.append(f"offset map: text[{p}] = {c!r} but raw[{r}] = {raw[r]!r}")
                break
    return errors


def _nearby(raw: str, r: int, c: str) -> bool:
    """A presentation-form ligature (ﻻ = لا, ﷲ = الله) maps several letters to one raw character."""
    return c in "".join(_fold(x) for x in unicodedata.normalize("NFKC", raw[r])) or c == "\ufffd"


_SCHEMA: Optional[dict] = None


def _schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        from rawi.schema import json_schema

        _SCHEMA = json_schema()
    return _SCHEMA


def raw_text(inp: Any, a: Any) -> Optional[str]:
    """What the offset map points into: the decoded input (None for HTML, whose map points
    into the extracted text)."""
    from rawi.io import decode, looks_like_html

    if isinstance(inp, bytes):
        try:
            inp = decode(inp)
        except ValueError:
            return None
    if looks_like_html(inp):
        return None
    return inp


def run_one(seed: int) -> tuple[str, list[str]]:
    """('ok' | 'refused' | 'crash' | 'broken', details) for input ``seed``."""
    import rawi
    from rawi.io import InputError

    inp, meta = generate(seed)
    try:
        a = rawi.analyze(inp, **meta)
    except InputError:
        return "refused", []
    except Exception:  # noqa: BLE001
        return "crash", [traceback.format_exc(limit=-3)]
    errors = check(a, raw_text(inp, a))
    return ("broken", errors) if errors else ("ok", [])


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of inputs")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--show", type=int, default=5, help="failures to print")
    args = ap.parse_args(argv)
    counts: dict[str, int] = {}
    kinds: dict[str, int] = {}
    shown = 0
    t0 = time.perf_counter()
    for seed in range(args.seed, args.seed + args.n):
        status, details = run_one(seed)
        counts[status] = counts.get(status, 0) + 1
        if details:
            k = details[0].split(":")[0] if status == "broken" else details[0].strip().splitlines()[-1][:60]
            kinds[k] = kinds.get(k, 0) + 1
        if status in ("crash", "broken") and shown < args.show:
            shown += 1
            print(f"seed {seed}: {status}\n  " + "\n  ".join(d.strip() for d in details[:3]), file=sys.stderr)
    dt = time.perf_counter() - t0
    print(f"{args.n} inputs in {dt:.0f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {v:5d}  {k}")
    return 1 if counts.get("crash") or counts.get("broken") else 0


if __name__ == "__main__":
    sys.exit(main())
