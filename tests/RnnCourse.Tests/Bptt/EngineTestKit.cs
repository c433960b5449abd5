// Shared helpers for the engine tests: the engines under test (by name, for xunit theories),
// seeded random problems, the double-precision oracle, and a max-norm relative comparison.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt;

/// <summary>One recurrent layer's parameters and engines for a test problem.</summary>
internal sealed class EngineProblem
{
    public required CellConfig Config { get; init; }
    public required CellSlots Slots { get; init; }
    public required ParameterSet<float> P { get; init; }
}

internal static class EngineTestKit
{
    /// <summary>The float32 engines every equivalence test runs.</summary>
    public static readonly string[] EngineNames =
    [
        "reference",
        "fused",
        "fused-1thread",
        "fused-split",
    ];

    public static TheoryData<string> Engines()
    {
        var d = new TheoryData<string>();
        foreach (var n in EngineNames)
        {
            d.Add(n);
        }
        return d;
    }

    /// <summary>Creates the engine named <paramref name="name"/>.</summary>
    public static IRecurrentEngine<float> Create(string name, CellConfig config, CellSlots slots) =>
        name switch
        {
            "reference" => new ReferenceEngine<float>(config, slots),
            "fused" => new FusedEngine(config, slots),
            "fused-1thread" => new FusedEngine(
                config,
                slots,
                new FusedEngineOptions { MaxThreads = 1 }
            ),
            // Split the batch over two cores even for tiny batches, to exercise that path.
            "fused-split" => new FusedEngine(
                config,
                slots,
                new FusedEngineOptions { ParallelBatch = 2 }
            ),
            // One SIMD width ("fused-V256", "fused-V128", "fused-Scalar"), on two threads even
            // for tiny batches: the kernels of CPUs narrower than this one.
            _ when name.StartsWith("fused-V") || name == "fused-Scalar" => new FusedEngine(
                config,
                slots,
                new FusedEngineOptions
                {
                    Width = Enum.Parse<SimdWidth>(name["fused-".Length..]),
                    ParallelBatch = 2,
                }
            ),
            _ => throw new ArgumentException(name),
        };

    /// <summary>Declares one cell's parameters under <paramref name="prefix"/> and fills them U(−0.5, 0.5).</summary>
    public static CellSlots Declare(CellConfig config, ParameterLayout layout, string prefix) =>
        CellParameters.Declare(config, layout, prefix);

    public static void FillRandom(ParameterSet<float> p, Rng rng) =>
        rng.FillUniform<float>(p.Values, -0.5, 0.5);

    public static Tensor<float> RandomTensor(Rng rng, params int[] shape)
    {
        var t = Tensor<float>.Zeros(shape);
        rng.FillUniform<float>(t.Span, -1, 1);
        return t;
    }

    public static Tensor<double> ToDouble(Tensor<float> t)
    {
        var d = Tensor<double>.Zeros(t.Shape.ToArray());
        for (int i = 0; i < t.Length; i++)
        {
            d.Data[i] = t.Data[i];
        }
        return d;
    }

    public static RecurrentState<double>? ToDouble(RecurrentState<float>? s) =>
        s is null ? null : new(ToDouble(s.H), s.C is null ? null : ToDouble(s.C));

    /// <summary>A state filled U(−1, 1) for batch <paramref name="batch"/>.</summary>
    public static RecurrentState<float> RandomState(Rng rng, CellConfig config, int batch) =>
        new(
            RandomTensor(rng, batch, config.StateSize),
            config.HasMemory ? RandomTensor(rng, batch, config.HiddenSize) : null
        );

    /// <summary>Random token ids in 0..V−1, with −1 at a few positions when <paramref name="padIds"/>.</summary>
    public static TokenIds RandomTokens(Rng rng, int steps, int batch, int vocab, bool padIds)
    {
        var ids = new int[steps * batch];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = padIds && k % 7 == 3 ? -1 : rng.NextInt(vocab);
        }
        return new TokenIds(ids, steps, batch);
    }

    /// <summary>
    /// Asserts max|a − b| ≤ tol · max(max|b|, floor): a max-norm relative error, which is what
    /// float32 accumulation guarantees (a per-element relative error is meaningless near zero).
    /// </summary>
    public static void Close(
        ReadOnlySpan<float> actual,
        ReadOnlySpan<double> expected,
        string what,
        double tol = 1e-5
    )
    {
        Assert.True(
            actual.Length == expected.Length,
            $"{what}: length {actual.Length} vs {expected.Length}"
        );
        double maxDiff = 0,
            maxRef = 0;
        int worst = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = Math.Abs(actual[i] - expected[i]);
            if (!(d <= maxDiff))
            {
                maxDiff = d;
                worst = i;
            }
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }
        double scale = Math.Max(maxRef, 1e-3);
        Assert.True(
            maxDiff <= tol * scale,
            $"{what}: max |diff| {maxDiff:E3} at {worst} (got {(worst >= 0 ? actual[worst] : 0)}, want {(worst >= 0 ? expected[worst] : 0)}) exceeds {tol:E1} × {scale:E3}"
        );
    }

    /// <summary>Compares every gradient block of two parameter sets, naming the block that differs.</summary>
    public static void GradsClose(ParameterSet<float> actual, ParameterSet<double> expected)
    {
        foreach (var slot in actual.Layout.Slots)
        {
            Close(actual.Grad(slot), expected.Grad(slot), "grad " + slot.Name);
        }
    }
}
