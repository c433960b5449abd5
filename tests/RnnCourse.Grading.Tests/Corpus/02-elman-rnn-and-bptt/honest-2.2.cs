// honest: 2.2
double[] StepBackward(
    ElmanWeights w,
    ElmanWeights g,
    double[] x,
    double[] hPrev,
    double[] h,
    double[] dh
)
{
    var raw = Enumerable.Range(0, w.H).Select(r => (1 - h[r] * h[r]) * dh[r]).ToArray();
    var back = new double[w.H];
    for (int r = 0; r < w.H; r++)
    {
        g.bh[r] = g.bh[r] + raw[r];
        for (int c = 0; c < w.V; c++)
            g.Wxh[r, c] = g.Wxh[r, c] + raw[r] * x[c];
        for (int c = 0; c < w.H; c++)
        {
            g.Whh[r, c] = g.Whh[r, c] + raw[r] * hPrev[c];
            back[c] = back[c] + raw[r] * w.Whh[r, c];
        }
    }
    return back;
}
