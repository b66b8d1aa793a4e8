"""One reading of digits, the same for content, pack files, catalogues, spreadsheet cells and
the finished page: what a reader takes for a number, and what for a figure of the text.

A number is every run of digits a reader reads across: its groups apart by any space of any
width or count ("8  800  080  7777", em spaces, no-break spaces), by hyphens and dashes, by a
dot or a slash between two digits, or by an area code in brackets. A letter that looks like a
digit is read as that digit where it stands in a number's place: touching digits ("1О9"), or
in a word of nothing but such letters ("ІОЗ" is 103).

Some runs are figures by their form alone: a time ("9:00", "24/7"), a range of times ("9:00–17:00"), a
date ("30.11.2026", "2026-11-30"), a percentage ("15 %") and a designation, the digits after "№",
"N°", "No." or "Nr." ("Емхана № 103", "Clinic No. 111": a clinic's or a school's number, which
nobody dials). The others, of three digits or more,
are figures only by the words beside them, in the text's language (FIGURE_WORDS): an article of
a law, an area code, a year, a duration. Anything else is a number, and must be a contact's.

A leaf: it imports nothing of the project, so every stage reads digits the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

DIGITS = "0123456789"
# Every space of Unicode (Zs), of any width, and a tab: a reader reads across each of them.
SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
MIN_DIGITS = 3  # the shortest phone numbers (102, 112); shorter runs are days, hours, list items
LONGEST_SHORT_NUMBER = 6  # the EU's 116 006: a short number has MIN_DIGITS to this many digits
PHONE_LENGTH = 7  # a run this long is a phone number in any country, whatever its words

# Controls that change the direction of what follows: an override turns "102" into "201".
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that print nothing: beside a digit they hide what a number really holds.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u061c\u00ad\u180e")
# Letters a reader takes for digits: "11І" (Cyrillic І) reads as 111 and dials 11.
LOOK_ALIKES = {**dict.fromkeys("OoОоΟοՕօ", "0"), **dict.fromkeys("lIІӀӏǀ|ι", "1"), **dict.fromkeys("ЗзƷʒ", "3"),
               "б": "6", "Ƽ": "5", "ƽ": "5"}
LOOK_ALIKE_DIGITS = frozenset(LOOK_ALIKES)

_S = "[" + re.escape(SPACES) + "]"
_H = "[" + re.escape(HYPHENS) + "]"
# Between two groups of a number: spaces and hyphens in any count, a dot or a slash between two
# digits, or an area code in brackets ("8 (701) 555-12-34").
_JOIN = rf"(?:(?:{_S}|{_H})+|[./]|{_S}*\(\d+\){_S}*)"
_NUMBER = rf"\+?\d+(?:{_JOIN}\d+)*"
_TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_RANGE_DASH = rf"{_S}*{_H}{_S}*"
_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}"
_PERCENT = rf"\d+(?:[.,]\d+)?{_S}?%"
# The mark of a designation: "№", "N°"/"Nº", "No." or "Nr." (not the end of a word: "Casino. 102").
_MARK = r"(?<![^\W\d_])(?:№|N[°º]|[Nn][Oo]\.|[Nn]r\.)"
# A designation is its mark and one group of up to four digits (a clinic's, a school's number):
# a longer run has a local phone number's length, and a run with groups after the mark
# ("№ 8 800 080 7777") is read as the number it has the shape of.
LONGEST_DESIGNATION = 4
_DESIGNATION = rf"{_MARK}{_S}*\d{{1,{LONGEST_DESIGNATION}}}(?!\d|{_JOIN}\d)"
# The forms tried in turn at each place: a figure by its form first, else a number.
_READING = (
    rf"(?<![\d+])(?:(?P<designation>{_DESIGNATION})"
    rf"|(?P<time>{_TIME}(?:{_RANGE_DASH}{_TIME})?|24/7)(?![\d:])"
    rf"|(?P<date>{_DATE})(?![\d.]\d)"
    rf"|(?P<percent>{_PERCENT})"
    rf"|(?P<range>\d{{1,4}}{_RANGE_DASH}\d{{1,4}})(?!{_JOIN}\d)"
    rf"|(?P<number>{_NUMBER}))(?!\d)")
ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOKEN = re.compile(r"(?:\w|[" + re.escape("".join(LOOK_ALIKES)) + r"])+", re.UNICODE)


@lru_cache(maxsize=1)
def _reading() -> re.Pattern[str]:
    """_READING, compiled when a text is first read for its numbers: its compiling was a
    thirtieth of a build with nothing to do, which reads none."""
    return re.compile(_READING)

# Figure kinds known by their words: the stems of the words that say what a run is, in each
# language respack prints. A run of three digits or more is that kind when the nearest word
# before it or one of the two after it ("120-бап", "120-ე მუხლი"), over the other runs of a list
# and its "and"s ("Articles 120 and 121"), starts with one of them; a stem ending in "$" is a
# whole word ("ст." of "ст. 120"). Hebrew and Arabic words are found inside the word, with its
# prefixes ("וסעיף", "للمادة").
FIGURE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {  # of a law
        "en": ("article", "art$", "section"), "ru": ("стат", "ст$"), "kk": ("бап", "баб"),
        "hy": ("հոդված",), "he": ("סעיף", "סעיפים"), "ar": ("المادة", "المواد", "مادة"),
        "ka": ("მუხლ",), "pl": ("art$", "artykuł", "artykule"),
    },
    "area code": {
        "en": ("code",), "ru": ("код",), "kk": ("код",), "hy": ("կոդ",), "he": ("קידומת",),
        "ar": ("رمز", "مفتاح"), "ka": ("კოდ",), "pl": ("kierunkow",),
    },
    "year": {  # a year of 1900 to 2099 only
        "en": ("year", "since", "in$", "from$", "until$", "january", "february", "march", "april", "may", "june",
               "july", "august", "september", "october", "november", "december"),
        "ru": ("год", "г$", "с$", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
               "сентября", "октября", "ноября", "декабря"),
        "kk": ("жыл",), "hy": ("թվական", "թ$", "տարի"), "he": ("שנת", "שנה"), "ar": ("عام", "سنة"),
        "ka": ("წელ", "წლ"), "pl": ("rok", "r$", "od$"),
    },
    "duration": {  # a count of time
        "en": ("minute", "hour", "day", "week", "month", "year"), "ru": ("минут", "час", "дн", "ден", "сут",
                                                                          "недел", "месяц", "год", "лет"),
        "kk": ("минут", "сағат", "күн", "апта", "ай", "жыл"), "hy": ("րոպե", "ժամ", "օր", "շաբաթ", "ամիս", "տարի"),
        "he": ("דקות", "שעות", "ימים", "שבועות", "חודשים", "שנים"), "ar": ("دقيقة", "ساعة", "يوم", "أيام", "أسبوع",
                                                                         "شهر", "سنة", "سنوات"),
        "ka": ("წუთ", "საათ", "დღ", "კვირ", "თვ", "წელ", "წლ"), "pl": ("minut", "godzin", "dni", "dzień", "tydz",
                                                                          "tygodni", "miesi", "lat", "rok"),
    },
}
# Words that join the runs of a list ("Articles 120 and 121"), read over to the list's word.
_LIST_WORDS = frozenset({"and", "or", "и", "или", "және", "мен", "немесе", "և", "ու", "կամ", "ו", "או", "و", "أو",
                         "და", "ან", "i", "lub", "oraz", "to", "до", "по"})
_INSIDE = frozenset({"he", "ar"})  # languages whose words carry prefixes ("וסעיף", "للمادة")
FORM_KINDS = ("time", "date", "percent", "designation")  # figures by their form alone, never a phone number
FIGURE_KINDS = (*FORM_KINDS, *FIGURE_WORDS)


@dataclass(frozen=True)
class Run:
    """A run of digits as written: its text, where it stands, the text as read (as_read: look-alike
    letters as the digits they pass for) and, for a figure by its form, its kind."""

    text: str
    start: int
    end: int
    read: str = ""
    kind: str = ""  # one of FORM_KINDS, "range" (of two numbers: 120–125), or "" for a number

    @property
    def digits(self) -> str:
        return ascii_digits(self.read or self.text)

    @property
    def international(self) -> bool:
        return (self.read or self.text).startswith("+")

    @property
    def is_number(self) -> bool:
        """Long enough to be dialled: a figure of one or two digits never is, nor a designation
        ("№102" is a clinic's, not the police's)."""
        return self.kind != "designation" and (self.international or len(self.digits) >= MIN_DIGITS)

    @property
    def values(self) -> tuple[str, ...]:
        """What the run says, compared between a translation and its English: each time of a
        range ("9:00"), a date as year-month-day, a percentage, else its digits."""
        read = self.read or self.text
        if self.kind == "time":
            return tuple(f"{int(h)}:{m}" for h, m in re.findall(r"(\d+):(\d\d)", read)) or (read,)
        if self.kind == "date":
            return (date_value(read) or self.digits,)
        if self.kind == "percent":
            return (re.sub(_S, "", read).replace(",", "."),)
        if self.kind == "range":
            return tuple(self.ends)
        return (self.digits,)

    @property
    def ends(self) -> tuple[str, ...]:
        """The numbers of a range, each as its digits: a range of contacts' numbers is two of them."""
        return tuple(re.findall(r"\d+", self.read or self.text)) if self.kind == "range" else (self.digits,)


