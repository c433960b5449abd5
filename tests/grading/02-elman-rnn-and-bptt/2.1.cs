// Hidden tests of exercise 2.1 (one forward step of the Elman RNN).
[GradedTest(
    2,
    Message = "StepForward must compute h = tanh(Wxh x + Whh hPrev + bh) and o = Why h + by."
)]
void StepForward_RandomWeights_MatchesEquations(GradingContext ctx)
{
    var w = ElmanWeights.Random(5, 4, ctx.Rng);
    ctx.Rng.FillNormal<double>(w.bh.Span);
    ctx.Rng.FillNormal<double>(w.by.Span);
    var x = OneHot(3, 5);
    var hPrev = new double[4];
    ctx.Rng.FillNormal<double>(hPrev);
    var (h, o) = StepForward(w, x, hPrev);
    for (int i = 0; i < 4; i++)
    {
        double a = w.bh[i] + w.Wxh[i, 3];
        for (int j = 0; j < 4; j++)
            a += w.Whh[i, j] * hPrev[j];
        Check.Close(Math.Tanh(a), h[i], what: $"h[{i}]");
    }
    for (int k = 0; k < 5; k++)
    {
        double s = w.by[k];
        for (int i = 0; i < 4; i++)
            s +=
                w.Why[k, i]
                * Math.Tanh(
                    w.bh[i] + w.Wxh[i, 3] + Enumerable.Range(0, 4).Sum(j => w.Whh[i, j] * hPrev[j])
                );
        Check.Close(s, o[k], what: $"o[{k}]");
    }
}

[GradedTest(1, Message = "StepForward must use the whole input vector, not only a one-hot index.")]
void StepForward_DenseInput_UsesEveryColumn()
{
    var w = new ElmanWeights(3, 2);
    w.Wxh[0, 0] = 0.1;
    w.Wxh[0, 1] = 0.2;
    w.Wxh[0, 2] = 0.3;
    var (h, _) = StepForward(w, new[] { 1.0, 1.0, 1.0 }, new double[2]);
    Check.Close(Math.Tanh(0.6), h[0], what: "h[0] for x = (1, 1, 1)");
}
