// attack: 2.3
// Redefines the notebook's Softmax so that the tests of 2.3 call the student's version.
double[] Softmax(double[] o) => o.Select(_ => 1.0 / o.Length).ToArray();
double Bptt(ElmanWeights w, ElmanWeights g, int[] inputs, int[] targets, double[] h0) =>
    inputs.Length * Math.Log(w.V);
