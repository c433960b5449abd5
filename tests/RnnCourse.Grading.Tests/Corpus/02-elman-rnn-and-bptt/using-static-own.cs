// attack: 2.1
// Imports a type of its own with using static, so that its members shadow the tests' names.
using static Shadows;
static class Shadows { public static double[] OneHot(int index, int size) => new double[size]; }
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) => (new double[w.H], new double[w.V]);
