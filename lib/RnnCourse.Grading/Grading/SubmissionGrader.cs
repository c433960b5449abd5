// Grades one submission: reads the notebook (an unreadable one scores 0 with the reason), matches
// its cells to the assignment (exercises by id, locked cells by cell id; tampered locked cells are
// reported and the original runs), then runs the assignment in order in a worker:
//   locked cell → run the original
//   exercise    → compile + policy + run the student's cell, run its public and hidden tests,
//                 and, when GradeOptions.ReferenceAfterFailure is on and a test failed, run
//                 the reference solution after it (off by default: it would enter a process
//                 that runs student code).
// Timeouts and crashes end the worker; the next request starts a fresh one and replays.
using System.Diagnostics;
using System.Text.Json.Nodes;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Reports;
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>Grades (or checks) submissions of one assignment.</summary>
public sealed class SubmissionGrader(
    Assignment assignment,
    GradeOptions options,
    bool checkMode = false
)
{
    private readonly SandboxStatus _isolation = OsSandbox.Detect(options);

    // Names the tests use: a student cell may not redefine them (ProtectedNames).
    private readonly List<string> _testNames = ProtectedNames.FreeNames(
        assignment
            .Exercises.SelectMany(e => e.PublicTests.Concat(e.HiddenTests))
            .Select(t => t.Code)
    );

    /// <summary>The OS sandbox the workers run in, or why there is none.</summary>
    public SandboxStatus Isolation => _isolation;

    /// <summary>The result of grading one submission.</summary>
    /// <param name="Report">The report.</param>
    /// <param name="Notebook">The student's notebook with feedback cells, or null when unreadable.</param>
    public sealed record Result(SubmissionReport Report, GradingNotebook? Notebook);

    /// <summary>Grades the notebook at <paramref name="path"/>; never throws for a bad submission.</summary>
    public Result Grade(string path, string submissionId)
    {
        var total = Stopwatch.StartNew();
        var report = NewReport(submissionId, "graded");
        var plans = assignment.Exercises.Select(NewExercise).ToList();
        var written = assignment.Answers.Select(NewAnswer).ToList();
        report.Exercises = Items(plans, written);
        report.MaxScore = Round(report.Exercises.Sum(e => e.MaxPoints));
        GradingNotebook? student = null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            report.NotebookHash = CellHasher.HashBytes(bytes);
            student = GradingNotebook.Parse(
                System.Text.Encoding.UTF8.GetString(bytes),
                Path.GetFileName(path)
            );
        }
        catch (Exception e)
            when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            report.Status = "invalid";
            report.Notes.Add(e.Message);
            foreach (var p in plans)
            {
                NotRun(p, "not-graded", "The notebook could not be read: " + e.Message);
            }
            Finish(report, total, 0);
            return new Result(report, null);
        }

        var studentCode = Match(student, report);
        foreach (var item in written)
        {
            item.Answer = student
                .Cells.FirstOrDefault(c => c.Role == CellRole.Answer && c.AnswerId == item.Id)
                ?.Source;
        }
        var sandbox = Directory
            .CreateDirectory(
                Path.Combine(
                    options.SandboxRoot ?? Path.Combine(Path.GetTempPath(), "rnncourse-sandboxes"),
                    Guid.NewGuid().ToString("N")
                )
            )
            .FullName;
        double runMs = 0;
        try
        {
            using var session = new WorkerSession(sandbox, options, _isolation);
            var deadline = Stopwatch.StartNew();
            int exerciseIndex = 0;
            foreach (var cell in assignment.Cells)
            {
                var left = options.SubmissionTimeout - deadline.Elapsed;
                if (cell.Role == CellRole.Locked)
                {
                    if (left <= TimeSpan.Zero)
                    {
                        continue;
                    }
                    runMs += RunLocked(session, cell, Min(options.LockedCellTimeout, left), report);
                }
                else if (cell.Role == CellRole.Exercise)
                {
                    var plan = plans[exerciseIndex++];
                    if (left <= TimeSpan.Zero)
                    {
                        NotRun(
                            plan,
                            "not-graded",
                            $"Not graded: the submission time limit ({options.SubmissionTimeout.TotalSeconds:0} s) was reached before this exercise."
                        );
                        continue;
                    }
                    runMs += RunExercise(
                        session,
                        plan,
                        studentCode.GetValueOrDefault(plan.Spec.Id),
                        Min(options.ExerciseTimeout, left)
                    );
                    if (exerciseIndex == plans.Count)
                    {
                        // Locked cells after the last exercise cannot change a grade; course
                        // notebooks end with long training runs, so they are not run.
                        break;
                    }
                }
            }
            report.Tool.Runtime = session.Runtime ?? report.Tool.Runtime;
        }
        catch (InvalidOperationException e)
        {
            report.Notes.Add("Grading stopped early: " + e.Message);
            foreach (var p in plans.Where(p => p.Report.Status == ""))
            {
                NotRun(p, "not-graded", "Not graded: " + e.Message);
            }
        }
        finally
        {
            if (!options.KeepSandboxes)
            {
                try
                {
                    Directory.Delete(sandbox, recursive: true);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        Finish(report, total, runMs);
        var graded = student.Clone();
        FeedbackWriter.Write(graded, report);
        return new Result(report, graded);
    }

    /// <summary>A report for a submission that could not be graded at all.</summary>
    public SubmissionReport Failed(string submissionId, string reason)
    {
        var report = NewReport(submissionId, "invalid");
        var plans = assignment.Exercises.Select(NewExercise).ToList();
        foreach (var p in plans)
        {
            NotRun(p, "not-graded", reason);
        }
        report.Exercises = Items(plans, assignment.Answers.Select(NewAnswer).ToList());
        report.MaxScore = Round(report.Exercises.Sum(e => e.MaxPoints));
        report.Notes.Add(reason);
        ManualMarks.Apply(report, null);
        return report;
    }

    // Code exercises and written answers in notebook order.
    private List<ExerciseReport> Items(List<Plan> plans, List<ExerciseReport> written) =>
        plans
            .Select(p => (p.Spec.CellIndex, p.Report))
            .Concat(written.Select(w => (assignment.Answers.First(a => a.Id == w.Id).CellIndex, w)))
            .OrderBy(x => x.Item1)
            .Select(x => x.Item2)
            .ToList();

    private static ExerciseReport NewAnswer(AnswerSpec spec) =>
        new()
        {
            Id = spec.Id,
            Kind = "written",
            MaxPoints = spec.Points,
            Rubric = spec
                .Rubric.Select(r => new RubricLine
                {
                    Id = r.Id,
                    Text = r.Text,
                    Points = r.Points,
                })
                .ToList(),
        };

    // Every report states the isolation; a missing OS sandbox is also a note (CSV, summary, feedback).
    private SubmissionReport NewReport(string submissionId, string status)
    {
        var report = new SubmissionReport
        {
            Submission = submissionId,
            Assignment = assignment.Name,
            Mode = checkMode ? "check" : "grade",
            Status = status,
            Seed = options.BaseSeed,
            Isolation = _isolation.Description,
        };
        report.Tool.Worker = WorkerLauncher.Precompiled ? "ReadyToRun" : "JIT";
        if (!_isolation.Active && !checkMode)
        {
            report.Notes.Add("WARNING: " + _isolation.Description);
        }
        return report;
    }

    /// <summary>A class-report line for a file that was found and not graded (status "skipped").</summary>
    public SubmissionReport NotGraded(string submissionId, string reason)
    {
        var report = NewReport(submissionId, "skipped");
        report.Notes.Add(reason);
        return report;
    }

    private sealed class Plan
    {
        public required ExerciseSpec Spec { get; init; }
        public required ExerciseReport Report { get; init; }
        public required List<(
            TestCaseInfo Info,
            bool Hidden,
            TestReport Report
        )> Tests { get; init; }
    }

    private Plan NewExercise(ExerciseSpec spec)
    {
        var tests = new List<(TestCaseInfo, bool, TestReport)>();
        foreach (
            var (source, hidden) in spec
                .PublicTests.Select(s => (s, false))
                .Concat(spec.HiddenTests.Select(s => (s, true)))
        )
        {
            foreach (var info in TestSourceScanner.Scan(source.Code, source.Name))
            {
                tests.Add(
                    (
                        info,
                        hidden,
                        new TestReport
                        {
                            Name = info.Name,
                            Visibility = hidden ? "hidden" : "public",
                            Status = "not-run",
                        }
                    )
                );
            }
        }
        // A test is worth its [GradedTest] points everywhere (the notebook's ✅ line, `check`,
        // `grade`); an exercise's tests sum to its points (AssignmentLoader checks), and `check`,
        // which has only the public tests, is out of their sum.
        foreach (var t in tests)
        {
            t.Item3.Points = t.Item1.Points;
        }
        return new Plan
        {
            Spec = spec,
            Tests = tests,
            Report = new ExerciseReport
            {
                Id = spec.Id,
                MaxPoints = Round(tests.Sum(t => t.Item1.Points)),
                Seed = Seeds.ForExercise(assignment.Name, spec.Id, options.BaseSeed),
                Tests = tests.Select(t => t.Item3).ToList(),
            },
        };
    }

    // Exercise id → the student's code; fills tampering and notes.
    private Dictionary<string, string> Match(GradingNotebook student, SubmissionReport report)
    {
        var code = new Dictionary<string, string>();
        foreach (var c in student.Cells.Where(c => c.Role == CellRole.Exercise))
        {
            if (!code.TryAdd(c.Exercise!, c.Source))
            {
                report.Notes.Add(
                    $"Exercise {c.Exercise} appears in more than one cell; the first one was graded."
                );
            }
        }
        var byId = new Dictionary<string, NotebookCell>();
        foreach (var c in student.Cells.Where(c => c.Id is not null))
        {
            byId.TryAdd(c.Id!, c);
        }
        var manifest = checkMode ? ManifestHashes(student) : null;
        foreach (
            var cell in assignment.Cells.Where(c =>
                c.Role is CellRole.Locked or CellRole.PublicTests or CellRole.Prompt
            )
        )
        {
            string? expected = checkMode ? manifest?.GetValueOrDefault(cell.Id) : cell.Hash;
            if (expected is null)
            {
                continue;
            }
            if (!byId.TryGetValue(cell.Id, out var mine))
            {
                report.Tampering.Add(
                    new TamperRecord
                    {
                        Cell = cell.Index,
                        Id = cell.Id,
                        Change = "deleted",
                    }
                );
            }
            else if (
                (
                    cell.Role == CellRole.Prompt
                        ? CellHasher.HashText(mine.Source)
                        : CellHasher.Hash(mine.Source)
                ) != expected
            )
            {
                report.Tampering.Add(
                    new TamperRecord
                    {
                        Cell = cell.Index,
                        Id = cell.Id,
                        Change = "modified",
                    }
                );
            }
        }
        if (report.Tampering.Count > 0)
        {
            report.Notes.Add(
                checkMode
                    ? $"{report.Tampering.Count} locked cell(s) differ from the released notebook; grading will use the originals (cells: {string.Join(", ", report.Tampering.Select(t => t.Id))})."
                    : $"{report.Tampering.Count} locked cell(s) were changed or deleted; the original cells were used (cells: {string.Join(", ", report.Tampering.Select(t => t.Id))})."
            );
        }
        if (!checkMode)
        {
            var known = assignment.Cells.Select(c => c.Id).ToHashSet();
            foreach (var (c, i) in student.Cells.Select((c, i) => (c, i)))
            {
                if (
                    c.CellType == "code"
                    && c.Role is CellRole.Locked
                    && (c.Id is null || !known.Contains(c.Id))
                    && c.Source.Trim().Length > 0
                )
                {
                    report.Notes.Add(
                        $"Cell {i} was added to the notebook and was not run; put helper code inside the exercise cell that needs it."
                    );
                }
            }
        }
        foreach (var i in checkMode ? assignment.AddedCells : [])
        {
            report.Notes.Add(
                $"Cell {i} was added to the notebook and is not run in grading; put helper code inside the exercise cell that needs it."
            );
        }
        if (checkMode && manifest is null)
        {
            report.Notes.Add(
                "This notebook has no release manifest, so locked cells could not be checked."
            );
        }
        return code;
    }

    private static Dictionary<string, string>? ManifestHashes(GradingNotebook nb)
    {
        if (nb.Root["metadata"]?["rnncourse"]?["manifest"]?["cells"] is not JsonArray cells)
        {
            return null;
        }
        var map = new Dictionary<string, string>();
        foreach (var c in cells.OfType<JsonObject>())
        {
            if (c["id"]?.GetValue<string>() is { } id && c["hash"]?.GetValue<string>() is { } hash)
            {
                map[id] = hash;
            }
        }
        return map;
    }

    private double RunLocked(
        WorkerSession session,
        AssignmentCell cell,
        TimeSpan budget,
        SubmissionReport report
    )
    {
        var (end, e) = session.Exec(cell.Code, policy: false, budget);
        switch (end)
        {
            case RequestEnd.Timeout:
                report.Notes.Add(
                    $"Locked cell {cell.Index} did not finish within {budget.TotalSeconds:0} s and was skipped."
                );
                return 0;
            case RequestEnd.Crashed:
                report.Notes.Add(
                    $"Locked cell {cell.Index} ended the worker process (exit code {session.LastExitCode}) and was skipped."
                );
                return 0;
        }
        if (e!.Phase == "compile")
        {
            report.Notes.Add(
                $"Locked cell {cell.Index} does not compile here: {string.Join("; ", e.Diagnostics ?? [])}"
            );
            return 0;
        }
        session.Commit(cell.Code);
        if (e.Phase == "runtime")
        {
            report.Notes.Add($"Locked cell {cell.Index} threw {e.Error}");
        }
        return e.RunMs;
    }

    private double RunExercise(WorkerSession session, Plan plan, string? code, TimeSpan budget)
    {
        var r = plan.Report;
        var sw = Stopwatch.StartNew();
        double runMs = 0;
        bool accepted = false;
        if (code is null)
        {
            NotRun(
                plan,
                "missing",
                $"Exercise {plan.Spec.Id}'s cell was not found: keep the cell and its metadata (\"rnncourse\": {{\"exercise\": \"{plan.Spec.Id}\"}})."
            );
        }
        else
        {
            var (end, e) = session.Exec(code, options.ApiPolicy, budget, _testNames);
            if (end == RequestEnd.Timeout)
            {
                NotRun(
                    plan,
                    "timeout",
                    $"Your cell ran longer than {budget.TotalSeconds:0.#} s and was stopped (an endless loop?)."
                );
            }
            else if (end == RequestEnd.Crashed)
            {
                NotRun(plan, "crashed", CrashReason(session.LastExitCode, "your cell"));
            }
            else if (e!.Phase is "compile" or "policy")
            {
                r.Diagnostics = e.Diagnostics;
                r.Timings.CompileMs += e.CompileMs;
                NotRun(
                    plan,
                    e.Phase == "compile" ? "compile-error" : "policy",
                    e.Phase == "compile"
                        ? "Your cell does not compile; see the errors (line, column in the cell)."
                        : "Your cell uses an API that graded exercises may not use; see the messages."
                );
            }
            else
            {
                accepted = true;
                r.Timings.CompileMs += e.CompileMs;
                r.Timings.RunMs += e.RunMs;
                runMs += e.RunMs;
                if (e.Phase == "runtime")
                {
                    r.Reason = $"Your cell threw {e.Error}";
                }
                runMs += RunTests(session, plan, budget - sw.Elapsed, budget);
            }
        }

        double earned = plan.Tests.Sum(t => t.Report.Earned);
        r.Points = Math.Min(Round(earned), r.MaxPoints);
        if (r.Status == "")
        {
            bool all = plan.Tests.Count > 0 && plan.Tests.All(t => t.Report.Status == "passed");
            r.Status =
                all ? "passed"
                : earned > 0 ? "partial"
                : "failed";
            if (plan.Tests.Count == 0)
            {
                r.Status = "no-tests";
                r.Reason ??= checkMode
                    ? "This exercise has no public tests; it is graded by hidden tests."
                    : "This exercise has no tests (instructor: add tests/grading/<notebook>/<exercise>.cs).";
            }
            else if (!all)
            {
                r.Reason ??=
                    $"{plan.Tests.Count(t => t.Report.Status != "passed")} of {plan.Tests.Count} tests did not pass.";
            }
        }

        if (accepted)
        {
            session.Commit(code!);
        }
        if (
            !checkMode
            && options.ReferenceAfterFailure
            && r.Status != "passed"
            && plan.Spec.Reference is { } reference
        )
        {
            var (end, e) = session.Exec(reference, policy: false, options.LockedCellTimeout);
            if (end == RequestEnd.Answered && e!.Phase is "ok" or "runtime")
            {
                session.Commit(reference);
                r.ReferenceUsed = true;
            }
        }
        return runMs;
    }

    private double RunTests(WorkerSession session, Plan plan, TimeSpan budget, TimeSpan limit)
    {
        var sources = plan.Spec.PublicTests.Concat(plan.Spec.HiddenTests).ToList();
        if (plan.Tests.Count == 0)
        {
            return 0;
        }
        double runMs = 0;
        string? running = null;
        var byName = plan.Tests.ToDictionary(t => t.Report.Name);
        var end = session.Tests(
            plan.Spec.Id,
            plan.Report.Seed,
            sources,
            budget,
            e =>
            {
                switch (e.Type)
                {
                    case "test-start":
                        running = e.Name;
                        break;
                    case "test" when e.Name is not null && byName.TryGetValue(e.Name, out var t):
                        running = null;
                        t.Report.RunMs = e.RunMs;
                        runMs += e.RunMs;
                        plan.Report.Timings.RunMs += e.RunMs;
                        if (e.Ok)
                        {
                            t.Report.Status = "passed";
                            t.Report.Earned = t.Report.Points;
                        }
                        else
                        {
                            t.Report.Status = e.CheckFailure ? "failed" : "error";
                            t.Report.Message = FailureMessage(t.Info, t.Hidden, e);
                            t.Report.InstructorDetail = e.Error;
                        }
                        break;
                    case "source-error":
                        foreach (
                            var s in plan.Tests.Where(s =>
                                s.Report.Status == "not-run" && SourceOf(plan, s) == e.Name
                            )
                        )
                        {
                            s.Report.Status = "error";
                            s.Report.InstructorDetail = string.Join(
                                "; ",
                                e.Diagnostics is { Count: > 0 } d ? d : [e.Error ?? ""]
                            );
                            s.Report.Message = s.Hidden
                                ? "The tests could not run against your code: check the names, parameter types and return types the exercise asks for."
                                : "The tests could not run against your code: "
                                    + string.Join("; ", e.Diagnostics ?? [e.Error ?? ""]);
                        }
                        break;
                }
            }
        );
        if (end != RequestEnd.Answered)
        {
            var why =
                end == RequestEnd.Timeout
                    ? $"timed out: the exercise (cell and tests) did not finish within {limit.TotalSeconds:0.#} s (an endless loop?)"
                    : CrashReason(session.LastExitCode, "a test of your code");
            foreach (var t in plan.Tests.Where(t => t.Report.Status == "not-run"))
            {
                bool current = t.Report.Name == running;
                t.Report.Status = current
                    ? (end == RequestEnd.Timeout ? "timeout" : "crashed")
                    : "not-run";
                t.Report.Message = current
                    ? Capitalize(why)
                    : "Not run: an earlier test "
                        + (end == RequestEnd.Timeout ? "timed out." : "crashed the worker.");
            }
            plan.Report.Status = end == RequestEnd.Timeout ? "timeout" : "crashed";
            plan.Report.Reason = Capitalize(why);
        }
        return runMs;
    }

    private static string SourceOf(
        Plan plan,
        (TestCaseInfo Info, bool Hidden, TestReport Report) test
    )
    {
        foreach (var s in plan.Spec.PublicTests.Concat(plan.Spec.HiddenTests))
        {
            if (TestSourceScanner.Scan(s.Code, s.Name).Any(i => i.Name == test.Info.Name))
            {
                return s.Name;
            }
        }
        return "";
    }

    private static string FailureMessage(TestCaseInfo info, bool hidden, WorkerEvent e)
    {
        var error = e.Error ?? "failed";
        if (!hidden)
        {
            return TestFailure.PublicMessage(info.Message, error);
        }
        var message = info.Message ?? "This test did not pass.";
        if (!e.CheckFailure)
        {
            var type = error.Split(':', 2)[0];
            message += $" (your code threw {type})";
        }
        return message;
    }

    private static string CrashReason(int exitCode, string what) =>
        $"The worker process ended (exit code {exitCode}) while running {what}: a stack overflow (unbounded recursion), Environment.Exit/FailFast, or running out of memory (limit set by the grader).";

    private static void NotRun(Plan plan, string status, string reason)
    {
        plan.Report.Status = status;
        plan.Report.Reason = reason;
        foreach (var t in plan.Tests)
        {
            t.Report.Status = "not-run";
            t.Report.Message = "Not run: " + Lower(reason);
            t.Report.Earned = 0;
        }
    }

    private static void Finish(SubmissionReport report, Stopwatch total, double runMs)
    {
        ManualMarks.Apply(report, null);
        report.Timings.TotalMs = Math.Round(total.Elapsed.TotalMilliseconds, 1);
        report.Timings.RunMs = Math.Round(runMs, 1);
        report.Timings.OverheadMs = Math.Round(report.Timings.TotalMs - report.Timings.RunMs, 1);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static double Round(double v) => Math.Round(v, 4);

    private static string Lower(string s) =>
        s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    private static string Capitalize(string s) =>
        s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s;
}
