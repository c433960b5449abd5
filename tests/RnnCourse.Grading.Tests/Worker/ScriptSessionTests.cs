// The worker's kernel state: student code is compiled and checked before it runs; trusted cells
// (locked, replayed) are compiled once, by the kernel, and report compile errors the same way.
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Tests.Worker;

public sealed class ScriptSessionTests : IDisposable
{
    private readonly ScriptSession _session = new();

    public void Dispose() => _session.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_CompileError_ReportsPositionAndCodeWithoutRunning(bool checkPolicy)
    {
        var output = new StringWriter();

        var outcome = _session.Run("Console.Write(\"ran\");\nint x = ;", checkPolicy, output);

        Assert.Equal("compile", outcome.Phase);
        Assert.Contains(
            outcome.Diagnostics,
            d => d.StartsWith("(2,9): error CS1525", StringComparison.Ordinal)
        );
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Run_TrustedCellThenStudentCell_StateCarriesOver()
    {
        var output = new StringWriter();

        var locked = _session.Run("int Twice(int v) => 2 * v;", checkPolicy: false, output);
        var student = _session.Run("Twice(21)", checkPolicy: true, output);

        Assert.Equal("ok", locked.Phase);
        Assert.Equal("ok", student.Phase);
        Assert.Equal(42, student.ReturnValue);
    }

    [Fact]
    public void Run_TrustedCellThatThrows_IsARuntimeFailureNotACompileError()
    {
        var outcome = _session.Run(
            "throw new InvalidOperationException(\"boom\");",
            checkPolicy: false,
            new StringWriter()
        );

        Assert.Equal("runtime", outcome.Phase);
        Assert.Equal("boom", outcome.Error?.Message);
    }
}
