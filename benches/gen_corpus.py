#!/usr/bin/env python3
"""Generate a synthetic bundle of war-news articles for benchmarking `frontline run`.

Deterministic: the same --seed, --articles and gazetteer give byte-identical files.
The prose is written from templates in this file (invented sentences, no text taken
from real articles); the place names are real, drawn from data/gazetteer.csv
(settlements of the Donetsk, Kharkiv, Zaporizhzhia, Kherson and Luhansk oblasts,
a few regions, rear cities and foreign capitals), with distances and bearings
computed from the gazetteer's coordinates.

Layout (FORMATS.md section 1): one folder per day, `YYYY-MM-DD/`, holding mostly
`.txt` files with front matter, some `.md`, `.json`, `.html`, and `.jsonl` files of
50 articles each. Nothing else is written inside the bundle, so a run over it
skips no file; the corpus statistics go to `<out>.stats.json` beside it (written
last: its presence means the corpus is complete).

Usage: python3 benches/gen_corpus.py --out /tmp/corpus-20000 [--articles 20000] [--seed 1]
"""

import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import shutil
import sys

GENERATOR_VERSION = 2

FRONT_OBLASTS = {
    "Donetsk Oblast": "Donetsk",
    "Kharkiv Oblast": "Kharkiv",
    "Zaporizhzhia Oblast": "Zaporizhzhia",
    "Kherson Oblast": "Kherson",
    "Luhansk Oblast": "Luhansk",
}
# How often each oblast is the focus of an article (roughly how news was spread).
OBLAST_WEIGHTS = {
    "Donetsk Oblast": 50,
    "Kharkiv Oblast": 18,
    "Zaporizhzhia Oblast": 14,
    "Luhansk Oblast": 10,
    "Kherson Oblast": 8,
}
REAR_CITIES = ["Kyiv", "Kharkiv", "Dnipro", "Odesa", "Zaporizhzhia", "Lviv", "Sumy",
               "Poltava", "Mykolaiv", "Kryvyi Rih", "Chernihiv", "Vinnytsia"]
CAPITALS = ["Washington", "Brussels", "Berlin", "Paris", "London", "Warsaw", "Ankara",
            "Beijing", "Moscow", "Geneva", "Vienna", "Rome"]
SOURCES = ["Steppe Herald", "Meridian Wire", "Borderline News", "Northgate Press",
           "Continental Report", "Eastbank Chronicle", "Field Dispatch", "Ridgeline Daily"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct",
          "Nov", "Dec"]
DIRECTIONS = ["north", "north-east", "east", "south-east", "south", "south-west", "west",
              "north-west"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "11", "12", "14", "15", "17", "20", "23"]

# --- templates -----------------------------------------------------------------------
# Slots: {A} {B} {C} front-line places (A the focus, B and C near it), {reg} the focus
# region ("the Donetsk region"), {day} a weekday, {n} a number word, {dist}/{dir} the
# distance in km and the bearing from B to A, {city} a rear city, {cap} a foreign capital.

HEADLINES = {
    "ru": [
        "Russia says its forces have taken {A}",
        "Moscow claims gains near {A} in the {regname} region",
        "Russian forces edge closer to {B}",
        "Russian troops advance towards {B}, analysts say",
        "Kyiv silent on Moscow's claim to have captured {A}",
    ],
    "ua": [
        "Ukraine says it repelled assaults near {A} and {B}",
        "Ukrainian troops pull back near {A}, army says",
        "Ukraine holds the line at {A} despite daily attacks",
        "Kyiv denies losing {A} as battles continue",
        "Ukrainian brigade reports heavy Russian losses near {A}",
    ],
    "neutral": [
        "Fighting rages around {A} as Russian troops press on",
        "{A} under heavy shelling as front shifts in {regname}",
        "Front-line report: {A}, {B} and the road west",
        "Evacuations ordered near {A} as fighting nears",
        "Battle for {A} enters its second month",
    ],
}

DATELINE_CITIES = ["KYIV", "KHARKIV", "DNIPRO", "ZAPORIZHZHIA", "MOSCOW", "KRAMATORSK",
                   "KYIV", "KYIV", "KIEV"]

