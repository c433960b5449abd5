namespace RnnCourse.Runner.Tests.Commands;

[Collection(CourseRunCollection.Name)]
public class RunCommandImagesTests(CourseRunFixture run)
{
    [Fact]
    public void Run_NoChromium_SaysSoOnceAndStillWritesEveryNotebook()
    {
        // The fixture ran two notebooks in parallel with image settings that have no browser.
        Assert.Single(
            System.Text.RegularExpressions.Regex.Matches(run.ConstructsLog, "no Chromium found")
        );
        Assert.Contains("apt-get install chromium", run.ConstructsLog);
        Assert.NotEmpty(Directory.GetFiles(run.Output, "*.ipynb"));
        Assert.DoesNotContain("Chart images:", run.ConstructsLog);
    }
}
