// Hidden tests of exercise 2.2 (one backward step): checked against finite differences of a
// random linear functional L = Σ dh ⊙ h(x, hPrev; Wxh, Whh, bh).
double StepLoss(ElmanWeights w, double[] x, double[] hPrev, double[] dh) =>
    StepForward(w, x, hPrev).h.Zip(dh, (a, b) => a * b).Sum();

[GradedTest(1, Message = "dWxh, dWhh and dbh must match finite differences of Σ dh ⊙ h.")]
void StepBackward_ParameterGradients_MatchFiniteDifferences(GradingContext ctx)
{
    var w = ElmanWeights.Random(4, 3, ctx.Rng);
    var x = new double[4];
    var hPrev = new double[3];
    var dh = new double[3];
    ctx.Rng.FillNormal<double>(x);
    ctx.Rng.FillNormal<double>(hPrev);
    ctx.Rng.FillNormal<double>(dh);
    var (h, _) = StepForward(w, x, hPrev);
    var g = w.Grads();
    StepBackward(w, g, x, hPrev, h, dh);
    Check.Gradient(_ => StepLoss(w, x, hPrev, dh), w.Wxh, g.Wxh, what: "dWxh");
    Check.Gradient(_ => StepLoss(w, x, hPrev, dh), w.Whh, g.Whh, what: "dWhh");
    Check.Gradient(_ => StepLoss(w, x, hPrev, dh), w.bh, g.bh, what: "dbh");
}

[GradedTest(1, Message = "dhPrev must be Whhᵀ (dh ⊙ (1 − h²)).")]
void StepBackward_DhPrev_MatchesFiniteDifferences(GradingContext ctx)
{
    var w = ElmanWeights.Random(4, 3, ctx.Rng);
    var x = new double[4];
    var hPrevData = new double[3];
    var dh = new double[3];
    ctx.Rng.FillNormal<double>(x);
    ctx.Rng.FillNormal<double>(hPrevData);
    ctx.Rng.FillNormal<double>(dh);
    var hPrev = Tensor<double>.From(hPrevData, 3);
    var (h, _) = StepForward(w, x, hPrev.Data);
    var dhPrev = StepBackward(w, w.Grads(), x, hPrev.Data, h, dh);
    Check.Gradient(
        t => StepLoss(w, x, t.Data, dh),
        hPrev,
        Tensor<double>.From(dhPrev, 3),
        what: "dhPrev"
    );
}

[GradedTest(
    1,
    Message = "StepBackward must ADD to the gradients (+=), so that BPTT can sum over time."
)]
void StepBackward_CalledTwice_Accumulates(GradingContext ctx)
{
    var w = ElmanWeights.Random(4, 3, ctx.Rng);
    var x = OneHot(1, 4);
    var hPrev = new double[] { 0.2, -0.1, 0.4 };
    var dh = new double[] { 1, -1, 0.5 };
    var (h, _) = StepForward(w, x, hPrev);
    var once = w.Grads();
    StepBackward(w, once, x, hPrev, h, dh);
    var twice = w.Grads();
    StepBackward(w, twice, x, hPrev, h, dh);
    StepBackward(w, twice, x, hPrev, h, dh);
    Check.AllClose<double>(
        once.Whh.Data.Select(v => 2 * v).ToArray(),
        twice.Whh.Data,
        what: "dWhh after two calls"
    );
}
