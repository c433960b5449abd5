// Hidden tests of exercise 9.1 (one GRU step, PyTorch formulation), checked against the
// library's GruCell on random weights, and for the placement of the reset gate specifically.
[GradedTest(
    2,
    Message = "GruStep must match the library's GruCell: r, z = σ(…), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h = (1 − z) ⊙ n + z ⊙ hPrev."
)]
void GruStep_RandomWeights_MatchesLibraryCell(GradingContext ctx)
{
    double[,] GruMatrix(Span<double> v, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            m[i, j] = v[i * cols + j];
        return m;
    }
    for (int trial = 0; trial < 3; trial++)
    {
        int I = 1 + ctx.Rng.NextInt(4),
            H = 1 + ctx.Rng.NextInt(5);
        var cfg = new CellConfig(CellKind.Gru, InputSize: I, HiddenSize: H);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cfg, layout);
        var p = new ParameterSet<double>(layout);
        ctx.Rng.FillNormal<double>(p.Values);
        var x = new double[I];
        var hPrev = new double[H];
        ctx.Rng.FillNormal<double>(x);
        ctx.Rng.FillUniform<double>(hPrev, -1, 1);
        var h = new double[H];
        new GruCell<double>(cfg, slots).Forward(p, 1, x, hPrev, h, new GruCache<double>(1, I, H));
        var mine = GruStep(
            GruMatrix(p.Value(slots.Wx), 3 * H, I),
            GruMatrix(p.Value(slots.Wh), 3 * H, H),
            p.Value(slots.Bx!).ToArray(),
            p.Value(slots.Bh).ToArray(),
            x,
            hPrev
        );
        Check.AllClose<double>(h, mine, what: $"h (I = {I}, H = {H})");
    }
}

[GradedTest(
    1,
    Message = "The reset gate multiplies the whole recurrent term W_hn h + b_hn (PyTorch), including the bias b_hn."
)]
void GruStep_ResetGate_MultipliesRecurrentBias()
{
    // H = 1, I = 1, h = 0: r = σ(b_hr) = σ(−2), z = σ(0) = 1/2, n = tanh(b_in + r·b_hn).
    var bx = new double[] { 0, 0, 0.3 };
    var bh = new double[] { -2, 0, 1.5 };
    var h = GruStep(new double[3, 1], new double[3, 1], bx, bh, new[] { 0.0 }, new[] { 0.0 });
    double r = 1 / (1 + Math.Exp(2.0));
    Check.Close(0.5 * Math.Tanh(0.3 + r * 1.5), h[0], what: "h");
}
