// Which worker the grader starts: the runner's precompiled copy beside the grader's assembly when
// it is complete, otherwise the grader's assembly itself.
using RnnCourse.Grading.Grading;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class WorkerLauncherTests : IDisposable
{
    private readonly string _dir = Directory
        .CreateDirectory(
            Path.Combine(Path.GetTempPath(), "rnncourse-launcher-" + Guid.NewGuid().ToString("N"))
        )
        .FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_dir, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void Locate_PrecompiledCopyBeside_StartsIt()
    {
        var dll = Touch("RnnCourse.Grading.dll");
        Touch("RnnCourse.Grading.runtimeconfig.json");
        var worker = Touch(WorkerLauncher.PrecompiledFolder, "RnnCourse.Grading.dll");
        var config = Touch(
            WorkerLauncher.PrecompiledFolder,
            "RnnCourse.Grading.runtimeconfig.json"
        );

        Assert.Equal((worker, config), WorkerLauncher.Locate(dll));
    }

    [Fact]
    public void Locate_PrecompiledCopyWithoutRuntimeConfig_StartsTheGradersOwnAssembly()
    {
        var dll = Touch("RnnCourse.Grading.dll");
        var config = Touch("RnnCourse.Grading.runtimeconfig.json");
        Touch(WorkerLauncher.PrecompiledFolder, "RnnCourse.Grading.dll");

        Assert.Equal((dll, config), WorkerLauncher.Locate(dll));
    }

    [Fact]
    public void Locate_NoPrecompiledCopy_StartsTheGradersOwnAssembly()
    {
        var dll = Touch("RnnCourse.Grading.dll");
        var config = Touch("RnnCourse.Grading.runtimeconfig.json");

        Assert.Equal((dll, config), WorkerLauncher.Locate(dll));
    }
}
