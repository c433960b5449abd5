// attack: 2.1
// Hides a call from the compiler with dynamic.
dynamic d = "";
var t = d.GetType();
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
