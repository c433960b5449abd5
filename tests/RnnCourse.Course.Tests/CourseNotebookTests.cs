// The course's shape: notebooks numbered in course order from the set-up. That every notebook runs
// without a failed cell, in `rnncourse run` and in the published kernel alike, is
// PublishedKernel/PublishedKernelNotebookTests.
namespace RnnCourse.Course.Tests;

public class CourseNotebookTests
{
    [Fact]
    public void Notebooks_Folder_IsNumberedInCourseOrderFromSetup()
    {
        var names = Course.NotebookNames();
        Assert.True(
            names.Count >= 6,
            $"Expected the course notebooks 00–05 at least; found {names.Count}."
        );
        for (int i = 0; i < names.Count; i++)
        {
            Assert.StartsWith($"{i:00}-", names[i]);
        }
        Assert.Equal("00-setup.ipynb", names[0]);
    }
}
