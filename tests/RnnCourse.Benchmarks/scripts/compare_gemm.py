#!/usr/bin/env python3
"""Compare RnnCourse's Gemm.AB with numpy float32 matmul (OpenBLAS, one thread) in one run.

Usage (from the repository root):
    /usr/bin/python3 tests/RnnCourse.Benchmarks/scripts/compare_gemm.py [--width 512|256|128]
        [--batches N] [--rounds R] [--shapes 256x256x256,...] [--keep-openblas-env]

--width forces the same instruction set on both sides (widths.py: DOTNET_EnableAVX512=0 and
OPENBLAS_CORETYPE=Haswell for 256, ...). The header prints the CPU, the width and the FMA peak of
one core at that width measured in this run (`fma-peak`); the table gives every figure also as a
fraction of that peak.

For each shape (m x k x n) it alternates: numpy timing, then our timing (the benchmarks app's
`gemm-table` mode, 1 and 2 threads), R rounds, so both see the same machine load. GFLOP/s is
2*m*k*n / time; each side reports the best and the median of its batches (>= 0.15 s each).

The BLAS numpy uses is printed (threadpoolctl if installed, else the shared objects mapped into
this process, plus OpenBLAS's own core name and config). The script refuses to compare against
the netlib reference BLAS (Debian's libblas3, ~10x slower than an optimized BLAS): install
OpenBLAS with `apt-get install libopenblas0`.

OpenBLAS is forced to one thread (OPENBLAS_NUM_THREADS=1) so that ratios are per core.
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set in the environment (this machine sets
CORETYPE=Haswell, which selects an AVX2 kernel on an AVX-512 CPU), are removed for this process
only before numpy loads, so OpenBLAS picks its kernel for the real CPU; --keep-openblas-env keeps
them. The kernel actually used is printed.
"""
import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import widths

DEFAULT_SHAPES = [
    "256x256x256",
    "512x512x512",
    "1024x1024x1024",
    "2048x2048x2048",
    "32x2048x512",
    "64x2048x512",
    "64x512x2048",
    "2048x512x1600",
]
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PROJECT = os.path.join(REPO, "tests", "RnnCourse.Benchmarks")
DLL = os.path.join(PROJECT, "bin", "Release", "net10.0", "RnnCourse.Benchmarks.dll")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shapes", default=",".join(DEFAULT_SHAPES))
    p.add_argument("--batches", type=int, default=7)
    p.add_argument("--rounds", type=int, default=1, help="repeat the whole comparison")
    p.add_argument("--keep-openblas-env", action="store_true")
    p.add_argument("--no-build", action="store_true", help="use the already built benchmarks app")
    p.add_argument("--width", type=int, choices=widths.WIDTHS, help="force this SIMD width on both sides")
    return p.parse_args()


def prepare_env(keep, width):
    removed = {}
    if width is not None:
        widths.apply_blas_env(width)
    elif not keep:
        for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if var in os.environ:
                removed[var] = os.environ.pop(var)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return removed


