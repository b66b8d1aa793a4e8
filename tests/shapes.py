"""Packs of any shape, written as content files only: for the layouts' capacity tests.

A shape is a count of emergency numbers, of services and of each service's lines, in one
language or two, with short or long wording. The numbers are real emergency short numbers
of Kazakhstan (libphonenumber lists 101, 102, 103 and 112 as such) and, for the services,
numbers that Ofcom reserves for drama and fiction (020 7946 0000-0999): nothing here is a
service anyone could reach. The wording reuses the lengths of the bundled texts, so a long
name is as long as a real one in that language (Kazakh runs about 30 % longer than English).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import Capacity, Section
from generator.render.markup import CONTACT_REFERENCE

ROOT = Path(__file__).resolve().parent.parent
GUIDANCE = ROOT / "content" / "kz" / "domestic-violence"
EMERGENCY_NUMBERS = ("102", "103", "112", "101")
VERSION = "2026.11.25"
LINE_CHANNELS = ("voice", "whatsapp", "voice")  # a service's lines, in order: as the special police group's

# Names of emergency services and of services, short and long, in each language.
EMERGENCY_NAMES = {
    "en": (("Police", "Ambulance", "Emergency", "Fire"),
           ("Police, any phone", "Ambulance and emergency doctor", "All emergency services, any phone",
            "Fire and rescue service")),
    "ru": (("Полиция", "Скорая", "Экстренная служба", "Пожарные"),
           ("Полиция, с любого телефона", "Скорая медицинская помощь", "Единая служба экстренной помощи",
            "Пожарно-спасательная служба")),
    "kk": (("Полиция", "Жедел жәрдем", "Төтенше қызмет", "Өрт сөндіру"),
           ("Полиция, кез келген телефоннан", "Жедел медициналық жәрдем", "Бірыңғай төтенше қызметтер нөмірі",
            "Өрт сөндіру және құтқару қызметі")),
}
SERVICE_NAMES = {
    "en": (("Helpline", "Shelter", "Legal aid", "Crisis line"),
           ("National helpline for survivors of domestic and sexual violence",
            "Crisis centre and shelter for women and children",
            "Free legal aid for victims of violence, city office",
            "Special police group for the protection of women")),
    "ru": (("Горячая линия", "Приют", "Юрпомощь", "Кризисная линия"),
           ("Национальная горячая линия для пострадавших от бытового и сексуального насилия",
            "Кризисный центр и приют для женщин и детей",
            "Бесплатная юридическая помощь пострадавшим от насилия",
            "Специальная группа полиции по защите женщин")),
    "kk": (("Сенім телефоны", "Баспана", "Заң көмегі", "Дағдарыс желісі"),
           ("Тұрмыстық және жыныстық зорлық-зомбылықтан зардап шеккендерге арналған ұлттық сенім телефоны",
            "Әйелдер мен балаларға арналған дағдарыс орталығы және баспана",
            "Зорлық-зомбылықтан зардап шеккендерге тегін заң көмегі",
            "Әйелдерді қорғау жөніндегі полицияның арнайы тобы")),
}
SHORT_SERVICE = {"en": "Helpline", "ru": "Горячая линия", "kk": "Сенім телефоны"}

# Languages of other scripts and directions, with test content of their own (not guidance):
# tests/fixtures/scripts/, whose English and Russian say the same sections.
SCRIPTS = ROOT / "tests" / "fixtures" / "scripts"
SCRIPT_LANGUAGES = ("he", "ar", "ka")
EMERGENCY_NAMES |= {
    "he": (("משטרה", "אמבולנס", "חירום", "כיבוי אש"),
           ("משטרה, מכל טלפון", "אמבולנס ורופא חירום", "כל שירותי החירום, מכל טלפון", "כבאות והצלה")),
    "ar": (("الشرطة", "الإسعاف", "الطوارئ", "الإطفاء"),
           ("الشرطة، من أي هاتف", "الإسعاف وطبيب الطوارئ", "جميع خدمات الطوارئ، من أي هاتف", "الإطفاء والإنقاذ")),
    "ka": (("პოლიცია", "სასწრაფო", "გადაუდებელი", "სახანძრო"),
           ("პოლიცია, ნებისმიერი ტელეფონიდან", "სასწრაფო სამედიცინო დახმარება", "ყველა გადაუდებელი სამსახური",
            "სახანძრო-სამაშველო სამსახური")),
}
SERVICE_NAMES |= {
    "he": (("קו סיוע", "מקלט", "סיוע משפטי", "קו משבר"),
           ("קו סיוע ארצי לנפגעות אלימות במשפחה ואלימות מינית", "מרכז משבר ומקלט לנשים ולילדים",
            "סיוע משפטי חינם לנפגעות אלימות, משרד העיר", "יחידת משטרה מיוחדת להגנה על נשים")),
    "ar": (("خط المساعدة", "مأوى", "مساعدة قانونية", "خط الأزمات"),
           ("الخط الوطني لمساعدة الناجيات من العنف الأسري والجنسي", "مركز أزمات ومأوى للنساء والأطفال",
            "مساعدة قانونية مجانية لضحايا العنف، مكتب المدينة", "وحدة شرطة خاصة لحماية النساء")),
    "ka": (("ცხელი ხაზი", "თავშესაფარი", "იურიდიული დახმარება", "კრიზისული ხაზი"),
           ("ოჯახში და სექსუალური ძალადობის მსხვერპლთა ეროვნული ცხელი ხაზი",
            "კრიზისული ცენტრი და თავშესაფარი ქალებისა და ბავშვებისთვის",
            "უფასო იურიდიული დახმარება ძალადობის მსხვერპლთათვის", "პოლიციის სპეციალური ჯგუფი ქალთა დასაცავად")),
}
SHORT_SERVICE |= {"he": "קו סיוע", "ar": "خط المساعدة", "ka": "ცხელი ხაზი"}


@dataclass(frozen=True)
class Shape:
    """What a pack holds: emergency numbers, and the lines of each service."""

    emergency: int  # 1 to 4
    services: tuple[int, ...]  # lines of each service, 1 to 3 each
    languages: tuple[str, ...]  # one or two of en, ru, kk
    long: bool = False  # the longest realistic names and notes

    @property
    def codes(self) -> int:
        return sum(self.services)

    @property
    def id(self) -> str:
        lines = "".join(map(str, self.services)) or "0"
        return f"e{self.emergency}-s{lines}-{'+'.join(self.languages)}-{'long' if self.long else 'short'}"

    @property
    def pack_name(self) -> str:
        """As short as an NGO's own ("example-ngo"): it is printed in the footer of every page."""
        return "shape-" + hashlib.sha1(self.id.encode()).hexdigest()[:6]


