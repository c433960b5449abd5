// honest: 2.1
// An honest answer, written differently from the reference solution (the corpus test searches
// every report for the reference's lines).
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev)
{
    var hidden = Enumerable
        .Range(0, w.H)
        .Select(r =>
            Math.Tanh(
                w.bh[r]
                    + Enumerable.Range(0, w.V).Sum(c => w.Wxh[r, c] * x[c])
                    + Enumerable.Range(0, w.H).Sum(c => w.Whh[r, c] * hPrev[c])
            )
        )
        .ToArray();
    var output = Enumerable
        .Range(0, w.V)
        .Select(r => w.by[r] + Enumerable.Range(0, w.H).Sum(c => w.Why[r, c] * hidden[c]))
        .ToArray();
    return (hidden, output);
}
