"""Where a benchmark ran: the SIMD width forced on both sides, the CPU, and that width's FMA peak.

.NET 10 runs one vector width per process, chosen by environment variables read at start-up;
PyTorch and OpenBLAS pick their kernels the same way. `--width 512|256|128` sets both sides to
the same instruction set (issue "The engine is fast on every CPU students have"):

    width  ours (.NET 10)                        PyTorch / OpenBLAS
    512    (default on an AVX-512 CPU)           (default)
    256    DOTNET_EnableAVX512=0                 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell
    128    DOTNET_PreferredVectorBitWidth=128    as for 256 (no 128-bit FMA build of them here:
                                                 a stronger baseline than NEON would give)

The BLAS side must be set before numpy or torch is imported (OpenBLAS reads its variables when it
loads), so scripts call `apply_blas_env(early_width())` before those imports.
"""
import json
import os
import subprocess
import sys

WIDTHS = (512, 256, 128)
DOTNET_ENV = {512: {}, 256: {"DOTNET_EnableAVX512": "0"}, 128: {"DOTNET_PreferredVectorBitWidth": "128"}}
BLAS_ENV = {
    512: {},
    256: {"ATEN_CPU_CAPABILITY": "avx2", "OPENBLAS_CORETYPE": "Haswell"},
    128: {"ATEN_CPU_CAPABILITY": "avx2", "OPENBLAS_CORETYPE": "Haswell"},
}
# Variables either side reads to pick a width; cleared first so only the chosen ones apply.
ALL_VARS = ("DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_PreferredVectorBitWidth", "DOTNET_EnableAVX2",
            "ATEN_CPU_CAPABILITY", "OPENBLAS_CORETYPE")


def early_width(argv=None):
    """The --width value of the command line (None when absent), read before argparse runs."""
    argv = sys.argv[1:] if argv is None else argv
    for i, a in enumerate(argv):
        value = a.split("=", 1)[1] if a.startswith("--width=") else argv[i + 1] if a == "--width" and i + 1 < len(argv) else None
        if value is not None:
            if int(value) not in WIDTHS:
                sys.exit(f"--width must be one of {', '.join(map(str, WIDTHS))}, not {value}")
            return int(value)
    return None


def apply_blas_env(width):
    """Sets this process's BLAS/PyTorch variables for `width` (None: leave the environment alone)."""
    if width is None:
        return
    for var in ALL_VARS:
        os.environ.pop(var, None)
    os.environ.update(BLAS_ENV[width])


def dotnet_env(width):
    """The environment for a .NET subprocess at `width` (None: this process's environment)."""
    env = dict(os.environ)
    if width is not None:
        for var in ALL_VARS:
            env.pop(var, None)
        env.update(DOTNET_ENV[width])
    return env


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def fma_peak(dll, width):
    """The benchmarks app's `fma-peak` at `width`: {"width", "lanes", "vector_registers", "fma", "gflops"}."""
    out = subprocess.run(["dotnet", dll, "fma-peak", "--json"], check=True, capture_output=True, text=True,
                         env=dotnet_env(width)).stdout
    return json.loads(out.strip().splitlines()[-1])


def describe(dll, width):
    """Prints where the run happens and returns the FMA peak record."""
    peak = fma_peak(dll, width)
    print(f"CPU: {cpu_model()}")
    forced = ", ".join(f"{k}={v}" for k, v in {**DOTNET_ENV.get(width, {}), **BLAS_ENV.get(width, {})}.items())
    print(f"width: {peak['width']} ({peak['lanes']} floats, {peak['vector_registers']} vector registers, "
          f"FMA {'yes' if peak['fma'] else 'no'}); forced by --width {width}: {forced or 'defaults'}"
          if width else f"width: {peak['width']} (this machine's default; --width forces one)")
    print(f"FMA peak of one core at this width, measured now: {peak['gflops']:.1f} GFLOP/s")
    return peak
