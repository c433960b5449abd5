// Locates the repository (the folder holding RnnCourse.sln) from the test binaries, so tests can
// read committed snapshots whatever the build configuration.
namespace RnnCourse.Tests.Charts;

internal static class TestPaths
{
    internal static string RepoRoot => TestBrowser.RepoRoot;

    internal static string SnapshotDir =>
        Path.Combine(RepoRoot, "tests", "RnnCourse.Tests", "Charts", "Snapshots");

    internal static bool IsCi => TestBrowser.IsCi;

    internal static string ArtifactsDir => Path.Combine(RepoRoot, "artifacts", "charts");

    /// <summary>
    /// Compares <paramref name="actual"/> with the committed snapshot byte for byte. A missing
    /// snapshot is written (and fails under CI=true); RNNCOURSE_UPDATE_SNAPSHOTS=1 rewrites them.
    /// </summary>
    internal static void MatchSnapshot(string name, string actual, string extension = ".json")
    {
        var path = Path.Combine(SnapshotDir, name + extension);
        bool update = Environment.GetEnvironmentVariable("RNNCOURSE_UPDATE_SNAPSHOTS") == "1";
        if (!File.Exists(path) || update)
        {
            Assert.False(
                IsCi && !update,
                $"Snapshot {path} is missing; run the tests locally and commit it."
            );
            Directory.CreateDirectory(SnapshotDir);
            File.WriteAllText(path, actual);
            return;
        }
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            int i = 0;
            while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i])
                i++;
            string Around(string s) =>
                s.Substring(Math.Max(0, i - 60), Math.Min(120, s.Length - Math.Max(0, i - 60)));
            Assert.Fail(
                $"JSON of '{name}' differs from {path} at char {i}.\nexpected …{Around(expected)}…\nactual   …{Around(actual)}…\n"
                    + "If the change is intended, rerun with RNNCOURSE_UPDATE_SNAPSHOTS=1 and commit the snapshot."
            );
        }
    }
}