CLAIMS_RU = [
    "Russian forces captured {A}, the Russian Defence Ministry said on {day}.",
    "Russia's Defence Ministry said its troops had taken control of {A} in the {reg}.",
    "Moscow claimed to have captured {A}, a village about {dist} km {dir} of {B}.",
    "The Russian military said its units had \"liberated\" {A} after weeks of fighting.",
    "Russian troops have seized {A} and were advancing towards {B}, the ministry said.",
    "According to Moscow, Russian units advanced into {A} from the direction of {B}.",
    "Russian forces pushed into the outskirts of {A}, according to military bloggers.",
    "The Kremlin's forces are closing in on {B}, having entered {A} earlier this week.",
    "Russia's Defence Ministry said its forces had made gains near {A} and {C}.",
    "Russian troops raised their flag over {A}, a video released by the ministry showed.",
]
CLAIMS_UA = [
    "Ukrainian troops repelled {n} assaults near {A} and {B}, the General Staff said.",
    "Ukraine's General Staff said its forces had beaten back attacks on {A} on {day}.",
    "Ukrainian forces withdrew from {A} to avoid encirclement, a brigade spokesman said.",
    "Ukrainian units pulled back from {A} to more favourable positions, the army said.",
    "Kyiv said its troops were still holding positions in {A}.",
    "Ukrainian forces recaptured {A}, a brigade said in a statement on {day}.",
    "The General Staff said Ukrainian units had held off {n} Russian attacks around {A}.",
    "Ukrainian soldiers were defending {A} against constant drone and artillery fire.",
    "Ukrainian forces abandoned positions east of {A}, the regional command said.",
]
CLAIMS_NEUTRAL = [
    "Heavy fighting continued around {A}, according to the regional governor.",
    "Battles for {A} have gone on for more than a month.",
    "Analysts said Russian forces were attempting to seize {A} before the winter.",
    "Fighting near {B} intensified on {day}, local officials said.",
    "Clashes were reported on the southern edge of {A}, which lies {dist} km {dir} of {B}.",
    "Military analysts said the battle for {A} would decide the fate of {B}.",
    "Russian assaults on {A} have grown in size over the past {n} days, observers said.",
]

CONTEXT = [
    "{A} lies about {dist} km {dir} of {B}, on a road that once carried supplies to "
    "units further east. Before the war it was home to a few thousand people, most of "
    "whom have since left.",
    "Satellite images published by analysts this week showed fresh trenches and "
    "anti-tank ditches between {A} and {B}, suggesting that both sides expect the "
    "fighting to move west.",
    "Residents who left {B} in recent days described near-constant shelling. \"There is "
    "nothing left of our street,\" one woman said at an evacuation point in {city}.",
    "The road between {B} and {C} has been under Russian fire control for weeks, "
    "officials said, making it hard to rotate troops or bring in ammunition.",
    "Military bloggers in Moscow said the next target would be {C}, a larger town a few "
    "kilometres to the {dir2}.",
    "The regional administration of the {reg} said {n} civilians had been wounded in "
    "shelling over the past day, including in {B} and {C}.",
    "Both sides have used small drones heavily in the area around {A}, which has made "
    "daytime movement on the roads almost impossible, soldiers said.",
    "Independent verification of the battlefield reports was not possible. Neither side "
    "publishes its losses, and journalists have limited access to the front near {A}.",
    "The area between {B} and {C} is mostly farmland cut by tree lines and small rivers, "
    "terrain that favours the defender but offers little cover from drones.",
    "An officer with a brigade stationed near {B}, who gave only his call sign, said his "
    "unit was short of infantry and relied on drones to hold the line.",
    "Officials in {D}, the largest town in the area, urged families with children to "
    "leave as the fighting drew closer. Buses leave twice a day for {city}.",
    "The loss of the heights west of {B} would expose the supply routes into {D}, "
    "analysts wrote in a note to clients, adding that Russian units had been probing "
    "Ukrainian positions along the {river} river.",
    "Medics at a stabilisation point outside {D} said most of the wounded they treat "
    "now suffer shrapnel injuries from drones rather than from artillery.",
    "Rail services to {D} were suspended after a strike damaged the station, and "
    "humanitarian deliveries now go by road from {city}.",
]

