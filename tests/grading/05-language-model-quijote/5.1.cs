// Hidden tests of exercise 5.1 (the n-gram windows dataset of the seeds).
[GradedTest(
    2,
    Message = "BuildWindows must give N = L − n windows: Inputs[i] = ids[i..i+n−1], Targets[i] = ids[i+n] (compared with NGramWindows.Create on random ids)."
)]
void BuildWindows_RandomIds_MatchLibrary(GradingContext ctx)
{
    foreach (int n in new[] { 1, 3, 7 })
    {
        var ids = new int[25];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = ctx.Rng.NextInt(40);
        var expected = NGramWindows.Create(ids, n);
        var (inputs, targets) = BuildWindows(ids, n);
        Check.Equal(expected.Count, inputs.Length, $"N for L = 25, n = {n}");
        Check.Equal(expected.Count, targets.Length, $"number of targets for n = {n}");
        for (int i = 0; i < expected.Count; i++)
        {
            Check.True(
                inputs[i].SequenceEqual(expected.Input(i).ToArray()),
                $"Inputs[{i}] for n = {n}"
            );
            Check.Equal(expected.Targets[i], targets[i], $"Targets[{i}] for n = {n}");
        }
    }
}

[GradedTest(
    1,
    Message = "Each window must be its own array: changing Inputs[0] must not change Inputs[1] or the ids."
)]
void BuildWindows_Windows_AreIndependentCopies()
{
    var ids = new List<int> { 5, 6, 7, 8, 9 };
    var (inputs, _) = BuildWindows(ids, 2);
    inputs[0][1] = -99;
    Check.Equal(6, inputs[1][0], "Inputs[1][0] after writing Inputs[0][1]");
    Check.Equal(6, ids[1], "ids[1] after writing Inputs[0][1]");
}

[GradedTest(
    1,
    Message = "n < 1, or a sequence with no complete window (L ≤ n), must throw an ArgumentException."
)]
void BuildWindows_BadArguments_Throw()
{
    Check.Throws<ArgumentException>(
        () => BuildWindows(new[] { 1, 2, 3 }, 3),
        "BuildWindows(L = 3, n = 3)"
    );
    Check.Throws<ArgumentException>(
        () => BuildWindows(new[] { 1, 2, 3 }, 0),
        "BuildWindows(n = 0)"
    );
    var (inputs, targets) = BuildWindows(new[] { 1, 2, 3 }, 2);
    Check.Equal(1, inputs.Length, "N for L = 3, n = 2");
    Check.Equal(3, targets[0], "the only target");
}
