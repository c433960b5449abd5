// Hidden tests of exercise 3.2 (accuracy over valid steps only).
[GradedTest(1, Message = "Accuracy must be right / valid on random tags with padding.")]
void MaskedAccuracy_RandomTags_MatchesCount(GradingContext ctx)
{
    var predicted = new int[200];
    var tags = new int[200];
    int valid = 0,
        right = 0;
    for (int i = 0; i < 200; i++)
    {
        predicted[i] = ctx.Rng.NextInt(3);
        tags[i] = ctx.Rng.NextInt(4) - 1; // −1 is padding
        if (tags[i] >= 0)
        {
            valid++;
            if (predicted[i] == tags[i])
                right++;
        }
    }
    Check.Close(right / (double)valid, MaskedAccuracy(predicted, tags), what: "accuracy");
}

[GradedTest(1, Message = "With no valid step the accuracy is 0 (not NaN, no exception).")]
void MaskedAccuracy_AllPadding_IsZero() =>
    Check.Close(0.0, MaskedAccuracy(new[] { 0, 1 }, new[] { -1, -1 }), what: "accuracy");