def ascii_digits(text: str) -> str:
    """The digits 0-9 of a text (no other script's digits: those are refused, not read)."""
    return "".join(ch for ch in text if ch in DIGITS)


def is_digits(text: str) -> bool:
    """Whether a text is digits 0-9 only (str.isdigit() takes "١٠٢" and "²" too)."""
    return bool(text) and all(ch in DIGITS for ch in text)


def is_address(text: str) -> bool:
    """Whether a text is one e-mail address, as the page check reads addresses."""
    return ADDRESS.fullmatch(text) is not None


def addresses(text: str) -> list[str]:
    """The e-mail addresses of a text, in small letters."""
    return [match.group().lower() for match in ADDRESS.finditer(text)]


def date_value(text: str) -> str:
    """A date written 30.11.2026, 30/11/2026, 2026-11-30 or 2026.11.30 as 2026-11-30; "" when it
    is no day of the calendar."""
    parts = [int(p) for p in re.findall(r"\d+", text)]
    year, month, day = parts if parts[0] > 31 else parts[::-1]
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


@lru_cache(maxsize=16384)
def number_runs(text: str) -> tuple[Run, ...]:
    """Every run of digits of a text, as a reader groups and reads them; a time, a range of times,
    a date, a percentage or a designation (its mark and its digits, "№ 102") is one run of its kind."""
    read = as_read(text)
    runs = []
    for match in _reading().finditer(read):
        kind = match.lastgroup if match.lastgroup != "number" else ""
        if kind == "date" and not date_value(match.group()):
            kind = ""
        runs.append(Run(text[match.start():match.end()], match.start(), match.end(), match.group(), kind or ""))
    return tuple(runs)