def describe_blas(np):
    """Returns (description lines, is_reference_blas)."""
    lines = []
    np.ones((8, 8), np.float32) @ np.ones((8, 8), np.float32)  # make sure BLAS is loaded
    mapped = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            name = os.path.basename(path).lower()
            if path.startswith("/") and ("blas" in name or "mkl" in name or "blis" in name):
                mapped.add(os.path.realpath(path))
    lines.append("numpy %s at %s" % (np.__version__, os.path.dirname(np.__file__)))
    lines.append("BLAS shared objects loaded: " + (", ".join(sorted(mapped)) or "none found"))
    apis = []
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            if info.get("user_api") == "blas":
                apis.append(info.get("internal_api"))
                lines.append(
                    "threadpoolctl: %s %s, architecture %s, %s thread(s), %s"
                    % (
                        info.get("internal_api"),
                        info.get("version"),
                        info.get("architecture"),
                        info.get("num_threads"),
                        info.get("filepath"),
                    )
                )
    except ImportError:
        lines.append("threadpoolctl: not installed (apt-get install python3-threadpoolctl)")
    for path in sorted(mapped):
        if "openblas" in os.path.basename(path).lower():
            lib = ctypes.CDLL(path)
            for fn in ("openblas_get_corename", "openblas_get_config"):
                f = getattr(lib, fn, None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    lines.append("%s: %s" % (fn, f().decode()))
            nt = getattr(lib, "openblas_get_num_threads", None)
            if nt is not None:
                lines.append("openblas_get_num_threads: %d" % nt())
    sgemm_lib = resolve_sgemm(np)
    lines.append("cblas_sgemm called by numpy resolves to: %s" % (sgemm_lib or "unknown"))
    # The library that actually provides numpy's sgemm decides; other BLAS libraries may be
    # mapped too (e.g. OpenBLAS pulled in by LAPACK while sgemm binds to netlib's libblas).
    if sgemm_lib is not None:
        optimized = any(key in sgemm_lib.lower() for key in ("openblas", "mkl", "blis"))
    else:
        optimized = any(a in ("openblas", "mkl", "blis") for a in apis)
    reference = not optimized
    return lines, reference


class _DlInfo(ctypes.Structure):
    _fields_ = [
        ("dli_fname", ctypes.c_char_p),
        ("dli_fbase", ctypes.c_void_p),
        ("dli_sname", ctypes.c_char_p),
        ("dli_saddr", ctypes.c_void_p),
    ]


def resolve_sgemm(np):
    """Path of the shared object whose cblas_sgemm numpy's core module binds to (dlsym + dladdr)."""
    try:
        core = ctypes.CDLL(np.core._multiarray_umath.__file__)
        addr = ctypes.cast(core.cblas_sgemm, ctypes.c_void_p).value
        libc = ctypes.CDLL(None)
        libc.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(_DlInfo)]
        info = _DlInfo()
        if libc.dladdr(addr, ctypes.byref(info)) == 0 or not info.dli_fname:
            return None
        return os.path.realpath(info.dli_fname.decode())
    except (AttributeError, OSError):
        return None


def time_numpy(np, m, k, n, batches):
    """(best, median) GFLOP/s by wall clock and (best, median) by this thread's CPU time."""
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    c = np.empty((m, n), np.float32)
    flops = 2.0 * m * k * n
    t0, reps = time.perf_counter(), 0
    while reps < 5 or time.perf_counter() - t0 < 0.2:
        np.matmul(a, b, out=c)
        reps += 1
    per_batch = max(1, int(0.15 * reps / (time.perf_counter() - t0)))
    wall, cpu = [], []
    for _ in range(batches):
        c0 = time.thread_time()
        t = time.perf_counter()
        for _ in range(per_batch):
            np.matmul(a, b, out=c)
        wall.append(flops * per_batch / (time.perf_counter() - t) / 1e9)
        cpu.append(flops * per_batch / max(time.thread_time() - c0, 1e-9) / 1e9)
    return (max(wall), statistics.median(wall)), (max(cpu), statistics.median(cpu))


def time_ours(shape, batches, width):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        path = tmp.name
    try:
        subprocess.run(
            ["dotnet", DLL, "gemm-table", "--shapes", shape, "--batches", str(batches), "--json", path],
            check=True,
            stdout=subprocess.DEVNULL,
            env=widths.dotnet_env(width),
        )
        with open(path) as f:
            data = json.load(f)
    finally:
        os.unlink(path)
    return data["isa"], data["rows"][0]


