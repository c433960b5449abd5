// A fully connected layer over rows, the building block the topologies share: the MLP baseline's
// layers, and the readout o = W h + b applied to every row (a time-distributed readout when the
// rows are the T·B steps of a sequence batch).
// Shapes: x (N × In), W (Out × In), b (Out), y (N × Out), with N rows (B, or T·B).
// Backward: dW += dyᵀ x, db += Σ_rows dy, dx = dy W.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Models;

/// <summary>y = x Wᵀ + b over rows, parameters <c>{prefix}W</c> (Out × In) and <c>{prefix}b</c> (Out) in a shared layout.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Dense<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Declares <c>{prefix}W</c> and <c>{prefix}b</c> in <paramref name="layout"/>.</summary>
    public Dense(ParameterLayout layout, string prefix, int inputs, int outputs)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ShapeCheck.PositiveSize(inputs, $"{prefix} inputs");
        ShapeCheck.PositiveSize(outputs, $"{prefix} outputs");
        Inputs = inputs;
        Outputs = outputs;
        W = layout.Add(prefix + "W", outputs, inputs);
        B = layout.Add(prefix + "b", outputs);
    }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Output width.</summary>
    public int Outputs { get; }

    /// <summary>The weight block (Out × In).</summary>
    public ParameterSlot W { get; }

    /// <summary>The bias block (Out).</summary>
    public ParameterSlot B { get; }

    /// <summary>Xavier-uniform W (Glorot &amp; Bengio 2010), zero b.</summary>
    public void Initialize(ParameterSet<T> p, Rng rng)
    {
        rng.FillXavier(p.Value(W), Inputs, Outputs);
        p.Value(B).Clear();
    }

    /// <summary>y = x Wᵀ + b for <paramref name="rows"/> rows.</summary>
    public void Forward(ParameterSet<T> p, int rows, ReadOnlySpan<T> x, Span<T> y)
    {
        ShapeCheck.Matrix(x.Length, rows, Inputs, "x");
        ShapeCheck.Matrix(y.Length, rows, Outputs, "y");
        MatOps.ABt(rows, Inputs, Outputs, x, p.Value(W), y);
        ReadOnlySpan<T> b = p.Value(B);
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * Outputs, Outputs);
            for (int j = 0; j < Outputs; j++)
            {
                yr[j] += b[j];
            }
        }
    }

    /// <summary>Adds dW = dyᵀ x and db = Σ dy to the gradients; writes dx = dy W when <paramref name="dx"/> is not empty.</summary>
    public void Backward(
        ParameterSet<T> p,
        int rows,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> dy,
        Span<T> dx
    )
    {
        ShapeCheck.Matrix(x.Length, rows, Inputs, "x");
        ShapeCheck.Matrix(dy.Length, rows, Outputs, "dy");
        MatOps.AtB(Outputs, rows, Inputs, dy, x, p.Grad(W), accumulate: true);
        Span<T> db = p.Grad(B);
        for (int r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * Outputs, Outputs);
            for (int j = 0; j < Outputs; j++)
            {
                db[j] += dyr[j];
            }
        }
        if (!dx.IsEmpty)
        {
            ShapeCheck.Matrix(dx.Length, rows, Inputs, "dx");
            MatOps.AB(rows, Outputs, Inputs, dy, p.Value(W), dx);
        }
    }
}
