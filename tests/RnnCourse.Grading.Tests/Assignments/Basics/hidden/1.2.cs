// Hidden tests of exercise 1.2 (Affine).
[GradedTest(2, Message = "Affine must compute W·x + b for random W, x, b.")]
void Affine_RandomInputs_MatchReference(GradingContext ctx)
{
    int H = 4,
        I = 3;
    var W = Tensor<double>.Zeros(H, I);
    var x = Tensor<double>.Zeros(I);
    var b = Tensor<double>.Zeros(H);
    ctx.Rng.FillNormal<double>(W.Span);
    ctx.Rng.FillNormal<double>(x.Span);
    ctx.Rng.FillNormal<double>(b.Span);
    var expected = Tensor<double>.Zeros(H);
    for (int h = 0; h < H; h++)
    {
        expected[h] = b[h];
        for (int i = 0; i < I; i++)
        {
            expected[h] += W[h, i] * x[i];
        }
    }
    Check.AllClose(expected, Affine(W, x, b), what: "y");
}
