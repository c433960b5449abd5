using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>
/// A test model with a known answer: batch k pulls θ towards target k,
/// loss_k = ½ Σᵢ aᵢ (θᵢ − c_kᵢ)². The mean over batches is minimised at the mean target.
/// </summary>
internal sealed class QuadraticModel : ITrainableModel<double, int>
{
    public static readonly double[] Curvature = [1, 3, 10];
    public static readonly double[][] Targets =
    [
        [1, 2, 3],
        [3, 2, 1],
        [2, 0, 2],
        [2, 4, 2],
    ];

    public QuadraticModel(double start = 0)
    {
        var layout = new ParameterLayout();
        layout.Add("a", 2);
        layout.Add("b", 1);
        Parameters = new ParameterSet<double>(layout);
        Parameters.Values.AsSpan().Fill(start);
    }

    public ParameterSet<double> Parameters { get; }

    /// <summary>If set, the loss returned at this call index (0-based) is this value.</summary>
    public (int Call, double Loss)? Poison { get; set; }

    public int Calls { get; private set; }

    public double ComputeLossAndGradients(int batch)
    {
        double loss = 0;
        var c = Targets[batch];
        for (int i = 0; i < 3; i++)
        {
            double d = Parameters.Values[i] - c[i];
            loss += 0.5 * Curvature[i] * d * d;
            Parameters.Grads[i] += Curvature[i] * d;
        }
        int call = Calls++;
        return Poison is { } p && p.Call == call ? p.Loss : loss;
    }

    public static IReadOnlyList<int> Batches => [0, 1, 2, 3];
}
