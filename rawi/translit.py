"""English labels for Persian and Arabic names.

A curated list (rawi/lexicons/names_en.tsv) wins; otherwise a rule-based romanisation.
Persian script leaves short vowels unwritten, so the rules guess them the way
Arabic-origin names usually go (a between consonants: حلبی → Halabi, مصعب → Masab):
a reader's aid, not a scholarly transliteration; records keep the Persian span.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import rows

ZWNJ = "\u200c"
_CONS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "'",
    "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "'",
    "ئ": "'", "ؤ": "'", "أ": "a", "إ": "e",
}
_VOWELS = {"ا": "a", "آ": "a", "و": "u", "ی": "i"}


_TITLE_WORDS = {"آیت‌الله", "آیت", "الله", "حجت‌الاسلام", "والمسلمین", "سردار", "سرلشکر", "سرتیپ", "امیر", "دریادار", "شهید",
                "حضرت", "امام", "دکتر", "مهندس", "شیخ", "حاج", "آقای", "خانم", "رهبر", "استاد", "انقلاب", "سپهبد", "ملک",
                "معظم", "مقام", "ملا", "مولوی", "سید", "سیده", "علامه"}


def _parts_from_people() -> dict[str, str]:
    """Name parts learnt from the curated people list (lexicons/people_en.tsv): where a Persian
    full name and its English spelling have as many words, each Persian word is spelt like its
    English word ("حسین" Hossein, "موسوی" Mousavi, "شریعتمداری" Shariatmadari). A part spelt two
    ways in the list is left to the rules."""
    from .lexicons import HERE
    if not (HERE / "people_en.tsv").exists():
        return {}
    seen: dict[str, set[str]] = {}
    for r in rows("people_en.tsv"):
        if len(r) < 4 or r[3] not in ("IR", "AF", "TJ"):
            continue  # only Persian names align word for word ("احمد داوود اوغلو" is not "Ahmet Davutoglu")
        fa = [w for w in r[0].rstrip("?").split() if w not in _TITLE_WORDS]
        en = [w for w in re.sub(r"\([^)]*\)", " ", r[1]).replace("-", " - ").split()]
        en = [w for w in en if w != "-"]
        if len(fa) != len(en) or not fa:
            continue
        for a, b in zip(fa, en):
            if a.startswith("ال") or not re.fullmatch(r"[A-Z][a-z'’]+", b):
                continue
            seen.setdefault(a.replace(ZWNJ, ""), set()).add(b)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    from .lexicons import HERE
    out = _parts_from_people()  # learnt parts lose to the hand lists
    if (HERE / "names_foreign.tsv").exists():  # foreign names lose to Persian ones (فرانک Faranak, not Frank)
        out.update({r[0].replace(ZWNJ, ""): r[1] for r in rows("names_foreign.tsv") if len(r) > 1})
    if (HERE / "name_parts.tsv").exists():
        out.update({r[0].replace(ZWNJ, ""): r[1] for r in rows("name_parts.tsv") if len(r) > 1})
    out.update({r[0].replace(ZWNJ, ""): r[1] for r in rows("names_en.tsv") if len(r) > 1})  # the first hand list wins
    return out


@lru_cache(maxsize=1)
def _foreign() -> frozenset[str]:
    """Keys of foreign names (lexicons/names_foreign.tsv and the foreign section of name_parts.tsv):
    whole words only, never the root of a Persian compound (پیرنیا is Pirnia, not Pierre + nia)."""
    from .lexicons import HERE
    keys: set[str] = set()
    if (HERE / "names_foreign.tsv").exists():
        keys |= {r[0].replace(ZWNJ, "") for r in rows("names_foreign.tsv")}
    foreign = False
    for line in (HERE / "name_parts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            foreign = line.startswith("# --- Foreign")
        elif foreign and line.strip() and not line.startswith("#"):
            keys.add(line.split("\t")[0].replace(ZWNJ, ""))
    persian = {r[0].replace(ZWNJ, "") for r in rows("names_en.tsv")}
    foreign = False
    for line in (HERE / "name_parts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            foreign = line.startswith("# --- Foreign")
        elif not foreign and line.strip() and not line.startswith("#"):
            persian.add(line.split("\t")[0].replace(ZWNJ, ""))
    return frozenset(keys - persian)


def _root(w: str) -> str | None:
    """A known Persian name part to build a compound on (foreign names are no roots)."""
    return None if w in _foreign() else _known().get(w)


# Two-consonant word endings Persian allows (a falling cluster: Farhad, Bahram, Zand, Mehr, Dust,
# Sabz): any other final pair takes the unwritten short vowel between its consonants.
_CODAS = frozenset(tuple(x.split("+")) for x in (
    "r+d r+t r+z r+g r+m r+s r+sh r+k r+b r+f r+j r+n r+q r+gh r+kh r+ch r+zh l+d l+m l+f l+b l+k l+t l+z l+s l+q l+gh "
    "n+d n+t n+j n+g n+k n+z n+s n+sh n+ch n+q n+gh m+d m+z m+s m+sh m+b m+t m+r s+t s+b s+m s+k sh+t sh+k sh+m sh+n "
    "sh+q kh+t kh+sh kh+m kh+r f+t f+sh f+s z+d z+m z+b z+l h+r h+d h+m h+n h+l h+b h+t h+z h+s h+sh h+k "
    "b+r b+t b+s b+z d+r t+r q+r q+l gh+r gh+z j+r j+d j+m j+z '+d '+r '+l '+m '+n '+z '+b '+t '+s '+sh "
    "'+f '+q d+l k+r k+s k+t k+m b+d b+l t+f t+m t+n q+d q+t q+m q+s z+n s+r s+l "
    "v+z v+r v+d v+n v+j y+r y+d y+n y+m y+s y+sh y+t y+l y+z y+b y+f y+k y+kh y+j y+v").split() if "?" not in x)

_ENDINGS = (("زاده", "zadeh"), ("نژاد", "nejad"), ("پور", "pour"), ("فرد", "fard"), ("فر", "far"), ("نیا", "nia"),
            ("کیا", "kia"), ("راد", "rad"), ("شناس", "shenas"), ("دوست", "doust"), ("منش", "manesh"), ("پناه", "panah"),
            ("خواه", "khah"), ("آبادی", "abadi"), ("ابادی", "abadi"), ("الدین", "eddin"), ("اللهی", "ollahi"),
            ("الله", "ollah"), ("یان", "ian"), ("یی", "ei"), ("ئی", "ei"), ("ی", "i"))
# Endings that are surname-makers whatever the root: a root no list knows is spelt by the letter rules
# ("سازگارنژاد" Sazgarnejad, "مشکل‌پور"). -ی only on a known root of four letters or more: حمدی is
# Hamdi, not Hamad + i, but "فرهادی" is Farhad + i.
_FREE_ENDINGS = frozenset(("زاده", "نژاد", "پور", "نیا", "کیا", "فرد", "شناس", "آبادی", "ابادی", "الدین", "اللهی"))
_PREFIXES = (("پور", "Pour"), ("میر", "Mir"), ("عبدال", "Abdol"), ("ابوال", "Abol"))
# "پورعسگری" Pourasgari, "عبدالعظیم" Abdolazim; میر only before a known part ("میرکریمی" Mirkarimi)
_OPEN_PREFIXES = frozenset(("پور", "عبدال", "ابوال"))
# Endings of foreign surnames as Persian writes them, back to their own spelling: Russian -ov and
# -chev (لاوروف، گورباچف), Slavic -ovic / -vich and -ski, Turkish -oglu.
_FOREIGN_ENDINGS = (("وویچ", "ovic"), ("ویچ", "vich"), ("اوغلو", "oglu"), ("فسکی", "vski"), ("سکی", "ski"),
                    ("چف", "chev"), ("وف", "ov"))


def _lower_join(base: str, rest: str) -> str:
    return base + rest[:1].lower() + rest[1:]


def _two_parts(bare: str) -> str | None:
    """A word no list knows made of two Persian parts the lists know ("خسروتاج" Khosrowtaj,
    "شیرمحمدی"): the longest first part of three letters or more whose rest is also known."""
    for i in range(len(bare) - 3, 2, -1):
        a, b = _root(bare[:i]), _root(bare[i:])
        if a and b and a[:1].isupper() and b[:1].isupper():
            return _lower_join(a, b)
    return None


def _word(w: str, compound: bool = True) -> str:
    """One word: a known spelling, a compound of known parts, else the letter rules (``compound``
    False for a piece of a compound, where a foreign name is no reading: "پیر" in "پیرنیا")."""
    known = _root(w.replace(ZWNJ, "")) if not compound else _known().get(w.replace(ZWNJ, ""))
    if known:
        return known
    bare = w.replace(ZWNJ, "")
    if compound:
        for fa, en in _ENDINGS:  # "حسین‌زاده" = Hossein + zadeh, "رضایی" = Reza + i
            root = bare[: -len(fa)]
            if not bare.endswith(fa) or len(root) < 2:
                continue
            if fa == "ی" and len(root) < 4:
                continue
            base = _root(root)
            if fa in ("یی", "ئی") and not base and root.endswith("ا") and len(root) >= 3:
                return _word(root, False) + "ei"  # "خزایی" Khazaei, "خانزائی" Khanzaei
            if not base and fa in _FREE_ENDINGS and len(root) >= 3:
                base = _word(root, False)
            if base:
                if fa == "یان" and base.endswith("i"):
                    return base[:-1] + "ian"  # "نقی‌یان" Naghian
                return base + en
        for fa, en in _PREFIXES:
            rest = bare[len(fa):]
            if bare.startswith(fa) and len(rest) >= 3 and (fa in _OPEN_PREFIXES or _root(rest)):
                return _lower_join(en, _root(rest) or _word(rest, False))
        split = _two_parts(bare)
        if split:
            return split
        for fa, en in _FOREIGN_ENDINGS:
            root = bare[: -len(fa)]
            if bare.endswith(fa) and len(root) >= 3 and not root.endswith(("ئ", "ء")):
                return _word(root, False) + en
        if len(bare) >= 5 and bare.endswith("ف") and bare[-2] in _CONS and bare[-2] not in "عءئ":
            return _word(bare[:-1], False) + "ov"  # "ایوانف" Ivanov, "پریماکف" Primakov

    prefix = ""
    if w.startswith("ال") and len(w) > 4:
        inner = _known().get(w[2:])
        if inner:
            return "al-" + inner
        prefix, w = "al-", w[2:]
    seq: list[tuple[str, bool]] = []  # (letters, is_consonant)
    w = w.replace(ZWNJ, "")
    n = len(w)
    if n > 3 and w[0] == "ا" and w[1] in "سص" and w[2] in "تکپفلق":
        seq.append(("e", False))  # "استخری" Estakhri, "اسلامی" Eslami, "استبان" Esteban
        w, n = w[1:], n - 1
    elif n > 3 and w[:2] == "ای" and w[2] in _CONS:
        seq.append(("i", False))  # "ایزدی" Izadi, "ایران" Iran
        w, n = w[2:], n - 2
    for i, ch in enumerate(w):
        if ch == ZWNJ:
            continue
        if ch in _VOWELS:
            glide = (ch == "و" and (i == 0 or (i + 1 < n and w[i + 1] in _VOWELS))) or \
                    (ch == "ی" and (i == 0 or (i + 1 < n and w[i + 1] in "او") or (w[i - 1] in "اآ" and i + 1 < n)))
            if glide and ch == "ی" and i > 0 and w[i - 1] in _CONS and w[i - 1] not in "عءئ" and w[i + 1] == "ا":
                seq.append(("i", False))  # "سانتیاگو" Santiago, "آقاجانیان" Aghajanian, "کیا" kia
            elif glide:
                seq.append(("v" if ch == "و" else "y", True))
            elif ch == "و" and i == 1 and w[0] == "ا" and n > 3:
                seq[-1] = ("o", False)  # "اوسانی" Osani, "اولیایی" Oliaei: the ا only carries the vowel
            elif ch == "و" and 0 < i < n - 1:
                seq.append(("ou", False))  # the press writes the long u of names ou: Nouri, Toufighi, Foroutan
            else:
                seq.append(("o" if ch == "و" and i + 1 == n and i > 0 else _VOWELS[ch], False))
        elif ch == "ع" and 0 < i < n - 1 and w[i - 1] in "اآ" and w[i + 1] in _CONS:
            seq.append(("e", False))  # شاعری Shaeri, فاعلی Faeli
        elif ch == "ه" and i + 1 == n and i > 0:
            seq.append(("h" if w[i - 1] in "اآو" else "eh", False))  # شاه Shah, کوه Kouh; زنگنه Zanganeh
        elif ch in _CONS:
            seq.append((_CONS[ch], True))
        else:
            seq.append((ch, False))
    # Unwritten short vowels: after a word-initial consonant cluster, inside runs of three
    # consonants (Persian syllables are CV, CVC or CVCC), and between two final consonants that
    # are no Persian coda (خنیفر is Khanifar, not Khanifr; but Farhad, Kamran, Dust keep theirs).
    out: list[str] = []
    run = 0
    for j, (sym, cons) in enumerate(seq):
        nxt_cons = j + 1 < len(seq) and seq[j + 1][1]
        out.append(sym)
        if cons:
            run += 1
            if nxt_cons and (j == 0 or run == 2):
                out.append("a")
                run = 0
            elif nxt_cons and run == 1 and j + 2 == len(seq) and (sym, seq[j + 1][0]) not in _CODAS:
                out.append("a")
                run = 0
        else:
            run = 0
    s = "".join(out).strip("'")
    # ع and ء are not written in press spellings (سعادت Saadat, معصوم Masoum)
    s = s.replace("'", "")
    return prefix + (s[:1].upper() + s[1:] if s else s)


_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


# Parts that news often writes apart from the word they belong to ("شریف پور", "عین الله"): one word.
_DETACHED = {"الله": "ollah", "اله": "ollah", "اللهی": "ollahi", "الدین": "eddin", "پور": "pour", "زاده": "zadeh",
             "نژاد": "nejad", "فر": "far", "فرد": "fard", "نیا": "nia", "کیا": "kia", "راد": "rad",
             "آبادی": "abadi", "شناس": "shenas", "یان": "ian", "ای": "i", "یی": "i", "ئی": "i", "فام": "fam"}
# -ای, -یی written apart end the word before ("خامنه ای" Khamenei); the word joined is looked up first.
_GLUED = (("سیده", "Seyedeh"), ("سید", "Seyed"))  # "سیدمحمود" is Seyed Mahmoud


_KINSHIP = {"بن": "bin", "بنت": "bint", "ابن": "ibn"}  # between two names, never first (بن والاس Ben Wallace)


def _glued(w: str) -> str | None:
    """A title glued to a known given name ("سیدجلیل"), spelt as two words."""
    bare = w.replace(ZWNJ, "")
    for fa, en in _GLUED:
        rest = bare[len(fa):]
        if bare.startswith(fa) and len(rest) >= 3 and rest in _known() and bare not in _known():
            return f"{en} {_known()[rest]}"
    return None


@lru_cache(maxsize=1)
def _clerical() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Clerical ranks that open a name (lexicons/honorifics.txt: آیت‌الله Ayatollah, حجت‌الاسلام
    Hojjat-ol-Eslam), as word tuples without ZWNJ, longest first: spelt as the press spells the
    rank, never romanised letter by letter."""
    out = []
    for r in rows("honorifics.txt"):
        if len(r) > 1 and ("الله" in r[0] or "الاسلام" in r[0]):
            out.append((tuple(r[0].replace(ZWNJ, " ").split()), r[1]))
    return tuple(sorted(out, key=lambda t: -len(t[0])))


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    from .lexicons import HERE
    if not (HERE / "name_parts.tsv").exists():
        return {}
    return {r[0].replace(ZWNJ, ""): r[2] for r in rows("name_parts.tsv") if len(r) > 2}