def service_number(service: int, line: int) -> str:
    """A fictional number of Ofcom's drama range, different for each line."""
    return f"+44 20 7946 0{service}{line}{line + 1}"


def write_pack(shape: Shape, folder: Path,
               formats: tuple[str, ...] = ("leaflet", "wallet-card", "poster", "pocket-card")) -> Path:
    """The pack file of a country with that shape, its content beside it; returns its path."""
    content = folder / "content" / "shape"
    (content / "guidance").mkdir(parents=True, exist_ok=True)
    contacts = [{"id": f"emergency-{n}", "number": number, "channels": ["voice"], "emergency": True,
                 "source": "libphonenumber", "as_of": "2026-11-25"}
                for n, number in enumerate(EMERGENCY_NUMBERS[:shape.emergency])]
    for s, lines in enumerate(shape.services):
        contacts += [{"id": f"service-{s}-{line}", "number": service_number(s, line), "country": "GB",
                      "channels": [LINE_CHANNELS[line]], "group": f"service-{s}", "source": "fiction",
                      "as_of": "2026-11-25"} for line in range(lines)]
    contacts.append({"id": "feedback", "email": "feedback@example.org", "channels": ["email"],
                     "source": "fiction", "as_of": "2026-11-25"})
    languages = ["en", *(lang for lang in ("ru", "kk", *SCRIPT_LANGUAGES) if lang in shape.languages)]
    for language in SCRIPT_LANGUAGES:  # their layout strings: test content, beside the pack's
        if language in languages:
            (folder / "content" / "strings").mkdir(parents=True, exist_ok=True)
            (folder / "content" / "strings" / f"{language}.yaml").write_text(
                (SCRIPTS / "strings" / f"{language}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _write(content / "country.yaml", {
        "version": VERSION, "code": "KZ", "languages": languages,
        "sources": {"libphonenumber": {"title": "libphonenumber: emergency short numbers of KZ",
                                       "read_on": "2026-11-25"},
                    "fiction": {"title": "Ofcom's numbers reserved for drama (fictional)", "read_on": "2026-11-25"}},
        "contacts": contacts})
    source = _guidance(shape, "en", None)
    for language in languages:
        _write(content / "guidance" / f"{language}.yaml", _guidance(shape, language, source))
    pack = folder / "pack.yaml"
    editions = [{"languages": list(shape.languages), "formats": list(formats)}] if len(shape.languages) > 1 else []
    _write(pack, {"name": shape.pack_name, "title": f"Test shape {shape.id} (fictional)", "country": "shape",
                  "situation": "guidance", "languages": list(shape.languages), "formats": list(formats),
                  "editions": editions, "content_dir": "content"})
    return pack


