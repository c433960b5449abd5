// The B operand of A·Bᵀ or A·B packed once and reused: the recurrent product of every time step,
// h_{t−1}·Whᵀ forward and dG·Wh backward, has the same B (Wh) for all T steps of a pass, and at
// B ≥ 5 rows it takes the packed GEMM path, which would otherwise copy all of Wh into its panel
// layout at every step (or, backward, read it in place: rows H floats apart, a new page every few
// rows). Packing it once per pass removes T−1 of those copies and lets every thread read one
// packed copy. Same panels, same kernel: the products are bit-for-bit those of the unpacked call.
namespace RnnCourse.Numerics;

/// <summary>A B matrix packed for <see cref="Gemm"/>'s A·Bᵀ or A·B (see the file header).</summary>
internal sealed unsafe class PackedB
{
    private float[]? _buffer;
    private float* _pointer;
    private int _k = -1,
        _n = -1;
    private SimdWidth _isa;

    /// <summary>Start of the 64-byte-aligned packed panels.</summary>
    public float* Pointer => _pointer;

    /// <summary>Bytes held.</summary>
    public long Bytes => 4L * (_buffer?.Length ?? 0);

    /// <summary>The instruction set the panels were packed for.</summary>
    public SimdWidth Isa => _isa;

    /// <summary>True when packed from the n × k operand of A·Bᵀ (<see cref="PackTransposed"/>), false from the k × n one of A·B.</summary>
    public bool Transposed { get; private set; }

    /// <summary>True when the panels hold a k × n B of this orientation packed for this ISA.</summary>
    public bool Matches(int k, int n, SimdWidth isa, bool transposed = true) =>
        _k == k && _n == n && _isa == isa && Transposed == transposed;

    /// <summary>
    /// Packs B (n × k row-major, the operand of A·Bᵀ) for instruction set <paramref name="isa"/>
    /// (<see cref="Simd.Best"/> outside tests), growing the buffer only when the shape grows
    /// (no allocation in steady state).
    /// </summary>
    public void PackTransposed(int k, int n, ReadOnlySpan<float> b, SimdWidth isa) =>
        PackAs(k, n, b, isa, transposed: true);

    /// <summary>
    /// Packs B (k × n row-major, the operand of A·B) for instruction set <paramref name="isa"/>,
    /// like <see cref="PackTransposed"/>: the backward recurrent product dG·Wh reads Wh this way.
    /// </summary>
    public void Pack(int k, int n, ReadOnlySpan<float> b, SimdWidth isa) =>
        PackAs(k, n, b, isa, transposed: false);

    private void PackAs(int k, int n, ReadOnlySpan<float> b, SimdWidth isa, bool transposed)
    {
        ShapeCheck.InvalidIf(
            b.Length < (long)n * k,
            $"B must hold n·k = {(long)n * k} floats, got {b.Length}."
        );
        _pointer = GemmDriver.Aligned(ref _buffer, PackedLength(isa, k, n));
        fixed (float* pb = b)
        {
            // A·Bᵀ reads B(p, j) = b[j·k + p] (row stride 1, column stride k); A·B reads
            // B(p, j) = b[p·n + j] (row stride n, column stride 1).
            PackAll(isa, k, n, pb, transposed ? 1 : n, transposed ? k : 1, _pointer);
        }
        _k = k;
        _n = n;
        _isa = isa;
        Transposed = transposed;
    }

    /// <summary>
    /// Packs all of B (k × n, strides brs/bcs) in the blocks <see cref="GemmDriver"/>'s packed path
    /// reads: for each NC block of columns, for each k block (GemmDriver.KStep), ceil(nc/NR) panels.
    /// </summary>
    internal static void PackAll(
        SimdWidth isa,
        int k,
        int n,
        float* b,
        nint brs,
        nint bcs,
        float* dst
    )
    {
        var job = new PackAllJob(k, n, b, brs, bcs, dst);
        WidthDispatch.Run(isa, ref job);
    }

    /// <summary><see cref="PackAll(SimdWidth, int, int, float*, nint, nint, float*)"/>'s call at one width.</summary>
    private readonly struct PackAllJob(int k, int n, float* b, nint brs, nint bcs, float* dst)
        : IWidthJob
    {
        public void Run<TIsa, TVec>()
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => PackAll<TIsa, TVec>(k, n, b, brs, bcs, dst);
    }

    /// <summary>
    /// Where block (jc, pc) starts in <see cref="PackAll"/>'s layout: the full NC blocks before
    /// jc (NC is a multiple of every NR, so each holds NC·k floats), then the k blocks before pc.
    /// </summary>
    internal static nint BlockOffset(int jc, int pc, int nc, int k, int nr) =>
        (nint)jc * k + (nint)GemmDriver.RoundUp(nc, nr) * pc;

    /// <summary>Floats <see cref="PackAll"/> writes for a k × n B.</summary>
    internal static long PackedLength(SimdWidth isa, int k, int n)
    {
        int nr = 2 * Simd.Lanes(isa);
        long total = 0;
        for (int jc = 0; jc < n; jc += GemmDriver.NC)
        {
            total += (long)GemmDriver.RoundUp(Math.Min(GemmDriver.NC, n - jc), nr) * k;
        }
        return total;
    }

    private static void PackAll<TIsa, TVec>(int k, int n, float* b, nint brs, nint bcs, float* dst)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int nr = 2 * TIsa.Width;
        int kStep = GemmDriver.KStep(k);
        for (int jc = 0; jc < n; jc += GemmDriver.NC)
        {
            int nc = Math.Min(GemmDriver.NC, n - jc);
            for (int pc = 0; pc < k; pc += kStep)
            {
                int kc = Math.Min(kStep, k - pc);
                GemmPacking.PackB<TIsa, TVec>(
                    kc,
                    nc,
                    b + pc * brs + jc * bcs,
                    brs,
                    bcs,
                    dst + BlockOffset(jc, pc, nc, k, nr)
                );
            }
        }
    }
}
