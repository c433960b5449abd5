// attack: 2.1
// Compiles code at run time through IQueryable's expression trees.
var q = new[] { 1 }.AsQueryable().Where(x => x > 0);
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    (new double[w.H], new double[w.V]);
