// attack: 2.1
// Declares a top-level variable named Check through an out variable.
int.TryParse("1", out var Check);
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
