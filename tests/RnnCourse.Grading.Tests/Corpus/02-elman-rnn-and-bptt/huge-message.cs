// attack: 2.1
// Throws a 31 KB exception message to carry text into the feedback.
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) =>
    throw new InvalidOperationException(new string('S', 31000));
