// attack: 2.1
// Ends the worker with Environment.FailFast.
Environment.FailFast("bye");
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
