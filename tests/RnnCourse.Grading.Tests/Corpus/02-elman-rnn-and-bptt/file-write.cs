// attack: 2.2
// Writes a file next to the grader and reads the source notebook by a relative path.
System.IO.File.WriteAllText("../../rnncourse-corpus-escaped.txt", "pwned");
var secret = System.IO.File.ReadAllText("../../tests/grading/02-elman-rnn-and-bptt/2.2.cs");
double[] StepBackward(
    ElmanWeights w,
    ElmanWeights g,
    double[] x,
    double[] hPrev,
    double[] h,
    double[] dh
) => new double[w.H];
