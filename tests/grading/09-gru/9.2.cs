// Hidden tests of exercise 9.2 (parameter counts), checked against the library's layouts.
[GradedTest(
    2,
    Message = "CountParameters must match the library's layout (CellParameters.Declare) for Elman, GRU and LSTM."
)]
void CountParameters_RandomSizes_MatchLibraryLayout(GradingContext ctx)
{
    foreach (var kind in new[] { CellKind.Elman, CellKind.Gru, CellKind.Lstm })
    {
        for (int trial = 0; trial < 3; trial++)
        {
            int I = 1 + ctx.Rng.NextInt(70),
                H = 1 + ctx.Rng.NextInt(300);
            var layout = new ParameterLayout();
            CellParameters.Declare(new CellConfig(kind, I, H), layout);
            Check.Equal(
                layout.Count,
                CountParameters(kind, I, H),
                what: $"{kind}(I = {I}, H = {H})"
            );
        }
    }
}

[GradedTest(1, Message = "Any other kind (e.g. Jordan) must throw an ArgumentException.")]
void CountParameters_Jordan_Throws()
{
    Check.Throws<ArgumentException>(
        () => CountParameters(CellKind.Jordan, 3, 4),
        what: "CountParameters(Jordan, 3, 4)"
    );
}