RIVERS = {
    "Donetsk Oblast": ["Kazennyi Torets", "Vovcha", "Mokri Yaly", "Siverskyi Donets"],
    "Kharkiv Oblast": ["Oskil", "Siverskyi Donets", "Vovcha"],
    "Zaporizhzhia Oblast": ["Dnipro", "Konka", "Yanchul"],
    "Kherson Oblast": ["Dnipro", "Inhulets"],
    "Luhansk Oblast": ["Aidar", "Krasna", "Zherebets", "Siverskyi Donets"],
}

FILLER = [
    # aid
    "In {cap}, officials said a new package of military aid would include air-defence "
    "interceptors and artillery shells, though deliveries could take months. Ministers "
    "are due to meet again next month to discuss long-term financing.",
    "The European Union agreed a fresh tranche of financial support on {day}, most of "
    "which will go to pay pensions and public-sector salaries. Several member states "
    "said they would also fund the purchase of ammunition.",
    # diplomacy
    "Diplomats in {cap} said talks on a possible ceasefire had made little progress. "
    "Kyiv insists that any settlement must include security guarantees, while Moscow "
    "has repeated its demand that Ukraine give up further territory.",
    "The foreign ministers of several countries met in {cap} on {day} to discuss "
    "sanctions. A joint statement called for the return of deported children and for "
    "the exchange of all prisoners of war.",
    "A prisoner exchange brokered by mediators in {cap} returned {n} Ukrainian soldiers "
    "home this week, the coordination headquarters in {capua} said.",
    # energy
    "Overnight, Russian missiles and drones struck energy facilities in several regions, "
    "causing power cuts in {city}. The grid operator said repairs would take several "
    "days and asked residents to limit their use of electricity in the evening.",
    "Energy officials said Ukraine would import more electricity from neighbouring "
    "countries this winter after repeated strikes on power plants. Scheduled blackouts "
    "returned to {city} and its suburbs on {day}.",
    "Air defences shot down most of the drones launched overnight, the air force said, "
    "but debris damaged homes and a school in {city}. No deaths were reported.",
    # civilians and the economy
    "The United Nations monitoring mission said civilian casualties had risen in recent "
    "months, with most deaths caused by artillery, guided bombs and short-range drones "
    "in towns close to the front.",
    "Farmers in the south said they were still clearing mines from fields, and that the "
    "cost of insurance for grain shipments from the Black Sea ports remained high.",
    "The central bank in {capua} kept its key rate unchanged on {day}, citing inflation "
    "driven by higher energy prices and the cost of labour as men are mobilised.",
    "Volunteers in {city} said donations for drones and vehicles had slowed this year, "
    "and that units increasingly rely on crowdfunding for spare parts and fuel.",
    "Ukraine's parliament passed a budget amendment on {day} that raises defence "
    "spending again, financed by higher taxes on banks and a new war levy on wages.",
    "Railway officials said passenger trains between {city} and {city2} were running "
    "again after repairs to a bridge damaged in a missile strike last week.",
    "Prosecutors in {capua} said they had opened an investigation into a strike on a "
    "residential building in {city}, which killed {n} people and wounded dozens.",
    "Humanitarian groups said evacuations from front-line villages had become harder "
    "because many of the remaining residents are elderly and refuse to leave their homes.",
    "In {capru}, officials announced another round of recruitment, offering large signing "
    "bonuses to men who join the army on contract.",
]

CLOSERS = [
    "{source} could not independently verify either side's account.",
    "The claims could not be independently verified.",
    "Neither side commented on the other's reports.",
    "Reporting by {source} staff; editing by the news desk.",
    "",
]


# --- gazetteer -----------------------------------------------------------------------

class Place:
    __slots__ = ("name", "alts", "lat", "lon", "pop", "admin1")

    def __init__(self, row):
        self.name = row["name"]
        self.alts = [a for a in row["alternates"].split("|") if a]
        self.lat = float(row["lat"])
        self.lon = float(row["lon"])
        self.pop = int(row["population"] or 0)
        self.admin1 = row["admin1"]


def load_gazetteer(path):
    front = {o: [] for o in FRONT_OBLASTS}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["country"] == "UA" and row["kind"] == "settlement" \
                    and row["admin1"] in front:
                front[row["admin1"]].append(Place(row))
    for o, places in front.items():
        if not places:
            sys.exit(f"gen_corpus: no settlements of {o} in {path}")
        places.sort(key=lambda p: (p.name, p.lat, p.lon))
    return front


