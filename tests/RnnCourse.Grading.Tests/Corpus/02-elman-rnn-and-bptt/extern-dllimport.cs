// attack: 2.1
// Declares a native function with DllImport and calls it.
[System.Runtime.InteropServices.DllImport("libc")]
static extern int kill(int pid, int sig);
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
