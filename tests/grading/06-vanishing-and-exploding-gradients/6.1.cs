// Hidden tests of exercise 6.1 (gradient norms from a list of Jacobians): random Jacobians against
// the chain rule g_{t−1} = J_tᵀ g_t written out here, and small cases that catch a missing
// transpose, a wrong order or a wrong length.
double[] Ex61Reference(double[][,] jacobians, double[] gT)
{
    int T = jacobians.Length,
        H = gT.Length;
    var norms = new double[T + 1];
    var g = (double[])gT.Clone();
    norms[T] = Math.Sqrt(g.Sum(v => v * v));
    for (int t = T; t >= 1; t--)
    {
        var prev = new double[H];
        for (int i = 0; i < H; i++)
        for (int j = 0; j < H; j++)
            prev[j] += jacobians[t - 1][i, j] * g[i];
        g = prev;
        norms[t - 1] = Math.Sqrt(g.Sum(v => v * v));
    }
    return norms;
}

[GradedTest(
    2,
    Message = "norms[t] must be ‖∂L/∂h_t‖ with g_{t−1} = J_tᵀ g_t, for random Jacobians."
)]
void GradientNorms_RandomJacobians_MatchChainRule(GradingContext ctx)
{
    const int H = 3,
        T = 5;
    var jac = new double[T][,];
    for (int t = 0; t < T; t++)
    {
        jac[t] = new double[H, H];
        for (int i = 0; i < H; i++)
        for (int j = 0; j < H; j++)
            jac[t][i, j] = ctx.Rng.Normal();
    }
    var g = new double[H];
    ctx.Rng.FillNormal<double>(g);
    var expected = Ex61Reference(jac, g);
    var actual = GradientNormsFromJacobians(jac, g);
    Check.Equal(T + 1, actual.Length, what: "norms.Length (T + 1)");
    Check.AllClose<double>(expected, actual, rtol: 1e-9, what: "norms");
}

[GradedTest(
    1,
    Message = "The gradient goes back through the TRANSPOSE: g_{t−1} = J_tᵀ g_t, not J_t g_t."
)]
void GradientNorms_NonSymmetricJacobian_UsesTranspose()
{
    var J = new double[,]
    {
        { 0, 1 },
        { 0, 0 },
    }; // Jᵀ (1, 0) = (0, 1); J (1, 0) = (0, 0)
    var norms = GradientNormsFromJacobians(new[] { J }, new[] { 1.0, 0.0 });
    Check.Close(1.0, norms[0], what: "‖∂L/∂h_0‖ for J = [[0, 1], [0, 0]], g_T = (1, 0)");
}

[GradedTest(
    1,
    Message = "jacobians[t − 1] is J_t: apply J_T first (nearest the loss), J_1 last; norms[T] is ‖g_T‖."
)]
void GradientNorms_DifferentScales_RightOrder()
{
    var J1 = new double[,]
    {
        { 2, 0 },
        { 0, 2 },
    };
    var J2 = new double[,]
    {
        { 0.5, 0 },
        { 0, 0.25 },
    };
    var norms = GradientNormsFromJacobians(new[] { J1, J2 }, new[] { 0.0, 4.0 });
    Check.AllClose<double>(
        new[] { 2.0, 1.0, 4.0 },
        norms,
        what: "norms for J_1 = 2I, J_2 = diag(0.5, 0.25), g_2 = (0, 4)"
    );
}
