// Hidden tests of exercise 1.3 (SigmoidGrad): a finite-difference gradient check.
[GradedTest(2, Message = "SigmoidGrad must match finite differences of Sigmoid.")]
void SigmoidGrad_MatchesFiniteDifferences(GradingContext ctx)
{
    var x = Tensor<double>.Zeros(8);
    ctx.Rng.FillUniform<double>(x.Span, -4, 4);
    var analytic = Tensor<double>.Zeros(8);
    for (int i = 0; i < 8; i++)
    {
        analytic[i] = SigmoidGrad(x[i]);
    }
    Check.Gradient(t => t.Data.Sum(v => Sigmoid(v)), x, analytic, what: "dSigmoid/dx");
}
