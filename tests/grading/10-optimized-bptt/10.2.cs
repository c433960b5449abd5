// Hidden tests of exercise 10.2 (the fused LSTM gate pass for one row), checked against the
// library's LstmCell in double precision (Wx = Wh = 0 and bx = a make its pre-activations a).
[GradedTest(
    2,
    Message = "LstmGatePass must match LstmCell: gates in the order i, f, g, o; c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c)."
)]
void LstmGatePass_RandomRow_MatchesLibraryCell(GradingContext ctx)
{
    for (int trial = 0; trial < 3; trial++)
    {
        int H = 1 + ctx.Rng.NextInt(20);
        var a = new double[4 * H];
        var cPrev = new double[H];
        ctx.Rng.FillNormal<double>(a);
        ctx.Rng.FillNormal<double>(cPrev);
        var cfg = new CellConfig(CellKind.Lstm, InputSize: 1, HiddenSize: H);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cfg, layout);
        var p = new ParameterSet<double>(layout);
        a.CopyTo(p.Value(slots.Bx!));
        var h = new double[H];
        var c = new double[H];
        new LstmCell<double>(cfg, slots).Forward(
            p,
            1,
            new double[1],
            new double[H],
            cPrev,
            h,
            c,
            new LstmCache<double>(1, 1, H)
        );
        var (myC, myH) = LstmGatePass((double[])a.Clone(), (double[])cPrev.Clone());
        Check.AllClose<double>(c, myC, what: $"c (H = {H})");
        Check.AllClose<double>(h, myH, what: $"h (H = {H})");
    }
}

[GradedTest(
    1,
    Message = "The forget gate is the SECOND block of a (i, f, g, o): with a_f large and a_i very negative, c must stay ≈ cPrev."
)]
void LstmGatePass_ForgetGateOpen_KeepsMemory()
{
    // H = 1: i = σ(−30) ≈ 0, f = σ(30) ≈ 1, g = tanh(1), o = σ(0) = 1/2.
    var (c, h) = LstmGatePass(new double[] { -30, 30, 1, 0 }, new[] { 0.7 });
    Check.Close(0.7, c[0], atol: 1e-9, what: "c");
    Check.Close(0.5 * Math.Tanh(0.7), h[0], atol: 1e-9, what: "h");
}
