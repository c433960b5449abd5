// Hidden tests of exercise 5.3 (perplexity from per-step losses).
[GradedTest(
    1,
    Message = "Perplexity must be exp(mean loss), e.g. losses ln 2 and ln 8 give exp((ln 2 + ln 8)/2) = 4."
)]
void Perplexity_TwoLosses_GeometricMean(GradingContext ctx)
{
    Check.Close(
        4.0,
        Perplexity(new[] { Math.Log(2), Math.Log(8) }),
        atol: 1e-9,
        what: "perplexity of (ln 2, ln 8)"
    );
    var losses = Enumerable.Range(0, 37).Select(_ => 3 * ctx.Rng.NextDouble()).ToList();
    Check.Close(
        Math.Exp(losses.Average()),
        Perplexity(losses),
        atol: 1e-9,
        rtol: 1e-9,
        what: "perplexity of 37 random losses"
    );
}

[GradedTest(
    1,
    Message = "Compute through the mean: 100 000 losses of 1.0 have perplexity e (a product of probabilities underflows to 0)."
)]
void Perplexity_LongSequence_NoUnderflow()
{
    Check.Close(
        Math.E,
        Perplexity(Enumerable.Repeat(1.0, 100000).ToList()),
        atol: 1e-9,
        rtol: 1e-9,
        what: "perplexity of 100 000 losses of 1.0"
    );
}

[GradedTest(1, Message = "An empty list of losses must throw an ArgumentException.")]
void Perplexity_Empty_Throws()
{
    Check.Throws<ArgumentException>(() => Perplexity(new List<double>()), "Perplexity(empty)");
}
