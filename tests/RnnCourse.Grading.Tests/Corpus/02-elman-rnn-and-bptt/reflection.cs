// attack: 2.1
// Finds System.IO.File by name through the string type's assembly.
var file = typeof(string).Assembly.GetType("System.IO.File");
var args = "".GetType().Assembly.Location;
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
