#!/usr/bin/env python3
"""Build data/common_words.txt: gazetteer names that are also ordinary English words.

A capitalised word at the start of a sentence ("Many residents fled", "Wary of ...") is
not evidence of a place name when the word is an ordinary English word, and in the middle
of one it is often a brand, an app or a title ("used Signal to coordinate"). The resolver
drops such names at the start of a sentence and elsewhere keeps them only when the
article names another place within 30 km (src/gazetteer/nonplace.rs, weak names). This script intersects the folded
names and alternates of data/gazetteer.csv with the lower-case entries of the SCOWL
American English word list as packaged by Debian (package `wamerican`,
/usr/share/dict/american-english; SCOWL licence: free to use, copy, modify and
distribute, see data/README.md).

usage: python3 scripts/build_common_words.py [--dict /usr/share/dict/american-english]
"""
import csv, sys, unicodedata, os

def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    for a in "’‘ʼ`´":
        s = s.replace(a, "'")
    return s.replace("-", " ").strip()

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dict_path = "/usr/share/dict/american-english"
    if "--dict" in sys.argv:
        dict_path = sys.argv[sys.argv.index("--dict") + 1]
    words = set()
    with open(dict_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if len(w) >= 3 and w.isalpha() and w.islower() and w.isascii():
                words.add(w)
    csv.field_size_limit(10**9)
    names = set()
    with open(os.path.join(root, "data", "gazetteer.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for n in [row["name"]] + row["alternates"].split("|"):
                n = fold(n)
                if n:
                    names.add(n)
                    names.add(n.replace("'", ""))
    common = sorted(names & words)
    out = os.path.join(root, "data", "common_words.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Gazetteer names that are also ordinary English words (scripts/build_common_words.py):\n")
        f.write("# never a place at the start of a sentence, elsewhere only with a place nearby.\n")
        for w in common:
            f.write(w + "\n")
    print(f"{len(common)} common words -> {out}")

if __name__ == "__main__":
    main()