def _surname_like(w: str) -> bool:
    """A word that reads as a family name: listed as one, or an -ی word no list gives as a given name."""
    k = _kinds().get(w.replace(ZWNJ, ""))
    if k:
        return k == "surname"
    return w.endswith("ی") and w not in ("سید", "سیده") and len(w) > 3


def name_en(name: str) -> str:
    """English label of a person's name: the curated spelling or a romanisation."""
    clean = " ".join(name.replace("«", " ").replace("»", " ").split())
    whole = _known().get(clean.replace(ZWNJ, ""))
    if whole:
        return whole
    flat = clean.replace(ZWNJ, " ").split()
    for fa, en in _clerical():
        if tuple(flat[:len(fa)]) == fa and len(flat) > len(fa):
            return f"{en} {name_en(' '.join(flat[len(fa):]))}"
    words = clean.split(" ")
    out: list[str] = []
    src: list[str] = []
    for i, w in enumerate(words):
        if i and w in _DETACHED and _WORD.fullmatch(words[i - 1]) and words[i - 1] not in _DETACHED:
            src[-1] = src[-1] + w
            joined = (words[i - 1] + w).replace(ZWNJ, "")
            known = _known().get(joined)
            suffix = _DETACHED[w]
            if known:
                out[-1] = known
            elif suffix == "i" and out[-1].endswith("eh"):
                out[-1] = out[-1][:-2] + "ei"  # "خامنه ای" Khamenei
            elif suffix == "i" and out[-1].endswith(("a", "o")):
                out[-1] = out[-1] + "ei"  # "طباطبا ای" Tabatabaei
            elif suffix == "ian" and out[-1].endswith("i"):
                out[-1] = out[-1][:-1] + "ian"  # "صادقی یان" Sadeghian
            else:
                out[-1] = out[-1] + suffix
            continue
        if i and i + 1 < len(words) and w in _KINSHIP:
            out.append(_KINSHIP[w])  # "علی بن فاضل" Ali bin Fazel: Arab kinship words inside a name
        else:
            out.append(_WORD.sub(lambda m: _glued(m.group(0)) or _word(m.group(0)), w))
        src.append(w)
    # A double surname after a given name is hyphenated as the press writes it ("غلامحسین محسنی اژه‌ای"
    # Gholamhossein Mohseni-Ejei, "شیما امینی مقدم"): the word before the last is a family name.
    if len(src) >= 3 and _kinds().get(src[-3].replace(ZWNJ, "")) == "given" and _surname_like(src[-2]) \
            and _kinds().get(src[-1].replace(ZWNJ, "")) != "given" and " " not in out[-2] + out[-1] \
            and _WORD.fullmatch(src[-1]) and _WORD.fullmatch(src[-2]):
        out[-2:] = [f"{out[-2]}-{out[-1][:1].upper()}{out[-1][1:]}"]
    # a part the lists give in lower case ("دوست" doust) stands alone as a capitalised word
    return " ".join(o[:1].upper() + o[1:] if o[:1].islower() and not o.startswith(("al-", "ibn")) and o not in ("bin", "bint") else o
                    for o in out)
