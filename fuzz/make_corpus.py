#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/) from the project's fixtures, small and
deterministic; `--check` verifies the committed corpus is what this script writes. Fuzz runs (fuzz/run.sh) write
their new inputs to fuzz/runs/, not here, so the committed corpus stays reproducible; inputs that found a bug are
kept in fuzz/regressions/<target>/ by hand. Both are replayed by tests/it/fuzz_replay.rs."""
import hashlib, io, os, sys, zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(ROOT, "..", "tests", "fixtures")
SEPARATOR = b"\n--part--\n"  # entries.rs PART_SEPARATOR
MAX_SEED = 4096


def seeds():
    out = {"loader": [], "xlsx": [], "options": [], "parsers": []}
    for name in sorted(os.listdir(FIXTURES)):
        path = os.path.join(FIXTURES, name)
        if not os.path.isfile(path) or name.endswith((".py", ".md")):
            continue
        data = open(path, "rb").read()
        for seed in (b"\x01" * 8, b"\x07\x00\x00\x00\x00\x00\x00\x02"):  # chunking and kind choices
            out["loader"].append(seed + data[:MAX_SEED])
        if name.endswith(".xlsx"):
            parts = zipfile.ZipFile(io.BytesIO(data))
            names = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                     "xl/sharedStrings.xml", "xl/styles.xml"]  # entries.rs XLSX_PARTS
            present = set(parts.namelist())
            out["xlsx"].append(SEPARATOR.join(parts.read(n) if n in present else b"" for n in names))
    for text in ["1,234.50", "1.234,50", "-12", "¥1,000", "€ 12,5", "(45.00)", "1e3", "9" * 30, "0.00001",
                 "2024-03-05", "05/03/2024", "3/5/24", "2024-02-30", "9999-12-31", "20240305", "2024-03-05T10:00:00Z",
                 "1900-01-01", "45000", "2024年3月5日", ""]:
        out["parsers"].append(text.encode())
    for seed in range(12):
        out["options"].append(bytes((seed * 37 + i * 11) % 256 for i in range(96)))
    return out


def files():
    for target, inputs in seeds().items():
        for data in inputs:
            yield os.path.join(ROOT, "corpus", target, hashlib.sha1(data).hexdigest()[:16]), data


def main():
    check = "--check" in sys.argv
    wanted = dict(files())
    if check:
        present = {os.path.join(ROOT, "corpus", t, f) for t in os.listdir(os.path.join(ROOT, "corpus"))
                   for f in os.listdir(os.path.join(ROOT, "corpus", t))}
        bad = [p for p, d in wanted.items() if not os.path.exists(p) or open(p, "rb").read() != d]
        bad += sorted(present - set(wanted))
        if bad:
            sys.exit("fuzz corpus differs from make_corpus.py: " + ", ".join(bad[:5]))
        return
    for path, data in wanted.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").write(data)


if __name__ == "__main__":
    main()