def weight(p):
    if p.pop >= 20000:
        return 30
    if p.pop >= 5000:
        return 12
    if p.pop >= 1000:
        return 5
    if p.pop > 0:
        return 2
    return 1


def km_bearing(a, b):
    """Distance in km and compass direction of a as seen from b."""
    lat = math.radians((a.lat + b.lat) / 2)
    dx = (a.lon - b.lon) * 111.32 * math.cos(lat)
    dy = (a.lat - b.lat) * 110.57
    d = math.hypot(dx, dy)
    ang = (math.degrees(math.atan2(dx, dy)) + 360) % 360
    return d, DIRECTIONS[int((ang + 22.5) // 45) % 8]


class Grid:
    """Places of one oblast bucketed by 0.25 degree cells, to find neighbours fast."""

    def __init__(self, places):
        self.cells = {}
        for p in places:
            self.cells.setdefault(self.key(p.lat, p.lon), []).append(p)

    @staticmethod
    def key(lat, lon):
        return (int(math.floor(lat * 4)), int(math.floor(lon * 4)))

    def near(self, p, max_km=35):
        ki, kj = self.key(p.lat, p.lon)
        out = []
        for i in range(ki - 1, ki + 2):
            for j in range(kj - 1, kj + 2):
                for q in self.cells.get((i, j), ()):
                    if q is not p and q.name != p.name and km_bearing(q, p)[0] <= max_km:
                        out.append(q)
        return out


# --- spelling ------------------------------------------------------------------------

# Other spellings common in English-language news: (variant, how often).
SPELLINGS = {
    "Kyiv": ("Kiev", 0.12),
    "Kharkiv": ("Kharkov", 0.08),
    "Odesa": ("Odessa", 0.15),
    "Mykolaiv": ("Nikolaev", 0.05),
    "Zaporizhzhia": ("Zaporizhia", 0.10),
    "Vuhledar": ("Vugledar", 0.25),
    "Kupiansk": ("Kupyansk", 0.20),
    "Siversk": ("Seversk", 0.10),
    "Siverskodonetsk": ("Severodonetsk", 0.40),
    "Lysychansk": ("Lisichansk", 0.10),
}


def spell(rng, name, alts=()):
    """Mostly the gazetteer's name; sometimes another common transliteration."""
    r = rng.random()
    if name in SPELLINGS:
        variant, p = SPELLINGS[name]
        return variant if r < p else name
    if "'" in name:
        if r < 0.3:
            return name.replace("'", "\u2019")
        if r < 0.5:
            return name.replace("'", "")
        return name
    if r < 0.05:
        near = [a for a in alts if a != name and a.isascii() and a[:3] == name[:3]
                and abs(len(a) - len(name)) <= 2 and "'" not in a and "w" not in a]
        if near:
            return rng.choice(near)
    return name


# --- articles ------------------------------------------------------------------------

class Writer:
    def __init__(self, seed, front):
        self.rng = random.Random(seed)
        self.front = front
        self.grids = {o: Grid(ps) for o, ps in front.items()}
        self.weights = {o: [weight(p) for p in ps] for o, ps in front.items()}
        self.oblasts = sorted(OBLAST_WEIGHTS)
        self.oblast_w = [OBLAST_WEIGHTS[o] for o in self.oblasts]

    def pick_places(self):
        rng = self.rng
        oblast = rng.choices(self.oblasts, self.oblast_w)[0]
        a = rng.choices(self.front[oblast], self.weights[oblast])[0]
        near = self.grids[oblast].near(a)
        if len(near) < 2:
            near = rng.sample(self.front[oblast], 3)
        near.sort(key=lambda q: (-weight(q), q.name))
        pool = near[:12]
        b, c = rng.sample(pool, 2)
        wide = self.grids[oblast].near(a, max_km=60)
        towns = sorted((q for q in wide if q.pop >= 5000 and q not in (b, c)),
                       key=lambda q: (-q.pop, q.name))
        d = rng.choice(towns[:3]) if towns else c
        return oblast, a, b, c, d

    def slots(self, oblast, a, b, c, d_town, day, source):
        rng = self.rng
        d, direction = km_bearing(a, b)
        d2, dir2 = km_bearing(c, a)
        short = FRONT_OBLASTS[oblast]
        short_sp = spell(rng, short)
        reg = rng.choice([f"{short_sp} region", f"{short_sp} region", f"{short} Oblast"])
        if oblast in ("Donetsk Oblast", "Luhansk Oblast") and rng.random() < 0.15:
            reg = "Donbas"
        return {
            "A": spell(rng, a.name, a.alts),
            "B": spell(rng, b.name, b.alts),
            "C": spell(rng, c.name, c.alts),
            "D": spell(rng, d_town.name, d_town.alts),
            "river": rng.choice(RIVERS[oblast]),
            "reg": reg,
            "regname": short,
            "day": WEEKDAYS[day.weekday()],
            "n": rng.choice(NUMBER_WORDS),
            "dist": max(2, int(round(d))),
            "dir": direction,
            "dir2": dir2,
            "city": spell(rng, rng.choice(REAR_CITIES)),
            "city2": spell(rng, rng.choice(REAR_CITIES)),
            "cap": rng.choice(CAPITALS),
            "capua": spell(rng, "Kyiv"),
            "capru": "Moscow",
            "source": source,
        }

    def article(self, day):
        """(title, [paragraphs], source) for one article of about 3 KB."""
        rng = self.rng
        source = rng.choice(SOURCES)
        oblast, a, b, c, d = self.pick_places()
        s = self.slots(oblast, a, b, c, d, day, source)
        fmt = lambda t: t.format(**s)

        n_claims = rng.choices([1, 2, 3], [4, 4, 2])[0]
        kinds = [("ru", CLAIMS_RU), ("ua", CLAIMS_UA), ("neutral", CLAIMS_NEUTRAL)]
        rng.shuffle(kinds)
        lead = kinds[0][0]
        claims = [fmt(rng.choice(pool)) for _, pool in kinds[:n_claims]]
        title = fmt(rng.choice(HEADLINES[lead]))
        title = title[0].upper() + title[1:]

        target = min(3700, max(2400, int(rng.gauss(3000, 250))))
        month = MONTHS[day.month - 1]
        dateline = f"{rng.choice(DATELINE_CITIES)}, {month} {day.day} ({source}) \u2014 "
        context = rng.sample(CONTEXT, len(CONTEXT))
        paras = [dateline + claims[0] + " " + fmt(context.pop())]
        rest = claims[1:]
        filler = rng.sample(FILLER, len(FILLER))
        size = len(title) + sum(len(p) + 2 for p in paras)
        # alternate context (place-dense) and filler paragraphs until the target size;
        # remaining claims go at the start of the next context paragraphs
        turn = 0
        while size < target - 150 and (context or filler):
            if (turn % 3 != 2 and context) or not filler:
                p = fmt(context.pop())
                if rest:
                    p = rest.pop(0) + " " + p
            else:
                p = fmt(filler.pop())
            paras.append(p)
            size += len(p) + 2
            turn += 1
        for claim in rest:
            paras.append(claim)
        closer = fmt(rng.choice(CLOSERS))
        if closer:
            paras.append(closer)
        return title, paras, source


# --- file formats --------------------------------------------------------------------

def slug(s):
    out = "".join(ch.lower() if ch.isalnum() and ch.isascii() else "-" for ch in s)
    return "-".join(w for w in out.split("-") if w)[:48]


def url(source, day, title, i):
    return f"https://example.org/{slug(source)}/{day.isoformat()}/{slug(title)}-{i}"


def write_txt(path, day, title, paras, source, i, front_matter=True):
    lines = []
    if front_matter:
        lines += ["---", f"published: {day.isoformat()}", f"source: {source}",
                  f"url: {url(source, day, title, i)}", "---"]
    lines += [title, ""]
    lines += ["\n\n".join(paras), ""]
    data = "\n".join(lines).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def json_obj(day, title, paras, source, i, rng):
    published = day.isoformat()
    if rng.random() < 0.3:
        published += f"T{rng.randrange(6, 23):02d}:{rng.randrange(60):02d}:00+02:00"
    return {"title": title, "published": published, "source": source,
            "url": url(source, day, title, i), "lang": "en", "body": "\n\n".join(paras)}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def html_page(day, title, paras, source, i):
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} | {esc(source)}</title>
<meta property="article:published_time" content="{day.isoformat()}T09:00:00+02:00">
<link rel="stylesheet" href="/static/site.css">
<script>window.pageInfo = {{section: "world", id: {i}}};</script>
</head>
<body>
<header><a class="logo" href="/">{esc(source)}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li>
<li><a href="/europe/">Europe</a></li><li><a href="/business/">Business</a></li></ul></nav>
</header>
<main>
<article>
<h1>{esc(title)}</h1>
<p class="byline">By staff reporters, {day.strftime('%d %B %Y')}</p>
{body}
</article>
</main>
<footer><p>&copy; {esc(source)}. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body>
</html>
"""


def generate(out, n, seed, gazetteer, start, days):
    front = load_gazetteer(gazetteer)
    w = Writer(seed, front)
    plan_rng = random.Random(seed * 7919 + 1)
    # Each block of 500 articles: 1 JSONL file of 50 lines, 30 .json, 10 .html,
    # 25 .md, 15 .txt without front matter (date from the folder), 369 .txt.
    block = ["jsonl"] + ["json"] * 30 + ["html"] * 10 + ["md"] * 25 + ["bare"] * 15
    block += ["txt"] * (500 - 50 - (len(block) - 1))
    units = []
    while sum(50 if u == "jsonl" else 1 for u in units) < n:
        b = block[:]
        plan_rng.shuffle(b)
        units.extend(b)
    stats = {"files": 0, "articles": 0, "bytes": 0, "by_kind": {}}
    done = 0
    for u in units:
        if done >= n:
            break
        k = min(50, n - done) if u == "jsonl" else 1
        day = start + dt.timedelta(days=(done * days) // n)
        folder = os.path.join(out, day.isoformat())
        os.makedirs(folder, exist_ok=True)
        i = done + 1
        if u == "jsonl":
            path = os.path.join(folder, f"wire-{i:06d}.jsonl")
            lines = []
            for j in range(k):
                t, ps, src = w.article(day)
                lines.append(json.dumps(json_obj(day, t, ps, src, i + j, w.rng),
                                        ensure_ascii=False))
            data = ("\n".join(lines) + "\n").encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
            size = len(data)
        else:
            t, ps, src = w.article(day)
            base = os.path.join(folder, f"{i:06d}-{slug(t)[:32]}")
            if u == "json":
                data = json.dumps(json_obj(day, t, ps, src, i, w.rng), ensure_ascii=False,
                                  indent=1).encode("utf-8")
                with open(base + ".json", "wb") as f:
                    f.write(data)
                size = len(data)
            elif u == "html":
                data = html_page(day, t, ps, src, i).encode("utf-8")
                with open(base + ".html", "wb") as f:
                    f.write(data)
                size = len(data)
            elif u == "md":
                size = write_txt(base + ".md", day, t, ps, src, i)
            elif u == "bare":
                size = write_txt(base + ".txt", day, t, ps, src, i, front_matter=False)
            else:
                size = write_txt(base + ".txt", day, t, ps, src, i)
        done += k
        stats["files"] += 1
        stats["articles"] += k
        stats["bytes"] += size
        kind = stats["by_kind"].setdefault(u, {"files": 0, "articles": 0, "bytes": 0})
        kind["files"] += 1
        kind["articles"] += k
        kind["bytes"] += size
    return stats


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="bundle folder to create")
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gazetteer", default=os.path.join(here, "..", "data", "gazetteer.csv"))
    ap.add_argument("--start", default="2024-06-01", help="first day (YYYY-MM-DD)")
    ap.add_argument("--days", type=int, default=365, help="days the articles spread over")
    ap.add_argument("--force", action="store_true", help="replace an existing --out")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    stats_path = out.rstrip("/") + ".stats.json"
    if os.path.exists(out):
        if not args.force:
            sys.exit(f"gen_corpus: {out} exists (use --force to replace it)")
        shutil.rmtree(out)
    if os.path.exists(stats_path):
        os.remove(stats_path)
    start = dt.date.fromisoformat(args.start)
    stats = generate(out, args.articles, args.seed, args.gazetteer, start, args.days)
    stats.update({"generator_version": GENERATOR_VERSION, "seed": args.seed,
                  "requested": args.articles, "start": args.start, "days": args.days,
                  "mean_bytes_per_article": round(stats["bytes"] / max(1, stats["articles"]))})
    with open(stats_path, "w") as f:
        json.dump(stats, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(stats, sort_keys=True))


if __name__ == "__main__":
    main()
