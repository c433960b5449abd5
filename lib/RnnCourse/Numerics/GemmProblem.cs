// One GEMM as the driver sees it: sizes, operand pointers with their strides, the destination,
// and the kernel choices (width, tile height, small-m path, prepacked B). Every variant (A·B,
// A·Bᵀ, Aᵀ·B) is this strided product; splitting a product for threads is taking its rows or
// columns (Rows, Columns).
namespace RnnCourse.Numerics;

/// <summary>A strided product C[m×n] (+)= A(i, p)·B(p, j); see <see cref="GemmPacking"/> for the strides.</summary>
internal unsafe struct GemmProblem
{
    public int M;
    public int N;
    public int K;
    public float* A;
    public nint Ars;
    public nint Acs;
    public float* B;
    public nint Brs;
    public nint Bcs;
    public float* C;
    public nint Ldc;
    public bool Accumulate;
    public SimdWidth Isa;

    /// <summary>
    /// Use the small-m kernels. Decided once for the whole product, before any split, so a
    /// half never changes kernel (and summation order) because it has fewer rows.
    /// </summary>
    public bool Small;

    /// <summary>
    /// Rows of the packed path's micro-tile (MR): <see cref="GemmDriver.TileRows"/> for this
    /// machine, or forced (tests run the 16-register tile on a 32-register machine).
    /// </summary>
    public int TileRows;

    /// <summary>B already packed for this ISA (a <see cref="PackedB"/>), or null to pack per call.</summary>
    public float* Prepacked;

    /// <summary>The sub-product computing columns j0..j1 of C.</summary>
    public readonly GemmProblem Columns(int j0, int j1) =>
        this with
        {
            N = j1 - j0,
            B = B + j0 * Bcs,
            C = C + j0,
        };

    /// <summary>The sub-product computing rows i0..i1 of C.</summary>
    public readonly GemmProblem Rows(int i0, int i1) =>
        this with
        {
            M = i1 - i0,
            A = A + i0 * Ars,
            C = C + i0 * Ldc,
        };
}
