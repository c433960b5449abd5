#!/usr/bin/python3
"""Same-run comparison of the fused BPTT engine with PyTorch (and numpy min-char-rnn).

Workload (issue 4): one char-model training step: one-hot input I = 65, one recurrent layer,
linear readout V = 65, softmax cross-entropy over all steps, full BPTT, gradient clipping, an
optimizer update (Adam, clip by global norm 5). Cells Elman (tanh), LSTM, GRU;
H in {128, 256, 512}, T in {25, 100}, B in {1, 32, 64}. Plus min-char-rnn: Elman H = 100,
T = 25, B = 1, Adagrad, clip by value 5, against a straightforward numpy implementation.

For every configuration, PyTorch, our engine on one thread and (at B >= 32) on two threads
are warmed up for 2 s each, then timed in 15 rounds of one ~80 ms block per side, back to
back, so a slow spell of the shared host hits every side of a ratio alike. The table shows
the median ms per step, GFLOP/s (model FLOPs: 3 x the forward matmuls; the one-hot input
counts 0 for both), the ratio PyTorch / ours (median of the 15 per-round ratios; "best" =
fastest block / fastest block) and 2T/1T (median of the per-round ratios).

Two-thread rows also read the machine (CoreProbe, `cores` in the engine server) in every round,
just before our one-thread block and just after our two-thread block: "machine 2T/1T" is what
two threads gave on independent private GEMMs in the same rounds (the same-run reference for
our 2T/1T), "ours / machine" the median per-round ratio of the two, and the last column our
2T/1T over the rounds in which both probes read >= 1.8 before and after. --memory adds, per
configuration, the peak working-set growth of a fresh process against parameters + gradients + Adam state +
activations (engine-memory).

--width 512|256|128 forces the same instruction set on our engine and on PyTorch/OpenBLAS
(widths.py); the header prints the CPU, the width and the FMA peak of one core at that width
measured in this run, and the "pk" column gives our GFLOP/s as a fraction of it.

Usage (Debian python3 with python3-torch and libopenblas0):
    /usr/bin/python3 tests/RnnCourse.Benchmarks/scripts/compare_torch.py            # full grid
    /usr/bin/python3 tests/RnnCourse.Benchmarks/scripts/compare_torch.py --quick    # a few rows
    ... --cells lstm --hidden 256 --steps 25 --batch 1 32 --json results.json
    ... --quick --width 256      # both sides on AVX2 + FMA
"""

import argparse
import json
import os
import subprocess
import sys
import time

import widths

# The width's PyTorch/OpenBLAS variables, before either library loads.
WIDTH = widths.early_width()
widths.apply_blas_env(WIDTH)

# One thread for every BLAS before numpy/torch load (torch.set_num_threads(1) is also called).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

V = 65
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
BENCH_PROJECT = os.path.join(ROOT, "tests", "RnnCourse.Benchmarks")
BENCH_DLL = os.path.join(BENCH_PROJECT, "bin", "Release", "net10.0", "RnnCourse.Benchmarks.dll")
GATES = {"elman": 1, "lstm": 4, "gru": 3}
# CoreProbe capacity (both probes, before and after our blocks) at or above which a round
# counts as one where the machine gave two whole cores.
TWO_CORES = 1.8


def step_flops(cell, h, t, b):
    return 3.0 * 2.0 * t * b * (h * GATES[cell] * h + h * V)


