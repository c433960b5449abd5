// Why RNN gradients vanish or explode, in one number: backpropagating through T steps of a linear
// recurrence multiplies by W_hhᵀ T times, so the gradient scales like ρ(W_hh)^T, where ρ is the
// spectral radius (largest |eigenvalue|) (Pascanu, Mikolov & Bengio 2013). With tanh, f' ≤ 1
// only shrinks it further: ρ < 1 is sufficient for vanishing gradients, ρ > 1 necessary for
// exploding ones. These helpers use MathNet.Numerics for the linear algebra: teaching code that
// reads like the mathematics, never on a hot path.
using MathNet.Numerics.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace RnnCourse.Cells;

/// <summary>Eigenvalues, spectral radius and spectral norm of a (recurrent) weight matrix.</summary>
public static class Spectral
{
    /// <summary>The matrix as a MathNet <see cref="Matrix{T}"/> of doubles (rows × cols, row-major input).</summary>
    public static Matrix<double> ToMatrix<T>(ReadOnlySpan<T> values, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Numerics.ShapeCheck.PositiveSize(rows, nameof(rows));
        Numerics.ShapeCheck.PositiveSize(cols, nameof(cols));
        Numerics.ShapeCheck.Matrix(values.Length, rows, cols, nameof(values));
        var m = Matrix<double>.Build.Dense(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                m[r, c] = double.CreateChecked(values[r * cols + c]);
            }
        }
        return m;
    }

    /// <summary>The eigenvalues of a square (n × n) matrix, e.g. W_hh (H × H).</summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static MathNet.Numerics.LinearAlgebra.Vector<Complex> Eigenvalues<T>(
        ReadOnlySpan<T> w,
        int n
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.InvalidIf(
            w.Length != n * n,
            $"w holds {w.Length} values, expected a square ({n}, {n}) matrix = {n * n}. The spectral radius is defined for W_hh (H × H).",
            nameof(w)
        );
        return ToMatrix(w, n, n).Evd().EigenValues;
    }

    /// <summary>ρ(W) = max |λ_i|: the spectral radius of a square (n × n) matrix.</summary>
    public static double Radius<T>(ReadOnlySpan<T> w, int n)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Eigenvalues(w, n).Select(l => l.Magnitude).Max();

    /// <summary>‖W‖₂ = σ_max, the largest singular value (an upper bound on ρ): the most one step can stretch a vector.</summary>
    public static double Norm<T>(ReadOnlySpan<T> w, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T> => ToMatrix(w, rows, cols).L2Norm();
}
