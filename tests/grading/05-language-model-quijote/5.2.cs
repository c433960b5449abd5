// Hidden tests of exercise 5.2 (sampling with a temperature).
double[] SoftmaxOver(float[] z, double tau)
{
    double max = z.Max();
    var e = z.Select(v => Math.Exp((v - max) / tau)).ToArray();
    double sum = e.Sum();
    return e.Select(v => v / sum).ToArray();
}

[GradedTest(
    2,
    Message = "Draw frequencies must match softmax(z / τ) for τ = 0.5, 1 and 2 (20 000 draws each)."
)]
void SampleWithTemperature_Frequencies_MatchSoftmax(GradingContext ctx)
{
    var z = new float[] { 1.0f, 0.2f, -0.5f, 0.7f, -1.5f };
    foreach (double tau in new[] { 0.5, 1.0, 2.0 })
    {
        var counts = new int[z.Length];
        for (int i = 0; i < 20000; i++)
            counts[SampleWithTemperature(z, tau, ctx.Rng)]++;
        var p = SoftmaxOver(z, tau);
        for (int j = 0; j < z.Length; j++)
        {
            Check.Close(
                p[j],
                counts[j] / 20000.0,
                atol: 0.015,
                rtol: 0,
                what: $"frequency of index {j} at τ = {tau}"
            );
        }
    }
}

[GradedTest(1, Message = "Large scores must not overflow: subtract the maximum before Math.Exp.")]
void SampleWithTemperature_LargeScores_NoOverflow(GradingContext ctx)
{
    var z = new float[] { 900f, 1000f, 0f };
    for (int i = 0; i < 100; i++)
        Check.Equal(1, SampleWithTemperature(z, 1.0, ctx.Rng), "draw with scores (900, 1000, 0)");
    int ones = 0;
    for (int i = 0; i < 2000; i++)
        ones += SampleWithTemperature(new float[] { 800f, 800f }, 1.0, ctx.Rng);
    Check.Close(0.5, ones / 2000.0, atol: 0.06, what: "share of index 1 with scores (800, 800)");
}

[GradedTest(
    1,
    Message = "Use only the rng you are given: the same seed must give the same draws, another seed other draws."
)]
void SampleWithTemperature_SameSeed_SameDraws()
{
    var z = new float[] { 0.3f, 0.1f, 0.2f, 0.0f, 0.25f, 0.15f };
    int[] Draws(ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, 40).Select(_ => SampleWithTemperature(z, 1.0, rng)).ToArray();
    }
    Check.True(Draws(3).SequenceEqual(Draws(3)), "two runs with seed 3 give the same 40 draws");
    Check.True(!Draws(3).SequenceEqual(Draws(4)), "seeds 3 and 4 give different draws");
}

[GradedTest(1, Message = "τ ≤ 0 (or infinite) must throw an ArgumentOutOfRangeException.")]
void SampleWithTemperature_BadTemperature_Throws()
{
    var rng = new Rng(1);
    Check.Throws<ArgumentOutOfRangeException>(
        () => SampleWithTemperature(new float[] { 1f, 2f }, 0, rng),
        "τ = 0"
    );
    Check.Throws<ArgumentOutOfRangeException>(
        () => SampleWithTemperature(new float[] { 1f, 2f }, -1, rng),
        "τ = −1"
    );
    Check.Throws<ArgumentOutOfRangeException>(
        () => SampleWithTemperature(new float[] { 1f, 2f }, double.PositiveInfinity, rng),
        "τ = ∞"
    );
}
