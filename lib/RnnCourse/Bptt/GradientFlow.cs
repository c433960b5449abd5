// How far a gradient travels back in time: the norms ‖∂L/∂h_t‖ (and, for an LSTM, ‖∂L/∂c_t‖)
// at every step when the loss reads only the last state, L = uᵀ h_T. This is the measurement behind
// "vanishing and exploding gradients" (Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio
// 2013): BPTT multiplies by one Jacobian per step, and these norms show the product's size.
// It is the reference engine's backward loop, run for one sequence, recording the state gradient
// the loop carries from step to step.
// Shapes: x (T × 1 × I), u (S); the results have T entries, index t − 1 for step t = 1…T.

namespace RnnCourse.Bptt;

/// <summary>
/// ‖∂L/∂h_t‖ and ‖∂L/∂c_t‖ for t = 1…T (index t − 1), for L = uᵀ h_T.
/// </summary>
/// <param name="H">‖∂L/∂h_t‖: the total gradient on h_t (through every later step and the loss).</param>
/// <param name="C">
/// ‖∂L/∂c_t‖ for an LSTM: the total gradient on the cell c_t, through the later cells and through
/// h_t = o_t ⊙ tanh(c_t). All zeros for cells without memory.
/// </param>
public sealed record StateGradientNorms(double[] H, double[] C);

/// <summary>Measures how the gradient of a last-step loss decays or grows back through time.</summary>
public static class GradientFlow
{
    /// <summary>
    /// Runs <paramref name="cell"/> over one sequence <paramref name="x"/> (T × 1 × I) from a zero
    /// state, then backpropagates L = uᵀ h_T and records the state-gradient norms at every step.
    /// The parameter gradients of <paramref name="p"/> are accumulated as a side effect.
    /// </summary>
    /// <exception cref="ArgumentException">x is not (T × 1 × I) or u does not have the state size.</exception>
    public static StateGradientNorms FromLastStep<T>(
        IRecurrentCell<T> cell,
        ParameterSet<T> p,
        Tensor<T> x,
        ReadOnlySpan<T> u
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(p);
        var (steps, batch) = EngineArgs.RequireInput(cell.Config, x);
        if (cell.Config.ProjectionSize > 0)
        {
            throw new NotSupportedException(
                $"GradientFlow measures ‖∂L/∂c_t‖ through an unprojected LSTM; ProjectionSize (PyTorch proj_size) is {cell.Config.ProjectionSize}. Measure a cell with ProjectionSize = 0."
            );
        }
        ShapeCheck.InvalidIf(
            batch != 1,
            $"x has shape {x.ShapeText}: GradientFlow measures one sequence, pass (T, 1, {cell.Config.InputSize}) (e.g. x.Slice a single column).",
            nameof(x)
        );
        int S = cell.Config.StateSize,
            H = cell.Config.HiddenSize,
            C = cell.Config.HasMemory ? H : 0;
        ShapeCheck.InvalidIf(
            u.Length != S,
            $"u has {u.Length} values but the state has S = {S}: L = uᵀ h_T needs one weight per state unit.",
            nameof(u)
        );

        var caches = new object[steps];
        T[] h = new T[S],
            c = new T[C];
        for (int t = 0; t < steps; t++)
        {
            T[] hNext = new T[S],
                cNext = new T[C];
            caches[t] = cell.CreateCache(1);
            cell.Step(p, 1, new CellStep<T>(x.Slice(t), h, c, hNext, cNext), caches[t]);
            (h, c) = (hNext, cNext);
        }

        double[] normH = new double[steps],
            normC = new double[steps];
        T[] dh = u.ToArray(),
            dc = new T[C];
        var dx = new T[cell.Config.InputSize];
        for (int t = steps - 1; t >= 0; t--)
        {
            // dh is ∂L/∂h at step t (0-based); dc is the part of ∂L/∂c arriving from the future.
            normH[t] = Norm(dh);
            if (caches[t] is LstmCache<T> lstm)
            {
                normC[t] = CellGradientNorm(lstm, dh, dc, H);
            }
            T[] dhPrev = new T[S],
                dcPrev = new T[C];
            cell.StepBackward(
                p,
                1,
                caches[t],
                new CellStepGradients<T>(dh, dc, dx, dhPrev, dcPrev)
            );
            (dh, dc) = (dhPrev, dcPrev);
        }
        return new StateGradientNorms(normH, normC);
    }

    /// <summary>‖dc + dh ⊙ o ⊙ (1 − tanh² c)‖: the total ∂L/∂c_t of an LSTM step (gates row [i f g o]).</summary>
    private static double CellGradientNorm<T>(
        LstmCache<T> cache,
        ReadOnlySpan<T> dh,
        ReadOnlySpan<T> dc,
        int hidden
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int k = 0; k < hidden; k++)
        {
            double o = double.CreateChecked(cache.Gates[3 * hidden + k]);
            double tanhC = double.CreateChecked(cache.TanhC[k]);
            double total =
                double.CreateChecked(dc[k]) + double.CreateChecked(dh[k]) * o * (1 - tanhC * tanhC);
            sum += total * total;
        }
        return Math.Sqrt(sum);
    }

    private static double Norm<T>(ReadOnlySpan<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var a in v)
        {
            double d = double.CreateChecked(a);
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
