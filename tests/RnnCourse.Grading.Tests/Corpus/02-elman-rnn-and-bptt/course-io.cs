// attack: 2.3
// Writes files anywhere through the course library's I/O members.
new RnnCourse.Charts.Figure().SaveHtml("/tmp/rnncourse-corpus-escaped.html");
RnnCourse.Training.Checkpoint.Save(
    "/tmp/rnncourse-corpus-escaped.ckpt",
    new Dictionary<string, RnnCourse.Numerics.Tensor<double>>()
);
double Bptt(ElmanWeights w, ElmanWeights g, int[] inputs, int[] targets, double[] h0) => 0;