def main():
    args = parse_args()
    removed = prepare_env(args.keep_openblas_env, args.width)
    import numpy as np  # after the environment is prepared: OpenBLAS reads it when loaded

    print("== BLAS under test ==")
    if removed:
        print("removed for this process: " + ", ".join("%s=%s" % kv for kv in removed.items()))
    print("OPENBLAS_NUM_THREADS=%s" % os.environ["OPENBLAS_NUM_THREADS"])
    lines, reference = describe_blas(np)
    for line in lines:
        print("  " + line)
    if reference:
        print(
            "REFUSING to compare: numpy is linked to the netlib reference BLAS, which is not an\n"
            "optimized library (any ratio against it would be meaningless). Install OpenBLAS:\n"
            "  apt-get install libopenblas0   (then re-run this script)",
            file=sys.stderr,
        )
        return 3

    sanity = time_numpy(np, 256, 256, 256, 1)[0][0]
    print("numpy 256^3 sanity check: %.1f GFLOP/s" % sanity)
    if sanity < 10:
        print(
            "REFUSING to compare: numpy's sgemm runs at %.1f GFLOP/s, the speed of the netlib\n"
            "reference BLAS, whatever library name it reports. Install OpenBLAS (apt-get install\n"
            "libopenblas0) and check LD_LIBRARY_PATH / update-alternatives for libblas.so.3." % sanity,
            file=sys.stderr,
        )
        return 3

    if not args.no_build:
        subprocess.run(
            ["dotnet", "build", PROJECT, "-c", "Release", "-v", "q", "-nologo"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print("== where this runs ==")
    peak = widths.describe(DLL, args.width)["gflops"]
    try:
        load = os.getloadavg()
        print("load average before: %.2f %.2f %.2f (%d processors)" % (load + (os.cpu_count(),)))
    except OSError:
        pass

    shapes = [s for s in args.shapes.split(",") if s]
    results = {s: {"np": [], "npcpu": [], "one": [], "onecpu": [], "two": []} for s in shapes}
    isa = "?"
    for r in range(args.rounds):
        for s in shapes:
            m, k, n = (int(x) for x in s.split("x"))
            np_wall, np_cpu = time_numpy(np, m, k, n, args.batches)
            results[s]["np"].append(np_wall)
            results[s]["npcpu"].append(np_cpu)
            isa, row = time_ours(s, args.batches, args.width)
            results[s]["one"].append((row["one_thread_best"], row["one_thread_median"]))
            results[s]["onecpu"].append((row["one_thread_cpu_best"], row["one_thread_cpu_median"]))
            results[s]["two"].append((row["two_threads_best"], row["two_threads_median"]))
            print(
                "round %d %-16s numpy %6.1f  ours 1T %6.1f  2T %6.1f GFLOP/s (best)"
                % (r + 1, s, results[s]["np"][-1][0], results[s]["one"][-1][0], results[s]["two"][-1][0]),
                flush=True,
            )

    def best(xs):
        return max(x[0] for x in xs)

    def med(xs):
        return statistics.median(x[1] for x in xs)

    print()
    print(
        "GFLOP/s (%s batches x %d round(s)); ours: %s. 'wall' = best batch by wall clock (median);\n"
        "'cpu' = median batch by the timing thread's CPU time, which does not count time slices\n"
        "taken by other processes: the stable per-core figure on a shared machine. 2T/1T uses\n"
        "wall-clock bests (a speed-up needs both cores free at once)." % (args.batches, args.rounds, isa)
    )
    header = "%-15s %15s %7s %15s %15s %7s %7s %7s %6s %8s %8s" % (
        "shape m×k×n", "ours 1T wall", "cpu", "ours 2T wall", "numpy 1T wall", "cpu",
        "1T/np", "(wall)", "2T/1T", "ours pk", "np pk")
    print(header)
    print("-" * len(header))
    for s in shapes:
        rr = results[s]
        o1, o2, nb = best(rr["one"]), best(rr["two"]), best(rr["np"])
        o1c, nbc = med(rr["onecpu"]), med(rr["npcpu"])
        print(
            "%-15s %6.1f (%6.1f) %7.1f %6.1f (%6.1f) %6.1f (%6.1f) %7.1f %7.2f %7.2f %6.2f %7.0f%% %7.0f%%"
            % (s, o1, med(rr["one"]), o1c, o2, med(rr["two"]), nb, med(rr["np"]), nbc,
               o1c / nbc, o1 / nb, o2 / o1, 100 * o1c / peak, 100 * nbc / peak)
        )
    print("'ours pk' / 'np pk': the one-thread CPU-time figures as a fraction of the FMA peak above.")
    try:
        load = os.getloadavg()
        print("load average after: %.2f %.2f %.2f" % load)
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