def as_read(text: str) -> str:
    """The text with each look-alike letter that stands in a number's place put as the digit it
    passes for: in a word of digits and such letters alone ("1О9", "11І"), in a word of such
    letters between two groups of digits ("8 800 О 80"), or in a word of three or more such letters
    that pass for two digits or more ("ІОЗ"; not "III" or "ООО", a numeral and an abbreviation).
    Not the "l" of "Call102" or the "o" of "ngo1". As long as the text, so places in one are places
    in the other."""
    if not LOOK_ALIKE_DIGITS.intersection(text):
        return text
    read = list(text)
    for token in _TOKEN.finditer(text):
        word = token.group()
        if any(ch not in DIGITS and ch not in LOOK_ALIKES for ch in word):
            continue
        passes = [LOOK_ALIKES[ch] for ch in word if ch in LOOK_ALIKES]
        if not passes or (len(passes) == len(word) and not _stands_for_number(word)
                          and not _between_groups(text, token.start(), token.end())):
            continue
        for index in range(token.start(), token.end()):
            read[index] = LOOK_ALIKES.get(read[index], read[index])
    return "".join(read)


def _between_groups(text: str, start: int, end: int) -> bool:
    """Whether a word stands between two groups of digits, apart from each by spaces or hyphens."""
    joins = SPACES + HYPHENS
    before, after = text[:start].rstrip(joins), text[end:].lstrip(joins)
    return (before != text[:start] and after != text[end:] and before[-1:] in tuple(DIGITS)
            and after[:1] in tuple(DIGITS))


