#!/usr/bin/env python3
"""Hostile inputs of issue 18, each kind at two sizes: small (written to tests/hostile/inputs/, committed, read by
tests/it/hostile.rs; `--check` verifies them) and full (`--full DIR`: the sizes of the issue's matrix, for the
measurements in tests/hostile/README.md; not committed). Deterministic: no randomness, no clock."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "customer_id,order_date,amount"
ROWS = "C1,2024-03-01,10\nC2,2024-03-02,20\nC1,2024-03-04,5\n"


def kinds(full):
    """(file name, bytes) of each kind; `full` gives the issue's sizes."""
    # A header longer than the 128 KiB sample (the issue: 200 KB; small: 140 KB, still past the sample).
    yield "long-header.csv", (HEADER + ",note_" + "x" * (200_000 if full else 140_000) + "\n" +
                              ROWS.replace("\n", ",n\n")).encode()
    # More than 128 KiB of blank lines before the header.
    yield "blank-lead.csv", ("\n" * (300_000 if full else 135_000) + HEADER + "\n" + ROWS).encode()
    # Duplicate column names (the issue: 3,000 and 60,000; small: 3,000). 60,000 is past the header limit.
    for count in ([3_000, 60_000] if full else [3_000]):
        yield f"dup-headers-{count}.csv", (HEADER + ",x" * count + "\n" +
                                           "".join(r + ",1" * count + "\n" for r in ROWS.splitlines())).encode()
    # One column past the header limit (16,384 columns).
    yield "too-many-columns.csv", (",".join(f"c{i}" for i in range(16_385)) + "\n" + "1," * 16_384 + "1\n").encode()
    # Lone CR line ends (classic Mac), and CR mixed with LF and CRLF.
    yield "lone-cr.csv", (HEADER + "\r" + ROWS.replace("\n", "\r")).encode()
    yield "mixed-line-ends.csv", (HEADER + "\r\n" + "C1,2024-03-01,10\rC2,2024-03-02,20\nC1,2024-03-04,5\r\n").encode()
    if full:
        # A 50 MB line with no end.
        yield "line-50mb.csv", b"y" * 50_000_000


def main():
    if "--full" in sys.argv:
        out = sys.argv[sys.argv.index("--full") + 1]
        os.makedirs(out, exist_ok=True)
        for name, data in kinds(True):
            open(os.path.join(out, name), "wb").write(data)
        return
    out = os.path.join(HERE, "inputs")
    wanted = dict(kinds(False))
    if "--check" in sys.argv:
        present = set(os.listdir(out))
        bad = [n for n, d in wanted.items() if n not in present or open(os.path.join(out, n), "rb").read() != d]
        bad += sorted(present - set(wanted))
        if bad:
            sys.exit("tests/hostile/inputs differs from make_hostile.py: " + ", ".join(bad))
        return
    os.makedirs(out, exist_ok=True)
    for name, data in wanted.items():
        open(os.path.join(out, name), "wb").write(data)


if __name__ == "__main__":
    main()
