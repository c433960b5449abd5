// Hidden tests of exercise 7.2 (the cell-state backward), against the library's LstmCell.Backward
// (dcPrev directly; df through the forget-gate bias gradient df ⊙ f(1 − f)) and the path through h.
[GradedTest(
    2,
    Message = "dcPrev and df must match the library's LstmCell.Backward on random values."
)]
void CellStateBackward_RandomValues_MatchLibrary(GradingContext ctx)
{
    const int I = 2,
        H = 4;
    var cfg = new CellConfig(CellKind.Lstm, I, H);
    var layout = new ParameterLayout();
    var slots = CellParameters.Declare(cfg, layout);
    var p = new ParameterSet<double>(layout);
    ctx.Rng.FillNormal<double>(p.Values, 0, 0.7);
    double[] x = new double[I],
        hPrev = new double[H],
        cPrev = new double[H],
        dh = new double[H],
        dc = new double[H];
    foreach (var v in new[] { x, hPrev, cPrev, dh, dc })
        ctx.Rng.FillNormal<double>(v);
    var cell = new LstmCell<double>(cfg, slots);
    var cache = new LstmCache<double>(1, I, H);
    cell.Forward(p, 1, x, hPrev, cPrev, new double[H], new double[H], cache);
    var dcPrevLib = new double[H];
    cell.Backward(p, 1, cache, dh, dc, new double[I], new double[H], dcPrevLib);
    var f = cache.Gates[H..(2 * H)];
    var o = cache.Gates[(3 * H)..(4 * H)];
    var (dcPrev, df) = CellStateBackward(dc, dh, o, cache.TanhC, f, cPrev);
    Check.AllClose<double>(dcPrevLib, dcPrev, what: "dcPrev");
    var dbf = p.Grad(slots.Bh).Slice(H, H).ToArray();
    Check.AllClose<double>(
        dbf,
        df.Select((v, k) => v * f[k] * (1 - f[k])).ToArray(),
        what: "df ⊙ f(1 − f) (the forget-bias gradient)"
    );
}

[GradedTest(
    1,
    Message = "dh reaches the cell through h = o ⊙ tanh(c): add dh ⊙ o ⊙ (1 − tanh²c) to dc before multiplying by f."
)]
void CellStateBackward_OnlyHiddenGradient_GoesThroughOutputGate()
{
    var (dcPrev, df) = CellStateBackward(
        new[] { 0.0 },
        new[] { 2.0 },
        new[] { 0.5 },
        new[] { 0.6 },
        new[] { 0.8 },
        new[] { -1.5 }
    );
    double total = 2.0 * 0.5 * (1 - 0.36);
    Check.Close(total * 0.8, dcPrev[0], what: "dcPrev");
    Check.Close(total * -1.5, df[0], what: "df");
}
