// attack: 2.1
// Reaches Environment.Exit through Delegate.CreateDelegate on a method found by name.
Action<int> f = x => { };
var exit = Delegate.CreateDelegate(typeof(Action<int>), f.Method);
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
