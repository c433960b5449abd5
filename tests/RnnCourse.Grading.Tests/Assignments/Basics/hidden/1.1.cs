// Hidden tests of exercise 1.1 (Sigmoid). Compiled by the grader as a continuation of the
// submission's script state; never copied to the student's sandbox.
[GradedTest(1, Message = "Sigmoid must be symmetric: Sigmoid(-x) = 1 - Sigmoid(x).")]
void Sigmoid_Symmetry_Holds(GradingContext ctx)
{
    for (int k = 0; k < 20; k++)
    {
        double x = ctx.Rng.Uniform(-10, 10);
        Check.Close(1 - Sigmoid(x), Sigmoid(-x), atol: 1e-12, what: "Sigmoid(-x)");
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