def blas_in_use():
    """The BLAS/LAPACK shared objects mapped into this process (after a matmul loaded them)."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    np.dot(np.ones((64, 64)), np.ones((64, 64)))
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if any(k in path for k in ("blas", "lapack", "mkl")):
                libs.add(path)
    return sorted(libs)


def check_blas():
    libs = blas_in_use()
    print("BLAS in use:", *libs, sep="\n  ")
    config = torch.__config__.show()
    print("torch", torch.__version__, "| threads", torch.get_num_threads())
    print(" ", next((l.strip() for l in config.splitlines() if "BLAS_INFO" in l), "BLAS_INFO ?")[:160])
    reference = [p for p in libs if "/blas/libblas" in p or p.endswith("/libblas.so.3") and "openblas" not in p]
    if reference and not any("openblas" in p or "mkl" in p for p in libs):
        sys.exit(
            "Refusing to benchmark against the netlib reference BLAS (" + ", ".join(reference) + "). "
            "Install OpenBLAS: apt-get install libopenblas0 (update-alternatives then selects it)."
        )


def torch_step_fn(cell, h, t, b):
    torch.manual_seed(0)
    if cell == "elman":
        rnn = torch.nn.RNN(V, h, nonlinearity="tanh")
    elif cell == "lstm":
        rnn = torch.nn.LSTM(V, h)
    else:
        rnn = torch.nn.GRU(V, h)
    out = torch.nn.Linear(h, V)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(0, V, (t, b), generator=g)
    x = torch.nn.functional.one_hot(ids, V).float()  # the data pipeline: outside the timing
    y = torch.randint(0, V, (t * b,), generator=g)

    def step():
        opt.zero_grad()
        hs, _ = rnn(x)
        logits = out(hs).reshape(t * b, V)
        loss = torch.nn.functional.cross_entropy(logits, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    return step


def numpy_min_char_rnn_step_fn(h=100, t=25, lr=0.1):
    """A straightforward numpy min-char-rnn (Elman tanh, Adagrad, clip by value 5): one step."""
    rng = np.random.default_rng(0)
    Wxh = rng.standard_normal((h, V)) * 0.01
    Whh = rng.standard_normal((h, h)) * 0.01
    Why = rng.standard_normal((V, h)) * 0.01
    bh = np.zeros((h, 1))
    by = np.zeros((V, 1))
    params = [Wxh, Whh, Why, bh, by]
    mems = [np.zeros_like(p) for p in params]
    inputs = list(rng.integers(0, V, t))
    targets = list(rng.integers(0, V, t))
    hprev = np.zeros((h, 1))

    def loss_fun(hprev):
        xs, hs, ps = {}, {}, {}
        hs[-1] = np.copy(hprev)
        loss = 0.0
        for s in range(t):
            xs[s] = np.zeros((V, 1))
            xs[s][inputs[s]] = 1
            hs[s] = np.tanh(np.dot(Wxh, xs[s]) + np.dot(Whh, hs[s - 1]) + bh)
            ys = np.dot(Why, hs[s]) + by
            ps[s] = np.exp(ys - np.max(ys)) / np.sum(np.exp(ys - np.max(ys)))
            loss += -np.log(ps[s][targets[s], 0])
        dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
        dbh, dby = np.zeros_like(bh), np.zeros_like(by)
        dhnext = np.zeros_like(hs[0])
        for s in reversed(range(t)):
            dy = np.copy(ps[s])
            dy[targets[s]] -= 1
            dWhy += np.dot(dy, hs[s].T)
            dby += dy
            dh = np.dot(Why.T, dy) + dhnext
            dhraw = (1 - hs[s] * hs[s]) * dh
            dbh += dhraw
            dWxh += np.dot(dhraw, xs[s].T)
            dWhh += np.dot(dhraw, hs[s - 1].T)
            dhnext = np.dot(Whh.T, dhraw)
        grads = [dWxh, dWhh, dWhy, dbh, dby]
        for d in grads:
            np.clip(d, -5, 5, out=d)
        return loss, grads, hs[t - 1]

    def step():
        _, grads, _ = loss_fun(hprev)
        for p, d, m in zip(params, grads, mems):
            m += d * d
            p += -lr * d / np.sqrt(m + 1e-8)

    return step


class Ours:
    """Our engine in one persistent process (`engine-compare --serve`): no JIT cost per row."""

    def __init__(self, build=True):
        if build:
            subprocess.run(
                ["dotnet", "build", BENCH_PROJECT, "-c", "Release", "-v", "q", "-nologo"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.proc = subprocess.Popen(
            ["dotnet", BENCH_DLL, "engine-compare", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=widths.dotnet_env(WIDTH),
        )

    def measure(self, cell, h, t, b, threads=1, optimizer="adam", clip="norm"):
        self.proc.stdin.write(f"{cell} {h} {t} {b} {threads} {optimizer} {clip}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("engine-compare exited early; run it by hand to see the error.")
        return json.loads(line)

    def _ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("engine-compare exited early; run it by hand to see the error.")
        return json.loads(line)

    def side(self, cell, h, t, b, threads=1, optimizer="adam", clip="norm"):
        """A warmed-up trainer kept in the server, as a Side for interleaved()."""
        key = f"{cell} {h} {t} {b} {threads} {optimizer} {clip}"
        info = self._ask("prepare " + key)
        return Side(info["once_ms"] / 1000.0, lambda n: self._ask(f"block {n} {key}")["ms"], info)

    def clear(self):
        self._ask("clear")

    def capacity(self):
        """The machine's two-thread capacity right now, {"fma": x, "gemm": y} (CoreProbe:
        2.0 = two whole cores for that kind of work, each thread with its own data)."""
        return self._ask("cores")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class Side:
    """One contestant of interleaved(): seconds per step after warm-up, and a block runner."""

    def __init__(self, once_s, run_block, info=None):
        self.once_s = once_s
        self.run_block = run_block  # n -> ms per step over n steps
        self.info = info or {}


def python_side(step, warm_seconds=2.0):
    """Warm a Python step function up (same warm-up as the engine side) and wrap it as a Side."""
    t0 = time.perf_counter()
    n = 0
    while n < 3 or time.perf_counter() - t0 < warm_seconds:
        step()
        n += 1

    def run_block(k):
        t1 = time.perf_counter()
        for _ in range(k):
            step()
        return (time.perf_counter() - t1) * 1000.0 / k

    return Side((time.perf_counter() - t0) / n, run_block)


def interleaved(sides, rounds=15, min_block=0.08, probe=None):
    """Rounds of one ~80 ms block per side, back to back. Returns per side the list of ms per
    step, one per round. On a shared host the speed of the machine drifts (other tenants of
    the cores); blocks of the same round see the same conditions, so per-round ratios are far
    steadier than ratios of separately timed medians.

    With a probe (a function returning the machine's two-thread capacity now, CoreProbe), every
    round reads it just before the second side's block and just after the last one; the
    readings come back as one (before, after) pair per round (an empty list without a probe)."""
    per_block = [max(1, int(min_block / max(sd.once_s, 1e-9))) for sd in sides]
    out = [[] for _ in sides]
    capacity = []
    for _ in range(rounds):
        before = None
        for i, sd in enumerate(sides):
            if probe and i == 1:
                before = probe()
            out[i].append(sd.run_block(per_block[i]))
        if probe:
            capacity.append((before, probe()))
    return out, capacity


def median(xs):
    ys = sorted(xs)
    return ys[len(ys) // 2]


def write_markdown(path, rows):
    lines = [
        "| cell | H | T | B | PyTorch ms | GFLOP/s | ours ms | GFLOP/s | ratio | ratio (best) | ours 2 threads ms | 2T/1T | machine 2T/1T | ours / machine | 2T/1T, two whole cores (rounds) | bytes/step |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if "torch_ms" in r:
            free = (f"{r['speedup_2t_two_cores']:.2f} ({r['two_core_rounds']})" if r.get("speedup_2t_two_cores")
                    else f"– ({r.get('two_core_rounds', 0)})")
            two = (f"{r['ours2_ms']:.3f} | {r['speedup_2t']:.2f} | {r['machine_2t']:.2f} | {r['speedup_2t_per_machine']:.2f} | {free}"
                   if r["ours2_ms"] else " | | | | ")
            lines.append(
                f"| {r['cell']} | {r['H']} | {r['T']} | {r['B']} | {r['torch_ms']:.3f} | {r['torch_gflops']:.1f} | "
                f"{r['ours_ms']:.3f} | {r['ours_gflops']:.1f} | **{r['ratio']:.1f}×** | {r['ratio_best']:.1f}× | {two} | {r['alloc_bytes_per_step']} |"
            )
    for r in rows:
        if r.get("cell") == "min-char-rnn":
            lines.append("")
            lines.append(
                f"min-char-rnn (Elman H = 100, T = 25, B = 1, Adagrad, clip by value): numpy {r['numpy_ms']:.3f} ms, "
                f"ours {r['ours_ms']:.3f} ms: **{r['ratio']:.1f}×**."
            )
    mem = [r["memory"] for r in rows if "memory" in r]
    if mem:
        lines += ["", "| cell | H | T | B | peak working-set growth MB | params+grads+Adam MB | activations MB | ratio |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        mb = 1024 * 1024
        for m in mem:
            lines.append(f"| {m['cell']} | {m['H']} | {m['T']} | {m['B']} | {m['growth_bytes'] / mb:.1f} | "
                         f"{m['model_bytes'] / mb:.1f} | {m['activation_bytes'] / mb:.1f} | {m['ratio']:.2f} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cells", nargs="+", default=["elman", "lstm", "gru"])
    ap.add_argument("--hidden", nargs="+", type=int, default=[128, 256, 512])
    ap.add_argument("--steps", nargs="+", type=int, default=[25, 100])
    ap.add_argument("--batch", nargs="+", type=int, default=[1, 32, 64])
    ap.add_argument("--quick", action="store_true", help="a few representative rows only")
    ap.add_argument("--no-build", action="store_true", help="use the already built benchmarks app")
    ap.add_argument("--no-two-threads", action="store_true", help="skip the 2-thread runs of our engine")
    ap.add_argument("--json", help="also write all measurements to this file")
    ap.add_argument("--markdown", help="also write the table as Markdown to this file (for docs/engine.md)")
    ap.add_argument("--memory", action="store_true", help="also measure peak working set per config (fresh process each)")
    ap.add_argument("--width", type=int, choices=widths.WIDTHS, help="force this SIMD width on both sides (widths.py)")
    args = ap.parse_args()

    torch.set_num_threads(1)
    check_blas()
    print("torch CPU capability:", torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "?")
    configs = [(c, h, t, b) for c in args.cells for h in args.hidden for t in args.steps for b in args.batch]
    if args.quick:
        configs = [("elman", 128, 25, 1), ("lstm", 256, 25, 1), ("gru", 512, 25, 1), ("lstm", 256, 25, 32), ("lstm", 512, 25, 64)]
    ours = Ours(build=not args.no_build)
    peak_info = widths.describe(BENCH_DLL, WIDTH)
    peak = peak_info["gflops"]
    rows = []
    header = (
        f"{'cell':6} {'H':>4} {'T':>4} {'B':>3} | {'torch ms':>9} {'GF/s':>6} | {'ours ms':>9} {'GF/s':>6} "
        f"{'pk':>4} {'ratio':>6} {'best':>6} | {'ours 2T ms':>10} {'2T/1T':>6} {'probe':>6} {'eff':>5} {'2 cores':>9} | alloc"
    )
    print(header)
    print("-" * len(header))
    for cell, h, t, b in configs:
        flops = step_flops(cell, h, t, b)
        sides = [python_side(torch_step_fn(cell, h, t, b)), ours.side(cell, h, t, b, 1)]
        two = b >= 32 and not args.no_two_threads
        if two:
            sides.append(ours.side(cell, h, t, b, 2))
        times, capacity = interleaved(sides, probe=ours.capacity if two else None)
        tm, om = median(times[0]), median(times[1])
        ratio = median([a / c for a, c in zip(times[0], times[1])])
        o2 = median(times[2]) if two else None
        per_round = [a / c for a, c in zip(times[1], times[2])] if two else []
        speedup = median(per_round) if two else None
        # The same-round reference: what two threads gave on independent private GEMMs
        # (CoreProbe "gemm", mean of the readings before and after our blocks).
        machine = [(lo["gemm"] + hi["gemm"]) / 2 for lo, hi in capacity]
        machine_2t = median(machine) if two else None
        efficiency = median([r / m for r, m in zip(per_round, machine)]) if two else None
        # Rounds in which both probes read two whole cores before and after our blocks.
        free = [r for r, (lo, hi) in zip(per_round, capacity)
                if min(lo["fma"], lo["gemm"], hi["fma"], hi["gemm"]) >= TWO_CORES]
        speedup_free = median(free) if free else None
        info = sides[1].info
        row = {
            "cell": cell, "H": h, "T": t, "B": b,
            "torch_ms": tm, "torch_ms_best": min(times[0]), "torch_gflops": flops / (tm * 1e6),
            "ours_ms": om, "ours_ms_best": min(times[1]), "ours_gflops": flops / (om * 1e6),
            "ours_fraction_of_peak": flops / (om * 1e6) / peak,
            "ratio": ratio,
            "ratio_best": min(times[0]) / min(times[1]),
            "ours2_ms": o2,
            "speedup_2t": speedup,
            "machine_2t": machine_2t,
            "speedup_2t_per_machine": efficiency,
            "speedup_2t_two_cores": speedup_free,
            "two_core_rounds": len(free),
            "capacity_rounds": capacity,
            "alloc_bytes_per_step": info["alloc_bytes_per_step"],
            "model_bytes": info["model_bytes"], "activation_bytes": info["activation_bytes"],
            "rounds_ms": times,
        }
        rows.append(row)
        ours.clear()
        free_text = f"{speedup_free:6.2f} {len(free):2d}" if speedup_free else f"{'-':>6} {0:2d}"
        two_text = (f"{o2:10.3f} {speedup:6.2f} {machine_2t:6.2f} {efficiency:5.2f} {free_text}" if two
                    else f"{'':10} {'':6} {'':6} {'':5} {'':9}")
        print(
            f"{cell:6} {h:4d} {t:4d} {b:3d} | {tm:9.3f} {row['torch_gflops']:6.1f} | {om:9.3f} "
            f"{row['ours_gflops']:6.1f} {100 * row['ours_gflops'] / peak:3.0f}% {ratio:6.1f} {row['ratio_best']:6.1f} | {two_text} | {info['alloc_bytes_per_step']}",
            flush=True,
        )

    # min-char-rnn: numpy vs ours (Elman H=100, T=25, B=1, Adagrad, clip by value).
    sides = [python_side(numpy_min_char_rnn_step_fn()), ours.side("elman", 100, 25, 1, 1, "adagrad", "value")]
    times, _ = interleaved(sides)
    nm, om = median(times[0]), median(times[1])
    ratio = median([a / c for a, c in zip(times[0], times[1])])
    flops = step_flops("elman", 100, 25, 1)
    print()
    print(f"min-char-rnn (Elman H=100 T=25 B=1, Adagrad): numpy {nm:.3f} ms ({flops / (nm * 1e6):.2f} GF/s), "
          f"ours {om:.3f} ms ({flops / (om * 1e6):.2f} GF/s), ratio {ratio:.1f}x")
    rows.append({"cell": "min-char-rnn", "H": 100, "T": 25, "B": 1, "numpy_ms": nm, "ours_ms": om, "ratio": ratio,
                 "rounds_ms": times})
    ours.close()
    if args.memory:
        print()
        print(f"{'cell':6} {'H':>4} {'T':>4} {'B':>3} | {'growth MB':>9} {'model MB':>8} {'activ MB':>8} {'ratio':>6}")
        for cell, h, t, b in configs:
            out = subprocess.run(
                ["dotnet", BENCH_DLL, "engine-memory", cell, str(h), str(t), str(b), "1"],
                check=True, capture_output=True, text=True, env=widths.dotnet_env(WIDTH),
            ).stdout
            m = json.loads(out)
            mb = 1024 * 1024
            print(f"{cell:6} {h:4d} {t:4d} {b:3d} | {m['growth_bytes'] / mb:9.1f} {m['model_bytes'] / mb:8.1f} "
                  f"{m['activation_bytes'] / mb:8.1f} {m['ratio']:6.2f}", flush=True)
            rows.append({"memory": m})
    if args.markdown:
        write_markdown(args.markdown, rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "blas": blas_in_use(), "cpu": widths.cpu_model(),
                       "width": peak_info, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
