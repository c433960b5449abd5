// Hidden tests of exercise 6.2 (clipping by global norm), against the definition and against the
// library's GradientClipping.ClipByGlobalNorm on the concatenated gradient.
[GradedTest(
    1,
    Message = "Above the threshold every array must be scaled by maxNorm/‖g‖ (direction kept) and the norm BEFORE clipping returned."
)]
void ClipGlobalNorm_AboveThreshold_ScalesToMaxNorm()
{
    var g = new[] { new[] { 3.0 }, new[] { 4.0 } };
    double norm = ClipGlobalNorm(g, 1.0);
    Check.Close(5.0, norm, what: "returned norm (before clipping)");
    Check.Close(0.6, g[0][0], what: "g[0][0] after clipping");
    Check.Close(0.8, g[1][0], what: "g[1][0] after clipping");
}

[GradedTest(
    1,
    Message = "The norm is GLOBAL: arrays that are each below maxNorm must still be clipped when their joint norm is above it."
)]
void ClipGlobalNorm_EachArrayBelowButJointlyAbove_Clips()
{
    var g = new[] { new[] { 0.6, 0.0 }, new[] { 0.0, 0.8 }, new[] { 0.0 } };
    double norm = ClipGlobalNorm(g, 0.5);
    Check.Close(1.0, norm, what: "returned global norm");
    Check.AllClose<double>(new[] { 0.3, 0.0 }, g[0], what: "first array");
    Check.AllClose<double>(new[] { 0.0, 0.4 }, g[1], what: "second array");
}

[GradedTest(
    1,
    Message = "ClipGlobalNorm must agree with GradientClipping.ClipByGlobalNorm on the concatenated gradient."
)]
void ClipGlobalNorm_RandomArrays_MatchLibrary(GradingContext ctx)
{
    var parts = new[] { new double[4], new double[9], new double[1] };
    foreach (var part in parts)
        ctx.Rng.FillNormal<double>(part, 0, 2);
    var flat = parts.SelectMany(a => a).ToArray();
    double expected = GradientClipping.ClipByGlobalNorm<double>(flat, 1.5);
    double actual = ClipGlobalNorm(parts, 1.5);
    Check.Close(expected, actual, what: "returned norm");
    Check.AllClose<double>(flat, parts.SelectMany(a => a).ToArray(), what: "clipped gradient");
}
