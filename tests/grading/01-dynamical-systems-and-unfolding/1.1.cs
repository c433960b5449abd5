// Hidden tests of exercise 1.1 (one step of s' = tanh(W s + b)).
[GradedTest(
    1,
    Message = "Step must compute tanh(W s + b) row by row: compare with a random W, b, s."
)]
void Step_RandomInputs_MatchesFormula(GradingContext ctx)
{
    for (int k = 0; k < 10; k++)
    {
        var W = new double[2, 2];
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            W[i, j] = ctx.Rng.Uniform(-2, 2);
        var b = new[] { ctx.Rng.Uniform(-1, 1), ctx.Rng.Uniform(-1, 1) };
        var s = new[] { ctx.Rng.Uniform(-1, 1), ctx.Rng.Uniform(-1, 1) };
        var next = Step(W, b, s);
        for (int i = 0; i < 2; i++)
        {
            Check.Close(
                Math.Tanh(W[i, 0] * s[0] + W[i, 1] * s[1] + b[i]),
                next[i],
                what: $"s'[{i}]"
            );
        }
    }
}

[GradedTest(
    1,
    Message = "Step must not modify its input state (the trajectory keeps every state)."
)]
void Step_DoesNotMutateInput()
{
    var s = new[] { 0.4, -0.2 };
    Step(
        new[,]
        {
            { 1.0, 2.0 },
            { -1.0, 0.5 },
        },
        new[] { 0.1, 0.1 },
        s
    );
    Check.Close(0.4, s[0], what: "s[0] after Step");
    Check.Close(-0.2, s[1], what: "s[1] after Step");
}

[GradedTest(1, Message = "Large pre-activations must saturate at ±1, not overflow.")]
void Step_LargeWeights_Saturates()
{
    var next = Step(
        new[,]
        {
            { 1e3, 0 },
            { 0, -1e3 },
        },
        new double[2],
        new[] { 1.0, 1.0 }
    );
    Check.Close(1.0, next[0], what: "s'[0]");
    Check.Close(-1.0, next[1], what: "s'[1]");
}
