// The course's shape: notebooks numbered in course order from the set-up, and one way of writing
// math ($…$ inline, $$…$$ display), which VS Code, Jupyter, GitHub and the site's KaTeX all read.
// That every notebook runs in `rnncourse run` and in the published kernel alike is
// PublishedKernel/PublishedKernelNotebookTests; that the two editions agree is CourseEditionsTests.

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

    [Fact]
    public void Sources_Markdown_WriteMathWithDollarsOnly()
    {
        var problems = new List<string>();
        foreach (var name in Course.NotebookNames())
        {
            var cells = Course.ReadJson(Course.SourcePath(name))["cells"]!.AsArray();
            for (int i = 0; i < cells.Count; i++)
            {
                if ((string?)cells[i]!["cell_type"] != "markdown")
                    continue;
                var text = string.Concat(cells[i]!["source"]!.AsArray().Select(l => (string?)l));
                foreach (var delimiter in new[] { @"\(", @"\)", @"\[", @"\]" })
                {
                    if (text.Contains(delimiter, StringComparison.Ordinal))
                        problems.Add($"{name}, cell {i}: uses {delimiter}; write $…$ or $$…$$");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
