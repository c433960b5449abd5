// Hidden tests of exercise 2.3 (BPTT over a sequence): every parameter gradient is compared with
// centred finite differences of the total loss E.
[GradedTest(
    2,
    Message = "Every gradient of E (dWxh, dWhh, dbh, dWhy, dby) must match finite differences."
)]
void Bptt_AllGradients_MatchFiniteDifferences(GradingContext ctx)
{
    var w = ElmanWeights.Random(5, 4, ctx.Rng);
    int[] inputs =  { 0, 3, 1, 4, 2 },
        targets =  { 3, 1, 4, 2, 0 };
    var h0 = new double[4];
    ctx.Rng.FillNormal<double>(h0, 0, 0.5);
    var g = w.Grads();
    Bptt(w, g, inputs, targets, h0);
    var grads = g.All().ToDictionary(p => p.Name, p => p.Value);
    foreach (var (name, value) in w.All())
    {
        Check.Gradient(
            _ => Bptt(w, w.Grads(), inputs, targets, h0),
            value,
            grads[name],
            what: "d" + name
        );
    }
}

[GradedTest(
    1,
    Message = "E must be the SUM of the per-step cross-entropies, using h0 as the initial state."
)]
void Bptt_Loss_IsSumOfStepLosses(GradingContext ctx)
{
    var w = ElmanWeights.Random(4, 3, ctx.Rng);
    var h0 = new double[] { 0.5, -0.5, 0.25 };
    int[] inputs =  { 1, 2 },
        targets =  { 2, 3 };
    var (h1, o1) = StepForward(w, OneHot(1, 4), h0);
    var (_, o2) = StepForward(w, OneHot(2, 4), h1);
    double expected = -Math.Log(Softmax(o1)[2]) - Math.Log(Softmax(o2)[3]);
    Check.Close(expected, Bptt(w, w.Grads(), inputs, targets, h0), what: "E");
}

[GradedTest(
    1,
    Message = "A one-step sequence has no future: its gradients come from the readout alone."
)]
void Bptt_SingleStep_MatchesFiniteDifferences(GradingContext ctx)
{
    var w = ElmanWeights.Random(3, 2, ctx.Rng);
    var h0 = new double[2];
    var g = w.Grads();
    Bptt(w, g, new[] { 1 }, new[] { 2 }, h0);
    Check.Gradient(
        _ => Bptt(w, w.Grads(), new[] { 1 }, new[] { 2 }, h0),
        w.Whh,
        g.Whh,
        what: "dWhh (T = 1)"
    );
    Check.Gradient(
        _ => Bptt(w, w.Grads(), new[] { 1 }, new[] { 2 }, h0),
        w.Wxh,
        g.Wxh,
        what: "dWxh (T = 1)"
    );
}
