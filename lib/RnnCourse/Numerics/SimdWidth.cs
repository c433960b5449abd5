// The SIMD width a kernel runs at, as a value callers pass (an engine option, a test's theory
// row), and what this machine offers. Every kernel family (GEMM, mat-vec, gate passes) is one
// generic body over ISimdIsa instantiated per width, so any width the CPU accelerates can be
// chosen per call; Simd.Best is the default.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>The vector width a kernel runs at.</summary>
public enum SimdWidth
{
    /// <summary>Plain float arithmetic (any machine).</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE, NEON): 4 floats.</summary>
    V128,

    /// <summary>256-bit vectors (AVX2 + FMA): 8 floats.</summary>
    V256,

    /// <summary>512-bit vectors (AVX-512F): 16 floats.</summary>
    V512,
}

/// <summary>The SIMD widths and vector registers of this machine, as the JIT sees them.</summary>
public static class Simd
{
    /// <summary>
    /// The widest width this process accelerates: V512 on AVX-512 CPUs, V256 with AVX2 (or an
    /// AVX-512 CPU run with <c>DOTNET_EnableAVX512=0</c>), V128 on ARM64 or with
    /// <c>DOTNET_PreferredVectorBitWidth=128</c>.
    /// </summary>
    public static readonly SimdWidth Best =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512
        : Vector256.IsHardwareAccelerated ? SimdWidth.V256
        : Vector128.IsHardwareAccelerated ? SimdWidth.V128
        : SimdWidth.Scalar;

    /// <summary>Every width this process runs at hardware speed, widest first; Scalar always.</summary>
    public static IReadOnlyList<SimdWidth> Supported { get; } =
        new[] { SimdWidth.V512, SimdWidth.V256, SimdWidth.V128, SimdWidth.Scalar }
            .Where(IsAccelerated)
            .ToArray();

    /// <summary>
    /// Vector registers the JIT can allocate: 32 with AVX-512 (EVEX encodings reach
    /// xmm/ymm16–31 at every width) and on ARM64; 16 otherwise (AVX2, SSE).
    /// </summary>
    public static readonly int VectorRegisters =
        Avx512F.IsSupported || AdvSimd.Arm64.IsSupported ? 32 : 16;

    /// <summary>True when the width runs at hardware speed here (Scalar always does).</summary>
    public static bool IsAccelerated(SimdWidth width) =>
        width switch
        {
            SimdWidth.V512 => Vector512.IsHardwareAccelerated,
            SimdWidth.V256 => Vector256.IsHardwareAccelerated,
            SimdWidth.V128 => Vector128.IsHardwareAccelerated,
            _ => true,
        };

    /// <summary>Floats per vector at <paramref name="width"/>.</summary>
    public static int Lanes(SimdWidth width) =>
        width switch
        {
            SimdWidth.V512 => 16,
            SimdWidth.V256 => 8,
            SimdWidth.V128 => 4,
            _ => 1,
        };

    /// <summary>
    /// <paramref name="width"/>, or <see cref="Best"/> when null; a width this machine does not
    /// accelerate is refused (it would run in software, far slower than scalar).
    /// </summary>
    public static SimdWidth Resolve(SimdWidth? width)
    {
        var w = width ?? Best;
        if (!IsAccelerated(w))
        {
            throw new PlatformNotSupportedException(
                $"This CPU (or the DOTNET_ settings of this process) does not accelerate {w}; "
                    + $"choose one of {string.Join(", ", Supported)}, or leave the width unset for {Best}."
            );
        }
        return w;
    }
}
