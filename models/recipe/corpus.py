"""Step 1: extract text from Debian packages and split it.

English and German fortunes come from `fortunes` and `fortunes-de`; the King
James Bible from `bible-kjv` (its `bible` command decompresses the text of
`bible-kjv-text`).  Each fortune becomes one line (whitespace collapsed),
each verse one line.  The split is by a hash of the text, so it is stable:
bucket 0 is held out (never trained on), everything else is training text.
"""
import glob
import os
import re
import subprocess

from common import WORK, stable_bucket, write_lines, log

FORTUNES = "/usr/share/games/fortunes"
# ASCII art is not language; leave it out of every split.
SKIP_EN = {"art", "ascii-art"}
SKIP_DE = {"asciiart"}
DE_DOMAIN = "witze"  # jokes: the domain of the German finetuned model


def read_fortunes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    out = []
    for chunk in raw.split("\n%\n"):
        text = re.sub(r"\s+", " ", chunk).strip()
        if len(text) >= 8:
            out.append(text)
    return out


def fortune_files(folder, skip):
    for path in sorted(glob.glob(os.path.join(folder, "*.u8"))):
        name = os.path.basename(path)[:-3]
        if name not in skip:
            yield name, path


def dedupe(lines):
    seen = set()
    out = []
    for line in lines:
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out


def split(lines):
    train = [t for t in lines if stable_bucket(t) != 0]
    held = [t for t in lines if stable_bucket(t) == 0]
    return train, held


def bible_verses():
    out = subprocess.run(["bible", "-l100000", "Gen1:1-Rev22:21"], check=True,
                         capture_output=True, text=True).stdout
    verses = []
    for line in out.splitlines():
        m = re.match(r"^\s+\d+\s+(.*\S)\s*$", line)
        if m:
            verses.append(re.sub(r"\s+", " ", m.group(1)))
    return verses


def main():
    en = []
    for name, path in fortune_files(FORTUNES, SKIP_EN):
        en += read_fortunes(path)
    en = dedupe(en)
    de, de_dom = [], []
    for name, path in fortune_files(os.path.join(FORTUNES, "de"), SKIP_DE):
        (de_dom if name == DE_DOMAIN else de).extend(read_fortunes(path))
    de, de_dom = dedupe(de), dedupe(de_dom)
    kjv = dedupe(bible_verses())
    for name, lines in [("en", en), ("de", de), ("de-witze", de_dom), ("kjv", kjv)]:
        train, held = split(lines)
        write_lines(os.path.join(WORK, f"{name}.train.txt"), train)
        write_lines(os.path.join(WORK, f"{name}.heldout.txt"), held)
        log(f"{name}: {len(train)} train, {len(held)} held out, {sum(map(len, lines))} chars")


if __name__ == "__main__":
    main()
