// Hidden tests of exercise 7.1 (one LSTM step), against the library's LstmCell on random weights,
// and a case that pins PyTorch's gate order (i, f, g, o) and the use of both biases.
double[,] Ex71Matrix(ReadOnlySpan<double> v, int rows, int cols)
{
    var m = new double[rows, cols];
    for (int r = 0; r < rows; r++)
    for (int j = 0; j < cols; j++)
        m[r, j] = v[r * cols + j];
    return m;
}

[GradedTest(
    2,
    Message = "LstmStep must match the library's LstmCell: gates from Wx x + bx + Wh hPrev + bh, c = f⊙cPrev + i⊙g, h = o⊙tanh(c)."
)]
void LstmStep_RandomWeights_MatchesLibraryCell(GradingContext ctx)
{
    const int I = 3,
        H = 4;
    var cfg = new CellConfig(CellKind.Lstm, I, H);
    var layout = new ParameterLayout();
    var slots = CellParameters.Declare(cfg, layout);
    var p = new ParameterSet<double>(layout);
    ctx.Rng.FillNormal<double>(p.Values);
    double[] x = new double[I],
        hPrev = new double[H],
        cPrev = new double[H];
    ctx.Rng.FillNormal<double>(x);
    ctx.Rng.FillUniform<double>(hPrev, -1, 1);
    ctx.Rng.FillNormal<double>(cPrev);
    double[] h = new double[H],
        c = new double[H];
    new LstmCell<double>(cfg, slots).Forward(
        p,
        1,
        x,
        hPrev,
        cPrev,
        h,
        c,
        new LstmCache<double>(1, I, H)
    );
    var (mh, mc) = LstmStep(
        Ex71Matrix(p.Value(slots.Wx), 4 * H, I),
        Ex71Matrix(p.Value(slots.Wh), 4 * H, H),
        p.Value(slots.Bx!).ToArray(),
        p.Value(slots.Bh).ToArray(),
        x,
        hPrev,
        cPrev
    );
    Check.AllClose<double>(c, mc, what: "c");
    Check.AllClose<double>(h, mh, what: "h");
}

[GradedTest(
    1,
    Message = "Gate order is i, f, g, o (PyTorch), and both biases bx and bh enter every gate."
)]
void LstmStep_ForgetBiasOnly_KeepsSigmoidOfBiasTimesCell()
{
    // One unit, no weights: a_f = bx[f] + bh[f] = 1.5 + 0.5 = 2, a_g = 0 (so i ⊙ g = 0), a_o = bx[o] = −1.
    var bx = new[] { 0.0, 1.5, 0.0, -1.0 };
    var bh = new[] { 0.0, 0.5, 0.0, 0.0 };
    var (h, c) = LstmStep(
        new double[4, 1],
        new double[4, 1],
        bx,
        bh,
        new[] { 0.0 },
        new[] { 0.0 },
        new[] { 2.0 }
    );
    double f = 1 / (1 + Math.Exp(-2.0)),
        o = 1 / (1 + Math.Exp(1.0));
    Check.Close(f * 2.0, c[0], what: "c = σ(2)·cPrev");
    Check.Close(o * Math.Tanh(f * 2.0), h[0], what: "h = σ(−1)·tanh(c)");
}