def _guidance(shape: Shape, language: str, source: dict | None) -> dict:
    """The bundled guidance's sections in that language (or, for a shape in another script, the
    test content's), with this shape's contact wording."""
    folder = SCRIPTS / "guidance" if set(shape.languages) & set(SCRIPT_LANGUAGES) else GUIDANCE
    bundled = yaml.safe_load((folder / f"{language}.yaml").read_text(encoding="utf-8"))
    emergency, services = EMERGENCY_NAMES[language][shape.long], SERVICE_NAMES[language][shape.long]
    note = bundled["contacts"]["women-police"]["note"] if shape.long else ""
    contacts = {f"emergency-{n}": {"name": emergency[n]} for n in range(shape.emergency)}
    contacts |= {f"service-{s}": {"name": services[s % len(services)], "short": SHORT_SERVICE[language] + f" {s + 1}",
                                  "note": note} for s in range(len(shape.services))}
    # the bundled wording names the country's contacts ("in danger, call {contact:police}"),
    # which a shape has not: left out, as in the sections below
    contacts["feedback"] = {key: CONTACT_REFERENCE.sub("…", text)
                            for key, text in bundled["contacts"]["feedback"].items()}
    sections = []
    for index, section in enumerate(bundled["sections"]):
        entry = {"id": section["id"], "question": section["question"],
                 "answer": CONTACT_REFERENCE.sub("…", section["answer"]),
                 "easy": CONTACT_REFERENCE.sub("…", section["easy"])}
        if source is not None and language != "en":
            english = source["sections"][index]
            entry["source_hash"] = Section(english["id"], english["question"], english["answer"]).fingerprint
        sections.append(entry)
    return {**{k: bundled[k] for k in ("language", "status", "title", "headline")},
            "first_step": CONTACT_REFERENCE.sub("…", bundled["first_step"]),
            "contacts": contacts, "sections": sections}


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


CARD_FORMATS = ("wallet-card", "pocket-card")  # no feedback code; the emergency numbers' when there is no service
NO_CODES = ("phone",)  # read on the phone that would scan it: every number a link instead


def expected_payloads(shape: Shape, format_name: str) -> set[str]:
    """What the codes of one document must decode to: every line of every service (or, with no
    service, on a card, the emergency numbers), and the feedback address where printed."""
    from urllib.parse import quote

    if format_name in NO_CODES:
        return set()
    payloads = {("tel:+" if LINE_CHANNELS[line] == "voice" else "https://wa.me/")
                + service_number(s, line).replace(" ", "").lstrip("+")
                for s, lines in enumerate(shape.services) for line in range(lines)}
    if format_name in CARD_FORMATS:
        if not shape.services:
            payloads = {f"tel:{n}" for n in EMERGENCY_NUMBERS[:shape.emergency]}
        return payloads
    subject = quote(f"{shape.pack_name}/{'+'.join(shape.languages)}/{format_name}/{VERSION}")
    return payloads | {f"mailto:feedback@example.org?subject={subject}"}


def sample_shapes(capacity: Capacity, count: int, seed: int) -> list[Shape]:
    """Both ends of a format's capacity (the least content; the most, in one language and in
    two) and `count` random shapes within it, one language or two, short or long wording."""
    import random

    rng = random.Random(seed)
    pairs = [("en",), ("ru",), ("kk",), ("kk", "ru"), ("en", "kk"), ("ru", "en")]
    shapes = [Shape(1, (), ("en",), False)]
    for languages in (("kk",), ("kk", "ru")):
        limits = capacity.limits(len(languages))
        shapes.append(Shape(limits["emergency"], _fill(limits["services"], limits["lines"], limits["codes"]),
                            languages, True))
    while len(shapes) < count + 3:
        languages = rng.choice(pairs)
        limits = capacity.limits(len(languages))
        services = tuple(rng.randint(1, limits["lines"]) for _ in range(rng.randint(0, limits["services"])))
        if sum(services) <= limits["codes"]:
            shapes.append(Shape(rng.randint(1, limits["emergency"]), services, languages, rng.random() < 0.5))
    return shapes


