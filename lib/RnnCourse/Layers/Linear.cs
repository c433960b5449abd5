// The readout: a linear map applied to every step independently ("time-distributed"),
//     o_t = Why h_t + by          (the seeds' o_t = V s_t + c: V = Why, c = by)
// Works on (T × B × H) sequences or (B × H) matrices (e.g. the last step for classification).
// Shapes: Why (O × H) in PyTorch nn.Linear layout (weight), by (O) (bias).

namespace RnnCourse.Layers;

/// <summary>y = x·Whyᵀ + by over the last dimension; the same weights at every step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Linear<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor<T>? _lastX;

    /// <summary>
    /// Declares <c>prefix + weightName</c> (<paramref name="outputSize"/> × <paramref name="inputSize"/>)
    /// and <c>prefix + biasName</c> (<paramref name="outputSize"/>).
    /// </summary>
    public Linear(
        int inputSize,
        int outputSize,
        ParameterLayout layout,
        string prefix = "",
        string weightName = "Why",
        string biasName = "by"
    )
    {
        ArgumentNullException.ThrowIfNull(layout);
        ShapeCheck.PositiveSize(inputSize, nameof(inputSize));
        ShapeCheck.PositiveSize(outputSize, nameof(outputSize));
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = layout.Add((prefix ?? "") + weightName, outputSize, inputSize);
        Bias = layout.Add((prefix ?? "") + biasName, outputSize);
    }

    /// <summary>In: the width of each input row (H).</summary>
    public int InputSize { get; }

    /// <summary>Out: the width of each output row (O, e.g. V for logits).</summary>
    public int OutputSize { get; }

    /// <summary>Why (O × In).</summary>
    public ParameterSlot Weight { get; }

    /// <summary>by (O).</summary>
    public ParameterSlot Bias { get; }

    /// <summary>Xavier-uniform weights (keeps the logits' scale near 1 at the start), zero bias.</summary>
    public void Initialize(ParameterSet<T> p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(rng);
        rng.FillXavier(p.Value(Weight), InputSize, OutputSize);
        p.Value(Bias).Clear();
    }

    /// <summary>x (…, In) → y (…, Out); remembers x for backward.</summary>
    public Tensor<T> Forward(ParameterSet<T> p, Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(p);
        int rows = RequireRows(x, InputSize, nameof(x));
        var shape = x.Shape.ToArray();
        shape[^1] = OutputSize;
        var y = Tensor<T>.Zeros(shape);
        CellMath.Affine<T>(
            rows,
            InputSize,
            OutputSize,
            x.Span,
            p.Value(Weight),
            p.Value(Bias),
            y.Span,
            false
        );
        _lastX = x;
        return y;
    }

    /// <summary>dy (…, Out) → dx (…, In); adds dWhy = dyᵀx and dby = Σ dy to <c>p.Grads</c>.</summary>
    public Tensor<T> Backward(ParameterSet<T> p, Tensor<T> dy)
    {
        ArgumentNullException.ThrowIfNull(p);
        var x =
            _lastX ?? throw new InvalidOperationException("Backward was called before Forward.");
        var expected = x.Shape.ToArray();
        expected[^1] = OutputSize;
        ArgumentNullException.ThrowIfNull(dy);
        dy.RequireShape(nameof(dy), expected);
        int rows = x.Length / InputSize;
        var dx = Tensor<T>.Zeros(x.Shape.ToArray());
        CellMath.AffineBackward<T>(
            rows,
            InputSize,
            OutputSize,
            x.Span,
            p.Value(Weight),
            dy.Span,
            p.Grad(Weight),
            p.Grad(Bias),
            dx.Span,
            false
        );
        return dx;
    }

    private static int RequireRows(Tensor<T> x, int width, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Rank < 2 || x.Shape[^1] != width || x.Length == 0)
        {
            var expected = x.Rank >= 2 ? x.Shape.ToArray() : [1, width];
            expected[^1] = width;
            throw new ArgumentException(
                $"{name} has shape {x.ShapeText}, expected {ShapeCheck.Format(expected)}: the last dimension must be the input width {width}, and no dimension may be 0.",
                name
            );
        }
        return x.Length / width;
    }
}
