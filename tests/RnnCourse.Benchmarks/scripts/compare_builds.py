#!/usr/bin/env python3
"""Two builds of the engine, timed in one run: the `--quick` rows of compare_torch.py, each prepared
in an `engine-compare --serve` process of both builds and then timed in alternating blocks of about
80 ms (old, new, old, new, ...), so that a change's cost is a ratio measured under the same load.

Usage (build tests/RnnCourse.Benchmarks in Release in both checkouts first):
  python3 tests/RnnCourse.Benchmarks/scripts/compare_builds.py OLD.dll NEW.dll [ROUNDS=25]
where each DLL is <checkout>/tests/RnnCourse.Benchmarks/bin/Release/net10.0/RnnCourse.Benchmarks.dll.
Prints per row the median and the best block time of each build and their ratio new/old.
"""
import json
import statistics
import subprocess
import sys

ROWS = [("elman", 128, 25, 1, 1), ("lstm", 256, 25, 1, 1), ("gru", 512, 25, 1, 1),
        ("lstm", 256, 25, 32, 1), ("lstm", 256, 25, 32, 2), ("lstm", 512, 25, 64, 1), ("lstm", 512, 25, 64, 2)]


def server(dll):
    return subprocess.Popen(["dotnet", dll, "engine-compare", "--serve"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def ask(process, command):
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    old, new = server(sys.argv[1]), server(sys.argv[2])
    print(f"{'row':24} {'old ms':>9} {'new ms':>9} {'new/old':>8}   (median of {rounds} alternating ≈80 ms blocks)")
    for cell, h, t, b, threads in ROWS:
        key = f"{cell} {h} {t} {b} {threads} adam norm"
        once = ask(old, "prepare " + key)["once_ms"]
        ask(new, "prepare " + key)
        n = max(1, int(80 / once))
        o, w = [], []
        for _ in range(rounds):
            o.append(ask(old, f"block {n} {key}")["ms"])
            w.append(ask(new, f"block {n} {key}")["ms"])
        mo, mw, bo, bw = statistics.median(o), statistics.median(w), min(o), min(w)
        print(f"{cell} H={h} T={t} B={b} {threads}T".ljust(24)
              + f" {mo:9.3f} {mw:9.3f} {mw / mo:8.3f}   best {bo:9.3f} {bw:9.3f} {bw / bo:6.3f}", flush=True)
        ask(old, "clear")
        ask(new, "clear")
    old.stdin.close()
    new.stdin.close()


if __name__ == "__main__":
    main()
