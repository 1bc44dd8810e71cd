"""Builds the training corpus: MIDI songs rendered by Debian's `mma`, tokenized by Polyphon's own Java encoder.

mma renders a chord chart through one of its ~1,100 grooves into a multi-track General MIDI song (drums,
bass, chords, arpeggios, pads). We write chord charts from common progressions in every key, pick a groove and
a tempo at random, and let mma render them. Then `./polyphon dataset` draws MMM-style training examples
(random 4/8-bar windows, transposition, 3/4 bar infill) with the same encoder the service uses to build
prompts, so training and serving cannot disagree about the token language.

    /usr/bin/python3 model/make_corpus.py --songs 600 --out data
    -> data/midi/{train,val}/*.mid, data/train.txt, data/val.txt (one example per line, token ids)
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GROOVE_LIBRARY = "/usr/share/mma/lib/stdlib"

# progressions in Roman numerals; each entry is one bar
PROGRESSIONS = [
    "I V vi IV", "I vi IV V", "ii V I I", "I IV V IV", "vi IV I V", "I V IV V", "I iii IV V",
    "I IV vi V", "i bVII bVI bVII", "i iv v i", "i bVI bIII bVII", "I I IV IV V V I I", "I bVII IV I",
    "ii7 V7 Imaj7 vi7", "I7 IV7 I7 V7", "i i iv iv i i v i",
]
KEYS = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
MAJOR_STEPS = {"I": 0, "II": 2, "III": 4, "IV": 5, "V": 7, "VI": 9, "VII": 11}


def chord(numeral, key):
    """'vi' in C -> 'Am', 'bVII' in C -> 'Bb', 'V7' in G -> 'D7', 'ii7' in C -> 'Dm7'."""
    m = re.fullmatch(r"(b?)(VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)(.*)", numeral)
    flat, roman, suffix = m.groups()
    root = (KEYS.index(key) + MAJOR_STEPS[roman.upper()] - (1 if flat else 0)) % 12
    minor = roman.islower() and not suffix.startswith("maj")
    return KEYS[root] + ("m" if minor else "") + suffix


def grooves():
    names = []
    for path in sorted(glob.glob(os.path.join(GROOVE_LIBRARY, "*.mma"))):
        with open(path, errors="replace") as f:
            names += re.findall(r"^\s*DefGroove\s+(\S+)", f.read(), flags=re.MULTILINE | re.IGNORECASE)
    return sorted(set(names))


def chart(groove, progression, key, tempo, bars):
    numerals = progression.split()
    lines = [f"Tempo {tempo}", f"Groove {groove}"]
    for bar in range(bars):
        lines.append(f"{bar + 1} {chord(numerals[bar % len(numerals)], key)}")
    return "\n".join(lines) + "\n"


def render(index, groove, progression, key, tempo, bars, folder):
    source = os.path.join(folder, f"song{index:04d}.mma")
    with open(source, "w") as f:
        f.write(chart(groove, progression, key, tempo, bars))
    result = subprocess.run(["mma", "-f", source[:-4] + ".mid", source], capture_output=True, text=True)
    os.remove(source)
    return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=600)
    parser.add_argument("--bars", type=int, default=16)
    parser.add_argument("--val-share", type=float, default=0.1)
    parser.add_argument("--train-examples", type=int, default=24000)
    parser.add_argument("--val-examples", type=int, default=1000)
    parser.add_argument("--max-tokens", type=int, default=1024)
    parser.add_argument("--out", default="data")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    names = grooves()
    print(f"{len(names)} grooves in {GROOVE_LIBRARY}")
    folders = {split: os.path.join(args.out, "midi", split) for split in ("train", "val")}
    for folder in folders.values():
        os.makedirs(folder, exist_ok=True)
    rendered = 0
    for i in range(args.songs):
        split = "val" if i < args.songs * args.val_share else "train"  # songs, not windows, are held out
        ok = render(i, rng.choice(names), rng.choice(PROGRESSIONS), rng.choice(KEYS), rng.randint(70, 160),
                    args.bars, folders[split])
        rendered += ok
        if i % 50 == 0:
            print(f"  {i}/{args.songs} songs", flush=True)
    print(f"{rendered} songs rendered")

    polyphon = os.path.join(ROOT, "polyphon")
    for split, examples in (("train", args.train_examples), ("val", args.val_examples)):
        subprocess.run([polyphon, "dataset", folders[split], "--out", os.path.join(args.out, f"{split}.txt"),
                        "--examples", str(examples), "--seed", str(args.seed), "--max-tokens", str(args.max_tokens)],
                       check=True)


if __name__ == "__main__":
    sys.exit(main())
