// `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- fma-peak [--json]`
// The FMA peak of one core at the width this process runs (Simd.Best: V512 by default on an
// AVX-512 CPU, V256 under DOTNET_EnableAVX512=0, V128 under DOTNET_PreferredVectorBitWidth=128):
// ten independent chains of vector FMAs in registers, no memory traffic. Ten chains cover the
// FMA latency × pipes (4 cycles × 2 on Zen 4 and most x86 cores) and leave registers for the
// two multiplicands even with 16 vector registers. GFLOP/s = 2 · lanes · FMAs / time (best of
// several blocks, by this thread's CPU time so another process's time slices do not count).
// compare_gemm.py and compare_torch.py print every row as a fraction of this number.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>The single-core FMA peak at this process's SIMD width.</summary>
public static class FmaPeak
{
    /// <summary>Prints the peak (as JSON with --json); returns the exit code.</summary>
    public static int Run(string[] args)
    {
        bool json = args.Contains("--json");
        var width = Simd.Best;
        double gflops = width switch
        {
            SimdWidth.V512 => Measure<Isa512, Vector512<float>>(),
            SimdWidth.V256 => Measure<Isa256, Vector256<float>>(),
            SimdWidth.V128 => Measure<Isa128, Vector128<float>>(),
            _ => Measure<IsaScalar, float>(),
        };
        bool fma = Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
        Console.WriteLine(
            json
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"width\":\"{width}\",\"lanes\":{Simd.Lanes(width)},\"vector_registers\":{Simd.VectorRegisters},\"fma\":{(fma ? "true" : "false")},\"gflops\":{gflops:F1}}}"
                )
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"FMA peak, one core, {width} ({Simd.Lanes(width)} floats, {Simd.VectorRegisters} vector registers, FMA {(fma ? "yes" : "no")}): {gflops:F1} GFLOP/s"
                )
        );
        return 0;
    }

    /// <summary>Best GFLOP/s over 9 blocks of about 60 ms each.</summary>
    internal static double Measure<TIsa, TVec>()
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        long n = 1 << 16;
        var sw = Stopwatch.StartNew();
        while (true)
        {
            sw.Restart();
            Chains<TIsa, TVec>(n);
            if (sw.Elapsed.TotalMilliseconds > 60)
            {
                break;
            }
            n *= 2;
        }
        double best = 0;
        for (int block = 0; block < 9; block++)
        {
            double cpu0 = GemmTable.ThreadCpuSeconds();
            Chains<TIsa, TVec>(n);
            double seconds = GemmTable.ThreadCpuSeconds() - cpu0;
            best = Math.Max(best, 2.0 * TIsa.Width * 10 * n / seconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Chains<TIsa, TVec>(long n)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        var a = TIsa.Create(0.999999f);
        var b = TIsa.Create(1e-7f);
        TVec c0 = TIsa.Create(1f),
            c1 = TIsa.Create(2f),
            c2 = TIsa.Create(3f),
            c3 = TIsa.Create(4f),
            c4 = TIsa.Create(5f),
            c5 = TIsa.Create(6f),
            c6 = TIsa.Create(7f),
            c7 = TIsa.Create(8f),
            c8 = TIsa.Create(9f),
            c9 = TIsa.Create(10f);
        for (long i = 0; i < n; i++)
        {
            c0 = TIsa.MulAdd(c0, a, b);
            c1 = TIsa.MulAdd(c1, a, b);
            c2 = TIsa.MulAdd(c2, a, b);
            c3 = TIsa.MulAdd(c3, a, b);
            c4 = TIsa.MulAdd(c4, a, b);
            c5 = TIsa.MulAdd(c5, a, b);
            c6 = TIsa.MulAdd(c6, a, b);
            c7 = TIsa.MulAdd(c7, a, b);
            c8 = TIsa.MulAdd(c8, a, b);
            c9 = TIsa.MulAdd(c9, a, b);
        }
        var s = TIsa.Add(
            TIsa.Add(TIsa.Add(c0, c1), TIsa.Add(c2, c3)),
            TIsa.Add(TIsa.Add(TIsa.Add(c4, c5), TIsa.Add(c6, c7)), TIsa.Add(c8, c9))
        );
        return TIsa.Sum(s);
    }
}
