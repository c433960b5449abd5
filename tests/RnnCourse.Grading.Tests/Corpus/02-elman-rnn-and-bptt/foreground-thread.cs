// attack: 2.1
// Starts a foreground thread that outlives the exercise and keeps the worker busy.
new System.Threading.Thread(() =>
{
    while (true) { }
})
{
    IsBackground = false,
}.Start();
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