def _fill(services: int, lines: int, codes: int) -> tuple[int, ...]:
    """As many services as allowed, sharing the allowed codes as evenly as lines allow."""
    shares = [0] * services
    for index in range(min(codes, services * lines)):
        shares[index % services] += 1
    return tuple(share for share in shares if share)


# Each format, and how many random shapes within its capacity it is built for besides both
# ends (the seed keeps them the same from run to run). The pocket card's panels are the wallet
# card's faces, laid out by the same stylesheet: one random shape is enough there. The easy-read
# leaflet's pages grow with the content: both ends say what its contacts take.
SHAPE_FORMATS = {"leaflet": 4, "wallet-card": 4, "poster": 4, "pocket-card": 1, "leaflet-easy-read": 0, "phone": 1}
SEED = 20261130


# Both ends of every format in the other scripts: alone, and beside a language of the other
# direction (the first language's direction lays the page out).
SCRIPT_EDITIONS = (("he",), ("ar",), ("ka",), ("he", "ru"), ("ar", "en"))


def script_shapes(capacity: Capacity) -> list[Shape]:
    """The least and the most a format holds, in each of SCRIPT_EDITIONS."""
    shapes = []
    for languages in SCRIPT_EDITIONS:
        limits = capacity.limits(len(languages))
        shapes += [Shape(1, (), languages, False),
                   Shape(limits["emergency"], _fill(limits["services"], limits["lines"], limits["codes"]), languages,
                         True)]
    return shapes


def shape_matrix() -> list[tuple[str, Shape]]:
    """(format, shape): both ends of each format's capacity and a few random shapes within it,
    and both ends in the other scripts."""
    from generator.packs.layouts import load_layout

    return [(name, shape) for name, count in SHAPE_FORMATS.items()
            for shape in [*sample_shapes(load_layout(name).capacity, count, SEED),
                          *script_shapes(load_layout(name).capacity)]]


SITE_COLUMNS = ("id", "name", "number", "channel", "country", "region", "label:en", "note:en", "source", "as_of")


# Ofcom's ranges for drama, a thousand numbers each: London's first (the sites of the tests),
# then Leeds, Sheffield, Leicester, Bristol and Reading for a rollout of up to 6,000 sites.
DRAMA_RANGES = ("+44 20 7946 0", "+44 113 496 0", "+44 114 496 0", "+44 116 496 0", "+44 117 496 0",
                "+44 118 496 0")


def site_number(n: int) -> str:
    """A fictional number of Ofcom's drama ranges for the n-th site (0 to 5,999)."""
    return f"{DRAMA_RANGES[n // 1000]}{n % 1000:03d}"


def site_rows(count: int, first_number: int = 100) -> list[dict[str, str]]:
    """Rows of a sites spreadsheet: clinics with fictional numbers, every fifth a WhatsApp chat."""
    return [{"id": f"clinic-{n:04d}", "name": f"Test clinic {n}", "number": site_number(first_number + n),
             "channel": "whatsapp" if n % 5 == 4 else "voice", "country": "GB", "region": "Test region",
             "label:en": f"Clinic {n} social worker", "note:en": "", "source": "fiction", "as_of": "2026-11-25"}
            for n in range(count)]


def write_sites(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = SITE_COLUMNS) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_sites_pack(folder: Path, rows: list[dict[str, str]], shape: Shape = Shape(2, (1,), ("en",)),
                     formats: tuple[str, ...] = ("wallet-card",)) -> Path:
    """A pack of that shape whose sites are the rows (sites.csv beside the pack file)."""
    pack = write_pack(shape, folder, formats)
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    _write(pack, {**data, "name": "sites-test", "sites": "sites.csv"})
    write_sites(folder / "sites.csv", rows)
    return pack


KAZAKH_SITE_COLUMNS = ("id", "name", "number", "channel", "country", "region", "label:kk", "source", "as_of")


