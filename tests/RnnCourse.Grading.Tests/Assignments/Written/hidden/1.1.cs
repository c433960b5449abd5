// Hidden tests of exercise 1.1 (Sigmoid). Compiled by the grader as a continuation of the
// submission's script state; never copied to the student's sandbox.
[GradedTest(1, Message = "Sigmoid must equal 1 / (1 + exp(-x)) for random x in [-10, 10].")]
void Sigmoid_RandomInputs_MatchFormula(GradingContext ctx)
{
    for (int k = 0; k < 20; k++)
    {
        double x = ctx.Rng.Uniform(-10, 10);
        Check.Close(1 / (1 + Math.Exp(-x)), Sigmoid(x), atol: 1e-12, what: $"Sigmoid({x})");
    }
}

[GradedTest(1, Message = "Sigmoid must stay finite and in [0, 1] for large |x|.")]
void Sigmoid_LargeInputs_StayInRange()
{
    foreach (var x in new[] { -1000.0, -50.0, 50.0, 1000.0 })
    {
        double s = Sigmoid(x);
        Check.True(double.IsFinite(s) && s >= 0 && s <= 1, $"Sigmoid({x}) = {s}");
    }
}
