// Hidden tests of exercise 8.1 (reversal of a padded, time-major batch within each length),
// checked against the library's SequenceOps.Reverse on random shapes and lengths.
[GradedTest(
    2,
    Message = "ReverseWithinLengths must match SequenceOps.Reverse: y[t, b] = x[L_b − 1 − t, b] for t < L_b, padding unchanged; index (t·B + b)·W + w."
)]
void Reverse_RandomBatch_MatchesLibrary(GradingContext ctx)
{
    for (int trial = 0; trial < 5; trial++)
    {
        int T = 2 + ctx.Rng.NextInt(6),
            B = 1 + ctx.Rng.NextInt(4),
            W = 1 + ctx.Rng.NextInt(3);
        var lengths = Enumerable.Range(0, B).Select(_ => 1 + ctx.Rng.NextInt(T)).ToArray();
        var x = Tensor<double>.Zeros(T, B, W);
        ctx.Rng.FillNormal<double>(x.Span);
        var expected = SequenceOps.Reverse(x, SequenceMask.FromLengths(lengths, T));
        var y = ReverseWithinLengths((double[])x.Data.Clone(), T, B, W, lengths);
        Check.AllClose<double>(
            expected.Data,
            y,
            what: $"y for T = {T}, B = {B}, W = {W}, lengths [{string.Join(", ", lengths)}]"
        );
    }
}

[GradedTest(
    1,
    Message = "ReverseWithinLengths must not modify its input, and reversing twice must give the input back."
)]
void Reverse_Twice_IsIdentityAndInputUntouched(GradingContext ctx)
{
    int T = 5,
        B = 3,
        W = 2;
    int[] lengths = { 5, 1, 3 };
    var x = new double[T * B * W];
    ctx.Rng.FillNormal<double>(x);
    var copy = (double[])x.Clone();
    var twice = ReverseWithinLengths(ReverseWithinLengths(x, T, B, W, lengths), T, B, W, lengths);
    Check.AllClose<double>(copy, x, what: "x after the call (it must not be modified)");
    Check.AllClose<double>(copy, twice, what: "reverse(reverse(x))");
}
