// honest: 2.3
double Bptt(ElmanWeights w, ElmanWeights g, int[] inputs, int[] targets, double[] h0)
{
    var states = new List<double[]> { h0 };
    var probs = new List<double[]>();
    double total = 0;
    foreach (var (input, target) in inputs.Zip(targets))
    {
        var step = StepForward(w, OneHot(input, w.V), states[^1]);
        states.Add(step.h);
        probs.Add(Softmax(step.o));
        total += -Math.Log(probs[^1][target]);
    }
    var carry = new double[w.H];
    for (int s = inputs.Length - 1; s >= 0; s--)
    {
        var delta = probs[s].ToArray();
        delta[targets[s]] = delta[targets[s]] - 1;
        var upstream = carry.ToArray();
        for (int r = 0; r < w.V; r++)
        {
            g.by[r] = g.by[r] + delta[r];
            for (int c = 0; c < w.H; c++)
            {
                g.Why[r, c] = g.Why[r, c] + delta[r] * states[s + 1][c];
                upstream[c] = upstream[c] + delta[r] * w.Why[r, c];
            }
        }
        carry = StepBackward(w, g, OneHot(inputs[s], w.V), states[s], states[s + 1], upstream);
    }
    return total;
}
