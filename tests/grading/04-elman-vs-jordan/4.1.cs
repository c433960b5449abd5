// Hidden tests of exercise 4.1 (the Jordan step), checked against the library's JordanCell on
// random weights, and for the feedback path specifically.
[GradedTest(
    2,
    Message = "JordanStep must match the library's JordanCell (s = tanh(Wxh x + Wyh yPrev + bh), y = tanh(Why s + by))."
)]
void JordanStep_RandomWeights_MatchesLibraryCell(GradingContext ctx)
{
    const int I = 3,
        H = 4,
        O = 2;
    var cfg = new CellConfig(CellKind.Jordan, InputSize: I, HiddenSize: H) { OutputSize = O };
    var layout = new ParameterLayout();
    var slots = CellParameters.Declare(cfg, layout, "j.");
    var p = new ParameterSet<double>(layout);
    ctx.Rng.FillNormal<double>(p.Values);
    var x = new double[I];
    var yPrev = new double[O];
    ctx.Rng.FillNormal<double>(x);
    ctx.Rng.FillUniform<double>(yPrev, -1, 1);
    var y = new double[O];
    new JordanCell<double>(cfg, slots).Forward(
        p,
        1,
        x,
        yPrev,
        y,
        new JordanCache<double>(1, I, H, O)
    );
    double[,] M(Span<double> v, int r, int c)
    {
        var m = new double[r, c];
        for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++)
            m[i, j] = v[i * c + j];
        return m;
    }
    var (_, mine) = JordanStep(
        M(p.Value(slots.Wx), H, I),
        M(p.Value(slots.Wh), H, O),
        p.Value(slots.Bh).ToArray(),
        M(p.Value(slots.Why!), O, H),
        p.Value(slots.By!).ToArray(),
        x,
        yPrev
    );
    Check.AllClose<double>(y, mine, what: "y");
}

[GradedTest(
    1,
    Message = "The previous OUTPUT must enter through Wyh: changing yPrev must change s."
)]
void JordanStep_FeedbackPath_UsesYPrev()
{
    var Wyh = new double[2, 1]
    {
        { 1.0 },
        { -2.0 },
    };
    var (s0, _) = JordanStep(
        new double[2, 1],
        Wyh,
        new double[2],
        new double[1, 2],
        new double[1],
        new[] { 0.0 },
        new[] { 0.0 }
    );
    var (s1, _) = JordanStep(
        new double[2, 1],
        Wyh,
        new double[2],
        new double[1, 2],
        new double[1],
        new[] { 0.0 },
        new[] { 0.5 }
    );
    Check.AllClose<double>(new double[2], s0, what: "s with yPrev = 0");
    Check.Close(Math.Tanh(0.5), s1[0], what: "s[0] with yPrev = 0.5");
    Check.Close(Math.Tanh(-1.0), s1[1], what: "s[1] with yPrev = 0.5");
}
