// Entry point of RnnCourse.Grading.dll when started as the grading worker
// (`dotnet exec RnnCourse.Grading.dll --worker`, by the grader only).
namespace RnnCourse.Grading.Worker;

/// <summary>The worker's entry point.</summary>
public static class Program
{
    /// <summary>Runs the worker loop when called with <c>--worker</c>.</summary>
    public static int Main(string[] args)
    {
        if (args is ["--worker"])
        {
            return WorkerLoop.Run();
        }
        Console.Error.WriteLine(
            "RnnCourse.Grading is the grading library and worker; run `rnncourse release|check|grade` instead."
        );
        return 2;
    }
}