def _stands_for_number(word: str) -> bool:
    """A word of look-alike letters alone reads as a number when it is three or more, passing for
    two digits or more, in capitals or of two scripts ("ІОЗ", "lОl"): not "обо", "III" or "ООО"."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in word}
    return (len(word) >= MIN_DIGITS and len({LOOK_ALIKES[ch] for ch in word}) >= 2
            and (word.isupper() or len(scripts) > 1))


def look_alike_words(text: str) -> list[tuple[str, str]]:
    """The words of a text that read as digits and hold a letter, each with the digits it reads
    as: ("1О9", "109"), ("ІОЗ", "103")."""
    read = as_read(text)
    return [(m.group(), read[m.start():m.end()]) for m in _TOKEN.finditer(text)
            if read[m.start():m.end()] != m.group() and is_digits(read[m.start():m.end()])]


def figure_kind(text: str, run: Run, language: str) -> str:
    """What a run of a text is, as a reader of the language knows it: its kind by form (time,
    date, percent), else by its words (FIGURE_WORDS), else "" (a number). A range is the kind
    its words say ("Articles 120–125")."""
    if run.kind and run.kind != "range":
        return run.kind
    words = _words_before(text[:run.start]), _words_after(text[run.end:])
    for kind, stems in FIGURE_WORDS.items():
        if kind == "year" and not (len(run.digits) == 4 and 1900 <= int(run.digits) <= 2099
                                   and len(run.text.strip()) == 4):
            continue
        own = stems.get(language, ()) + (stems["en"] if language != "en" else ())
        if any(_says(word, own, language) for word in (*words[0][-1:], *words[1][:2])):
            return kind
    return ""


def _words_before(text: str) -> list[str]:
    """The word a run follows, over the runs and the "and"s of a list ("Articles 120 and 121")."""
    for match in reversed(list(re.finditer(r"[^\W_]+|[;!?\n]", text[-80:]))):
        word = match.group().lower()
        if word in ";!?\n":
            break
        if not any(ch.isdigit() for ch in word) and word not in _LIST_WORDS:
            return [word]
    return []


def _words_after(text: str) -> list[str]:
    """The two words a run is followed by ("120-ე მუხლი", "30 days"), over the other runs of a
    list ("120 және 121-баптарында"), not over a number of another phrase ("102 (24 hours)")."""
    tokens = [m.group().lower() for m in re.finditer(r"[^\W_]+", text[:80])]
    words: list[str] = []
    index = 0
    while index < len(tokens) and len(words) < 2:
        token = tokens[index]
        if any(ch.isdigit() for ch in token):
            break
        if token in _LIST_WORDS and not words and index + 1 < len(tokens) and is_digits(tokens[index + 1]):
            index += 2
            continue
        words.append(token)
        index += 1
    return words


def _says(word: str, stems: tuple[str, ...], language: str) -> bool:
    for stem in stems:
        if stem.endswith("$"):
            if word == stem[:-1]:
                return True
        elif word.startswith(stem) or (language in _INSIDE and stem in word):
            return True
    return False


def figure_values(text: str) -> list[str]:
    """The values of a text's figures and numbers a translation must carry as its English does:
    every time and date, every other run (or end of a range) of three digits or more."""
    return [value for run in number_runs(text) for value in run.values
            if run.kind in ("time", "date") or run.international or len(ascii_digits(value)) >= MIN_DIGITS]


def figures(texts: Iterable[str]) -> frozenset[str]:
    """The digits of every run in texts, of each time of a range and of each group of a run: the
    figures a document's own words may print (an article, a year, a site's number)."""
    found: set[str] = set()
    for text in texts:
        found.update(_text_figures(text))
    return frozenset(found)


@lru_cache(maxsize=8192)
def _text_figures(text: str) -> frozenset[str]:
    """One text's figures: every site's card has the same words but a few."""
    found: set[str] = set()
    for run in number_runs(text):
        found.add(run.digits)
        found.update(re.findall(r"\d+", run.read))
        if run.kind == "time":
            found.update(ascii_digits(value) for value in run.values)
    return frozenset(found)


def describe(char: str) -> str:
    """A character as a volunteer can find it: "'١' (U+0661 ARABIC-INDIC DIGIT ONE)"."""
    visible = char.isprintable() and not char.isspace() and unicodedata.category(char) not in ("Cf", "Co")
    code = f"U+{ord(char):04X} {unicodedata.name(char, 'without a name')}"
    return f"{char!r} ({code})" if visible else code


def character_problems(text: str, page: bool = False) -> list[str]:
    """What in a text can make a number read or dial other than it looks: a digit other than
    0-9, a direction control anywhere, an invisible character, or a letter that stands in a
    number's place (as_read). Each names the character. page: of a page read back, where a
    look-alike is read as the digit it passes for instead (number_runs)."""
    problems = []
    for index, char in enumerate(text):
        # Letters and ASCII are none of these (a page reads thousands of them): passed over
        # before the slower questions. Look-alike letters are read below, as words.
        if char.isascii() or char.isalpha():
            continue
        before, after = text[index - 1:index], text[index + 1:index + 2]
        beside_digit = any(c.isdigit() for c in before + after)
        if char.isdigit() and char not in DIGITS:
            problems.append(f"the digit {describe(char)} is not one of 0-9: write numbers with the digits 0-9")
        elif unicodedata.category(char) == "Co":
            problems.append(f"the private-use character {describe(char)} prints as nothing or a box; remove it")
        elif char in DIRECTION_CONTROLS:
            problems.append(f"the direction control {describe(char)} reorders what follows it; remove it "
                            "(respack isolates every number itself)")
        elif char in INVISIBLE and beside_digit:
            problems.append(f"the invisible character {describe(char)} stands beside a digit; remove it")
    if not page:
        for word, digits in look_alike_words(text):
            letters = ", ".join(describe(ch) for ch in dict.fromkeys(word) if ch in LOOK_ALIKES)
            problems.append(f"{word!r} reads as {digits} in a number's place: the letter {letters} looks like a "
                            "digit and is not one; write the digit, or a word that cannot be read as one")
    return list(dict.fromkeys(problems))


def first_character_problem(text: str) -> str | None:
    """The first of character_problems, or None: the check of a declared field a page prints."""
    return next(iter(character_problems(text)), None)
