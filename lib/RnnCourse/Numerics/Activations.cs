// Elementwise nonlinearities and their derivatives, written in terms of the forward *output*
// (y = f(x)) where that is how BPTT uses them: tanh'(x) = 1 − y², σ'(x) = y(1 − y).
// Generic over float/double; TensorPrimitives supplies the vectorized bodies.
using System.Numerics.Tensors;

namespace RnnCourse.Numerics;

/// <summary>The hidden nonlinearity of an Elman or Jordan cell.</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent, the classic choice: bounded, zero-centred.</summary>
    Tanh,

    /// <summary>Rectified linear unit: unbounded, prone to exploding without clipping.</summary>
    Relu,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,

    /// <summary>No nonlinearity (a linear dynamical system).</summary>
    Identity,
}

/// <summary>Activation functions with derivatives. Spans in, destination last.</summary>
public static class Activations
{
    /// <summary>y[i] = tanh(x[i]).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, y);

    /// <summary>y[i] = 1 / (1 + e^(−x[i])).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // TensorPrimitives.Sigmoid rejects empty spans; an empty batch is valid here.
        if (x.Length > 0)
        {
            TensorPrimitives.Sigmoid(x, y);
        }
    }

    /// <summary>y[i] = max(0, x[i]).</summary>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, T.Zero, y);

    /// <summary>Applies <paramref name="f"/> elementwise: y = f(x).</summary>
    public static void Apply<T>(Activation f, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.SameLength(x.Length, y.Length, "x", "y");
        switch (f)
        {
            case Activation.Tanh:
                Tanh(x, y);
                break;
            case Activation.Relu:
                Relu(x, y);
                break;
            case Activation.Sigmoid:
                Sigmoid(x, y);
                break;
            case Activation.Identity:
                x.CopyTo(y);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(f), f, "Unknown activation.");
        }
    }

    /// <summary>
    /// Backward through y = f(x) given the forward output y: dx[i] = dy[i] · f'(x[i]), where
    /// tanh' = 1 − y², σ' = y(1 − y), ReLU' = [y &gt; 0], identity' = 1.
    /// </summary>
    public static void Backward<T>(Activation f, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.SameLength(y.Length, dy.Length, "y", "dy");
        ShapeCheck.SameLength(y.Length, dx.Length, "y", "dx");
        for (int i = 0; i < y.Length; i++)
        {
            T yi = y[i];
            dx[i] = f switch
            {
                Activation.Tanh => dy[i] * (T.One - yi * yi),
                Activation.Sigmoid => dy[i] * yi * (T.One - yi),
                Activation.Relu => yi > T.Zero ? dy[i] : T.Zero,
                Activation.Identity => dy[i],
                _ => throw new ArgumentOutOfRangeException(nameof(f), f, "Unknown activation."),
            };
        }
    }

    /// <summary>
    /// Row-wise softmax of a (rows × cols) matrix: p[r,j] = e^(z[r,j] − max_r) / Σ_k e^(z[r,k] − max_r).
    /// The max is subtracted first (TensorPrimitives.SoftMax does not, and overflows at z ≈ 89 in float).
    /// </summary>
    public static void Softmax<T>(int rows, int cols, ReadOnlySpan<T> z, Span<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LogSoftmax(rows, cols, z, p);
        TensorPrimitives.Exp(p.Slice(0, rows * cols), p.Slice(0, rows * cols));
    }

    /// <summary>Row-wise log-softmax: l[r,j] = z[r,j] − max_r − log Σ_k e^(z[r,k] − max_r). Stable for large logits.</summary>
    public static void LogSoftmax<T>(int rows, int cols, ReadOnlySpan<T> z, Span<T> logp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.Matrix(z.Length, rows, cols, "z");
        ShapeCheck.Matrix(logp.Length, rows, cols, "logp");
        for (int r = 0; r < rows; r++)
        {
            var zr = z.Slice(r * cols, cols);
            var lr = logp.Slice(r * cols, cols);
            if (cols == 0)
            {
                continue;
            }
            T max = TensorPrimitives.Max(zr);
            T sum = T.Zero;
            if (zr.Overlaps(lr))
            {
                // In place: no scratch row, so the exponentials are summed one by one.
                TensorPrimitives.Subtract(zr, max, lr);
                foreach (T v in lr)
                {
                    sum += T.Exp(v);
                }
                TensorPrimitives.Subtract(lr, T.Log(sum), lr);
                continue;
            }
            // Σ e^(z − max) with the vector exp, using the output row as scratch.
            TensorPrimitives.Subtract(zr, max, lr);
            TensorPrimitives.Exp(lr, lr);
            sum = TensorPrimitives.Sum<T>(lr);
            TensorPrimitives.Subtract(zr, max + T.Log(sum), lr);
        }
    }

    /// <summary>
    /// Softmax cross-entropy over rows with integer targets, averaged over the rows that count.
    /// loss = −(1/N) Σ_r log p[r, target_r]; dz[r] = (p[r] − onehot(target_r)) / N.
    /// A target of −1 marks a padded row: it adds nothing to the loss or the gradient.
    /// Returns the mean loss; <paramref name="dz"/> receives ∂loss/∂z.
    /// </summary>
    public static T SoftmaxCrossEntropy<T>(
        int rows,
        int cols,
        ReadOnlySpan<T> z,
        ReadOnlySpan<int> targets,
        Span<T> dz
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.Matrix(z.Length, rows, cols, "z");
        ShapeCheck.Matrix(dz.Length, rows, cols, "dz");
        ShapeCheck.SameLength(rows, targets.Length, "rows of z", "targets");
        int counted = CountTargets(targets, cols);
        T scale = counted == 0 ? T.Zero : T.One / T.CreateChecked(counted);
        return SoftmaxCrossEntropySum(rows, cols, z, targets, dz, scale) * scale;
    }

    /// <summary>Rows with a target (≥ 0); a target ≥ <paramref name="cols"/> is an error that names the range.</summary>
    internal static int CountTargets(ReadOnlySpan<int> targets, int cols)
    {
        int counted = 0;
        foreach (int t in targets)
        {
            ShapeCheck.InvalidIf(
                t >= cols,
                $"Target {t} is outside the {cols} classes (valid: 0..{cols - 1}, or −1 for padding).",
                nameof(targets)
            );
            if (t >= 0)
            {
                counted++;
            }
        }
        return counted;
    }

    /// <summary>
    /// The rows' part of <see cref="SoftmaxCrossEntropy{T}"/> with the averaging factor given:
    /// returns Σ_r −log p[r, target_r] (unscaled) and writes dz[r] = (p[r] − onehot) · scale.
    /// Row blocks of one batch can then run on different threads and be summed in a fixed order.
    /// </summary>
    internal static T SoftmaxCrossEntropySum<T>(
        int rows,
        int cols,
        ReadOnlySpan<T> z,
        ReadOnlySpan<int> targets,
        Span<T> dz,
        T scale
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One vector exp per logit: e = e^(z − max) in dz, then −log p_t = log Σe − (z_t − max)
        // and dz = e · (scale / Σe) − scale·onehot(t).
        T loss = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            var row = dz.Slice(r * cols, cols);
            int t = targets[r];
            if (t < 0 || cols == 0)
            {
                row.Clear();
                continue;
            }
            var zr = z.Slice(r * cols, cols);
            T max = TensorPrimitives.Max(zr);
            T zt = zr[t]; // read first: z and dz may be the same buffer
            TensorPrimitives.Subtract(zr, max, row);
            TensorPrimitives.Exp(row, row);
            T sum = TensorPrimitives.Sum<T>(row);
            loss += T.Log(sum) - (zt - max);
            TensorPrimitives.Multiply(row, scale / sum, row);
            row[t] -= scale;
        }
        return loss;
    }
}
