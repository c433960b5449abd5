// attack: 2.1
// Reads memory through pointers and function pointers.
unsafe
{
    int x = 1;
    int* p = &x;
}
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
