// Hidden tests of exercise 10.1 (the one-hot column gather), checked against the dense product
// X·Wxᵀ + b with X the one-hot expansion of the ids, on random shapes.
[GradedTest(
    2,
    Message = "GatherInput must equal the one-hot product: Xp[r, j] = Wx[j, ids[r]] + b[j], Wx row-major (GH × V), result row-major (n × GH)."
)]
void GatherInput_RandomIds_MatchesOneHotProduct(GradingContext ctx)
{
    for (int trial = 0; trial < 3; trial++)
    {
        int V = 2 + ctx.Rng.NextInt(10),
            GH = 1 + ctx.Rng.NextInt(12),
            n = 1 + ctx.Rng.NextInt(9);
        var Wx = new float[GH * V];
        var bias = new float[GH];
        ctx.Rng.FillNormal<float>(Wx);
        ctx.Rng.FillNormal<float>(bias);
        var ids = Enumerable.Range(0, n).Select(_ => ctx.Rng.NextInt(V)).ToArray();
        var expected = new float[n * GH];
        for (int r = 0; r < n; r++)
        for (int j = 0; j < GH; j++)
        {
            double sum = bias[j];
            for (int k = 0; k < V; k++)
                sum += Wx[j * V + k] * (k == ids[r] ? 1.0 : 0.0);
            expected[r * GH + j] = (float)sum;
        }
        Check.AllClose<float>(
            expected,
            GatherInput(Wx, GH, V, bias, ids),
            what: $"Xp (V = {V}, GH = {GH}, n = {n})"
        );
    }
}

[GradedTest(
    1,
    Message = "An id of −1 is an all-zero input (padding): its row must be exactly the bias."
)]
void GatherInput_PaddingId_GivesBias()
{
    var xp = GatherInput(
        new float[] { 1, 2, 3, 4, 5, 6 },
        2,
        3,
        new float[] { 10, 20 },
        new[] { -1, 1, -1 }
    );
    Check.AllClose<float>(new float[] { 10, 20, 12, 25, 10, 20 }, xp, what: "Xp");
}