def kazakh_site_rows(count: int, first_number: int = 0) -> list[dict[str, str]]:
    """The same clinics with their contact's label in Kazakh ("social worker"), for the card the
    Kazakhstan pack prints: one label for all, so that every card costs the same."""
    return [{**row, "label:kk": "Әлеуметтік қызметкер"} for row in site_rows(count, first_number)]


def write_kazakhstan_sites_pack(folder: Path, rows: list[dict[str, str]],
                                columns: tuple[str, ...] = KAZAKH_SITE_COLUMNS) -> Path:
    """The card an NGO in Kazakhstan prints for each clinic: the bundled content in Kazakh, the
    special police group's codes (one landline hidden: a card holds four codes) and the national
    contact centre's, and the clinic's own (sites.csv beside the pack file)."""
    folder.mkdir(parents=True, exist_ok=True)
    pack = folder / "pack.yaml"
    _write(pack, {"name": "kz-sites", "title": "Kazakhstan, one card per clinic", "country": "kz",
                  "situation": "domestic-violence", "languages": ["kk"], "formats": ["wallet-card"],
                  "sources": FICTION, "contacts": {"hide": ["women-police-2"]}, "sites": "sites.csv"})
    write_sites(folder / "sites.csv", rows, columns)
    return pack


# A hotline of an NGO's own, with a name that gives away what it is for and a plain one for
# neutral documents. Fictional: Ofcom reserves 020 7946 0000-0999 for drama.
NGO_HOTLINE = {"id": "ngo-hotline", "number": "+44 20 7946 0321", "country": "GB", "channels": ["voice"],
               "source": "fiction", "as_of": "2026-11-25",
               "wording": {"en": {"name": "Domestic violence hotline (fictional)", "short": "Violence hotline",
                                  "discreet": "Advice line", "note": "A test number, not a real one."}}}
FICTION = {"fiction": {"title": "Test fixture (fictional), not a real source", "read_on": "2026-11-25"}}


def write_neutral_packs(folder: Path, hotline: dict = NGO_HOTLINE, organisation: str = "Test organisation",
                        name: str = "plain") -> list[Path]:
    """Two neutral packs of the Kazakhstan content: every language's wallet card and poster; and an
    English leaflet and large print leaflet with an NGO's own hotline."""
    cards = folder / "cards.yaml"
    _write(cards, {"name": f"{name}-cards", "title": "Test", "country": "kz", "situation": "domestic-violence",
                   "languages": ["kk", "ru", "en"], "formats": ["wallet-card", "poster"], "safety": {"neutral": True}})
    leaflets = folder / "leaflets.yaml"
    _write(leaflets, {"name": f"{name}-leaflets", "title": "Test", "country": "kz",
                      "situation": "domestic-violence", "languages": ["en"],
                      "formats": ["leaflet", "leaflet-large-print"],
                      "branding": {"organisation": organisation},
                      "contacts": {"hide": ["women-police-2"], "add": [hotline]}, "sources": FICTION,
                      "safety": {"neutral": True}})
    return [cards, leaflets]


def write_neutral_pack(folder: Path, name: str, languages: tuple[str, ...], formats: tuple[str, ...],
                       intro: dict[str, str] | None = None, hotline: dict | None = None,
                       organisation: str = "Test organisation", layouts_dir: str = "") -> Path:
    """A neutral pack of the Kazakhstan content, folder/<name>.yaml: an NGO's own intro and hotline
    (instead of the police group's second landline) where given, and its own layouts where named."""
    pack = folder / f"{name}.yaml"
    data: dict = {"name": name, "title": "Test", "country": "kz", "situation": "domestic-violence",
                  "languages": list(languages), "formats": list(formats), "branding": {"organisation": organisation},
                  "safety": {"neutral": True}}
    if intro:
        data["intro"] = intro
    if hotline:
        data |= {"contacts": {"hide": ["women-police-2"], "add": [hotline]}, "sources": FICTION}
    if layouts_dir:
        data["layouts_dir"] = layouts_dir
    _write(pack, data)
    return pack


def hotline_named(wording: dict[str, dict[str, str]]) -> dict:
    """NGO_HOTLINE with its name, plain name and note in each language of wording."""
    return {**NGO_HOTLINE, "wording": {language: {"name": "Advice line (fictional)", **words}
                                       for language, words in wording.items()}}
