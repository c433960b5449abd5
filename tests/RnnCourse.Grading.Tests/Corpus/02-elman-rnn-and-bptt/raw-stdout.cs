// attack: 2.1
// Writes forged protocol lines on the worker's raw stdout and redirects the console.
var raw = Console.OpenStandardOutput();
Console.SetOut(new System.IO.StringWriter());
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
