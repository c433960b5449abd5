// `rnncourse review` end to end: an assignment with a written answer is released, three students
// answer (one leaves it blank), the class is graded, an instructor marks two submissions in the
// review page in a real (headless) Chromium, and every report carries the marks. Also: a second
// tab cannot overwrite a mark unseen, and the server answers only its own token and host, and
// never lets a student's answer run script.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Reports;
using RnnCourse.Runner.Grading;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Tests.Grading;

public sealed class ReviewPageTests : IDisposable
{
    private static readonly string Hidden = Path.Combine(
        TestPaths.RepoRoot,
        "tests",
        "RnnCourse.Grading.Tests",
        "Assignments",
        "Written",
        "hidden"
    );

    private readonly string _root = TestPaths.TempDir("review");
    private readonly string _grades;

    public ReviewPageTests()
    {
        var released = Releaser.Release(
            Path.Combine(Hidden, "written.ipynb"),
            Path.Combine(_root, "released")
        );
        var subs = Directory.CreateDirectory(Path.Combine(_root, "submissions")).FullName;
        void Submit(string name, string sigmoid, string? answer)
        {
            var nb = GradingNotebook.Load(released.Notebook);
            foreach (var c in nb.Cells)
            {
                if (c.Role == CellRole.Exercise)
                    c.Source = sigmoid;
                if (c.Role == CellRole.Answer && answer is not null)
                    c.Source = answer;
            }
            nb.Save(Path.Combine(subs, name + ".ipynb"));
        }
        Submit(
            "ana",
            "double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));",
            "The slope is at most $\\frac{1}{4}$, so $T$ factors give $4^{-T}$."
        );
        Submit(
            "ben",
            "double Sigmoid(double x) => 0.5;",
            "Small gradients. <script>document.title = 'pwned'</script>"
        );
        Submit("cy", "double Sigmoid(double x) => 0.5;", null);
        _grades = Path.Combine(_root, "grades");
        ClassGrader.Grade(
            subs,
            AssignmentLoader.Load(Hidden),
            _grades,
            new GradeOptions
            {
                Sandbox = SandboxMode.Off,
                Jobs = 2,
                SandboxRoot = Path.Combine(_root, "sandboxes"),
                ExerciseTimeout = TimeSpan.FromMinutes(2), // generous: shared CI machines
            }
        );
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }
    }

    private const string Ready = "document.querySelectorAll('td.item').length === 6";

    private static string Open(string sub, string item) =>
        $"document.querySelector('td[data-sub=\"{sub}\"][data-item=\"{item}\"]').click()";

    private static string Saved => "document.getElementById('status').className === 'saved'";

    [Fact]
    public async Task Review_InstructorMarksTwoSubmissions_SavedAtOnceAndInEveryReport()
    {
        using var server = new ReviewServer(GradesFolder.Open(_grades), WebAssets.Shipped);
        server.Start();
        using var browser = new DevToolsBrowser();
        using var page = await browser.OpenAsync(server.Url);
        await page.WaitAsync(Ready);

        // ana's written answer: two criteria and a comment, typed (saved after the pause in typing).
        await page.EvalAsync(Open("ana", "1.R"));
        await page.WaitAsync("document.querySelector('#answer .katex')");
        await page.EvalAsync("document.querySelector('[data-criterion=\"bound\"]').click()");
        await page.WaitAsync(Saved);
        await page.EvalAsync("document.querySelector('[data-criterion=\"product\"]').click()");
        await page.WaitAsync(Saved);
        await page.EvalAsync(
            "(() => { const t = document.getElementById('comment'); t.focus(); t.value = 'Good; say why saturation matters.'; t.dispatchEvent(new Event('input')); })()"
        );
        await page.WaitAsync(Saved);
        // ben's code exercise: overridden with a reason; his answer's script never ran.
        await page.EvalAsync(Open("ben", "1.1"));
        await page.EvalAsync(
            "(() => { const r = document.getElementById('reason'); r.value = 'Constant typo, right idea.'; r.dispatchEvent(new Event('input')); const o = document.getElementById('override'); o.value = '1'; o.dispatchEvent(new Event('change')); })()"
        );
        await page.WaitAsync(Saved);
        await page.EvalAsync(Open("ben", "1.R"));
        await page.WaitAsync("document.getElementById('answer')");
        Assert.NotEqual("pwned", (await page.EvalAsync("document.title"))!.GetValue<string>());
        Assert.Equal(
            "–␣/␣5".Replace('␣', ' '),
            (
                await page.EvalAsync(
                    "document.querySelector('td[data-sub=\"ben\"][data-item=\"1.R\"]').textContent"
                )
            )!.GetValue<string>()
        );

        var review = JsonNode.Parse(
            File.ReadAllText(Path.Combine(_grades, GradesFolder.ReviewFile))
        )!;
        Assert.Equal(
            "Good; say why saturation matters.",
            review["marks"]!["ana"]!["1.R"]!["comment"]!.GetValue<string>()
        );
        Assert.Equal(
            ["bound", "product"],
            review["marks"]!["ana"]!["1.R"]!["criteria"]!
                .AsArray()
                .Select(c => c!.GetValue<string>())
        );
        Assert.Equal(1, review["marks"]!["ben"]!["1.1"]!["override"]!.GetValue<double>());
        var csv = File.ReadAllLines(Path.Combine(_grades, "grades.csv"));
        Assert.True(
            csv[1].StartsWith("ana,graded,7,8,3,4,1.R,,0,", StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(_grades, "ana.json"))
        );
        Assert.StartsWith("ben,graded,1,8,1,,1.1,1.R,0,", csv[2]);
        Assert.StartsWith("cy,graded,2,8,2,0,,,0,", csv[3]); // 0.5 passes two of the three tests
        Assert.Contains(
            "Good; say why saturation matters.",
            File.ReadAllText(Path.Combine(_grades, "ana.graded.ipynb"))
        );
        Assert.Contains(
            "Constant typo, right idea.",
            File.ReadAllText(Path.Combine(_grades, "ben.graded.ipynb"))
        );
        Assert.Contains("manual mark 4/5", File.ReadAllText(Path.Combine(_grades, "junit.xml")));
        Assert.Contains(
            "1 written answer(s) await review",
            File.ReadAllText(Path.Combine(_grades, "summary.md"))
        );
    }

    [Fact]
    public async Task Review_TwoTabsMarkOneItem_TheSecondIsToldAndNothingIsOverwritten()
    {
        using var server = new ReviewServer(GradesFolder.Open(_grades), WebAssets.Shipped);
        server.Start();
        using var browser = new DevToolsBrowser();
        using var first = await browser.OpenAsync(server.Url);
        using var second = await browser.OpenAsync(server.Url);
        await first.WaitAsync(Ready);
        await second.WaitAsync(Ready);
        await first.EvalAsync(Open("ana", "1.R"));
        await second.EvalAsync(Open("ana", "1.R"));

        await first.EvalAsync("document.querySelector('[data-criterion=\"bound\"]').click()");
        await first.WaitAsync(Saved);
        await second.EvalAsync("document.querySelector('[data-criterion=\"saturation\"]').click()");
        await second.WaitAsync("document.getElementById('status').className === 'conflict'");

        Assert.Equal(["bound"], GradesFolder.Open(_grades).MarksOf("ana")["1.R"].Criteria);
        Assert.True(
            (
                await second.EvalAsync(
                    "document.querySelector('[data-criterion=\"bound\"]').checked"
                )
            )!.GetValue<bool>()
        );
    }

    [Fact]
    public async Task Server_WithoutTokenOrFromAnotherHost_Refused()
    {
        using var server = new ReviewServer(GradesFolder.Open(_grades), WebAssets.Shipped);
        server.Start();
        var root = new Uri(server.Url.GetLeftPart(UriPartial.Path));
        // A fresh connection per request: a refused request may leave its connection closed.
        async Task<HttpResponseMessage> Get(string path, string? host = null)
        {
            using var http = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, path));
            request.Headers.ConnectionClose = true;
            if (host is not null)
                request.Headers.Host = host;
            var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        var state = JsonNode.Parse(
            await (await Get("api/state" + server.Url.Query)).Content.ReadAsStringAsync()
        )!;
        var noToken = await Get("api/state");
        var wrongToken = await Get("api/state?token=0");
        var foreignHost = await Get("api/state" + server.Url.Query, host: "attacker.example:80");

        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.False(foreignHost.IsSuccessStatusCode); // HttpListener or the Host check refuses it
        var ben = state["submissions"]!
            .AsArray()
            .First(s => s!["id"]!.GetValue<string>() == "ben")!;
        var html = ben["items"]!.AsArray().First(i => i!["id"]!.GetValue<string>() == "1.R")![
            "answerHtml"
        ]!.GetValue<string>();
        Assert.DoesNotContain("<script", html);
    }
}
