using RnnCourse.Runner.Execution;

namespace RnnCourse.Runner.Tests.Execution;

public class MimeFormatterTests
{
    [Fact]
    public async Task Execute_ObjectWithSpanProperty_FormatsOtherPropertiesAndSkipsTheSpan()
    {
        // A ref-struct property (Span<T>) cannot be read by reflection; the object must still render.
        var session = new NotebookSession();
        var r = await session.ExecuteAsync(
            "class Holder { public int[] Data = { 1, 2 }; public Span<int> View => Data; public string Name => \"held\"; }\nnew Holder()"
        );
        Assert.Equal(CellStatus.Ok, r.Status);
        var html = Assert.Single(r.Outputs).Data["text/html"];
        Assert.Contains("held", html);
        Assert.DoesNotContain("View", html);
    }
}
