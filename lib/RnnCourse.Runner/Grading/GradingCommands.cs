// `rnncourse release | check | grade`: the homework commands. The work is done by the
// RnnCourse.Grading library (release transform, SubmissionGrader, worker, reports); these are the
// command-line front ends. See docs/grading.md.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Release;
using RnnCourse.Runner.Commands;

namespace RnnCourse.Runner.Grading;

/// <summary>The grading commands.</summary>
public static class GradingCommands
{
    /// <summary>The homework commands, for <see cref="Cli.Commands"/>.</summary>
    public static IEnumerable<Command> Create() =>
        [ReleaseCommand.Create(), Check(), Grade(), ReviewCommand.Create()];

    /// <summary><c>rnncourse check &lt;notebook&gt;</c>.</summary>
    public static Command Check()
    {
        var notebook = new Argument<string>("notebook")
        {
            Description = "Your notebook (the released version with your answers).",
        };
        var timeout = TimeoutOption("--exercise-timeout", "10s", "Time limit per exercise.");
        var json = new Option<string?>("--json")
        {
            Description = "Also write the report as JSON to this file.",
        };
        var command = new Command(
            "check",
            "Check your homework the way it will be graded, with the notebook's public tests."
        )
        {
            notebook,
            timeout,
            json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(notebook)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"rnncourse check: '{path}' does not exist.");
                return ExitCodes.BadInput;
            }
            var options = new GradeOptions
            {
                ExerciseTimeout =
                    Cli.ParseDuration(parse.GetValue(timeout)!) ?? TimeSpan.FromHours(1),
            };
            var report = Checker.Check(path, options);
            Console.Write(Checker.Format(report));
            if (parse.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, report.ToJson() + "\n");
            }
            return report.Status == "invalid" ? ExitCodes.BadInput
                : report.Exercises.All(e => e.Status is "passed" or "no-tests") ? ExitCodes.Ok
                : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary><c>rnncourse grade &lt;submission|folder&gt; --hidden DIR</c>.</summary>
    public static Command Grade()
    {
        var target = new Argument<string>("submissions")
        {
            Description = "A submitted notebook, or a folder searched recursively for notebooks.",
        };
        var hidden = new Option<string>("--hidden")
        {
            Description =
                "Folder with the source notebook (solutions) and hidden tests <exercise>.cs.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for reports and graded notebooks.",
            DefaultValueFactory = _ => "grading-output",
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Submissions graded in parallel.",
            DefaultValueFactory = _ => 1,
        };
        var shard = new Option<string>("--shard")
        {
            Description = "Grade only shard i of n (1-based), e.g. 2/4.",
            DefaultValueFactory = _ => "1/1",
        };
        var exerciseTimeout = TimeoutOption(
            "--exercise-timeout",
            "10s",
            "Time limit per exercise (cell + tests)."
        );
        var submissionTimeout = TimeoutOption(
            "--submission-timeout",
            "3m",
            "Time limit per submission."
        );
        var memory = new Option<int>("--memory-mb")
        {
            Description = "GC heap hard limit of each worker, MiB.",
            DefaultValueFactory = _ => 1024,
        };
        var outputCap = new Option<int>("--output-cap")
        {
            Description = "Characters of console output kept per cell.",
            DefaultValueFactory = _ => 65536,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Base seed mixed into every exercise seed.",
            DefaultValueFactory = _ => 0,
        };
        var noPolicy = new Option<bool>("--no-api-policy")
        {
            Description =
                "Do not check student cells against the API allowlist and protected names (files, processes, reflection…).",
        };
        var sandbox = new Option<SandboxMode>("--sandbox")
        {
            Description =
                "OS sandbox per worker (bubblewrap): auto (use it where it works, warn loudly elsewhere), required, off.",
            DefaultValueFactory = _ => SandboxMode.Auto,
        };
        var referenceAfterFailure = new Option<bool>("--reference-after-failure")
        {
            Description =
                "After a failed exercise, run its reference solution in the worker so later exercises use correct definitions (puts the solution into the process that runs student code).",
        };
        var selfTest = new Option<bool>("--self-test")
        {
            Description =
                "First grade the source notebook itself and stop unless it gets full marks.",
        };
        var command = new Command(
            "grade",
            "Grade submissions with public and hidden tests, each in its own sandboxed worker process."
        )
        {
            target,
            hidden,
            output,
            jobs,
            shard,
            exerciseTimeout,
            submissionTimeout,
            memory,
            outputCap,
            seed,
            noPolicy,
            sandbox,
            referenceAfterFailure,
            selfTest,
        };
        command.Subcommands.Add(MergeCommand.Create());
        command.SetAction(parse =>
        {
            Assignment assignment;
            (int, int) shardValue;
            try
            {
                assignment = AssignmentLoader.Load(parse.GetValue(hidden)!);
                shardValue = ParseShard(parse.GetValue(shard)!);
            }
            catch (Exception e) when (e is AssignmentException or FormatException)
            {
                Console.Error.WriteLine($"rnncourse grade: {e.Message}");
                return ExitCodes.BadInput;
            }
            var options = new GradeOptions
            {
                Jobs = Math.Max(1, parse.GetValue(jobs)),
                Shard = shardValue,
                ExerciseTimeout =
                    Cli.ParseDuration(parse.GetValue(exerciseTimeout)!) ?? TimeSpan.FromHours(1),
                SubmissionTimeout =
                    Cli.ParseDuration(parse.GetValue(submissionTimeout)!) ?? TimeSpan.FromDays(1),
                MemoryLimitMb = parse.GetValue(memory),
                OutputCap = parse.GetValue(outputCap),
                BaseSeed = parse.GetValue(seed),
                ApiPolicy = !parse.GetValue(noPolicy),
                Sandbox = parse.GetValue(sandbox),
                ReferenceAfterFailure = parse.GetValue(referenceAfterFailure),
            };
            SandboxStatus isolation;
            try
            {
                isolation = OsSandbox.Detect(options);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"rnncourse grade: --sandbox required: {e.Message}");
                return ExitCodes.Failed;
            }
            if (isolation.Active)
            {
                Console.WriteLine(isolation.Description);
            }
            else
            {
                // Loud on both streams: a log that keeps only one still shows it.
                var banner = new string('!', 78);
                Console.WriteLine($"{banner}\nWARNING: {isolation.Description}\n{banner}");
                Console.Error.WriteLine($"rnncourse grade: WARNING: {isolation.Description}");
            }
            var submissions = parse.GetValue(target)!;
            if (!File.Exists(submissions) && !Directory.Exists(submissions))
            {
                Console.Error.WriteLine(
                    $"rnncourse grade: '{submissions}' is neither a notebook nor a folder."
                );
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(selfTest) && !SelfTest(assignment, parse.GetValue(hidden)!, options))
            {
                return ExitCodes.Failed;
            }
            var sw = Stopwatch.StartNew();
            int done = 0;
            ClassGrader.Outcome outcome;
            try
            {
                outcome = ClassGrader.Grade(
                    submissions,
                    assignment,
                    parse.GetValue(output)!,
                    options,
                    r =>
                    {
                        int n = Interlocked.Increment(ref done);
                        Console.WriteLine(
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"[{n}] {r.Submission}: {r.Score:0.##}/{r.MaxScore:0.##} {(r.Status == "invalid" ? "(unreadable) " : "")}{r.Timings.TotalMs / 1000:0.0} s"
                            )
                        );
                    }
                );
            }
            catch (RnnCourse.Grading.Reports.GradesFolderException e)
            {
                Console.Error.WriteLine($"rnncourse grade: {e.Message}");
                return ExitCodes.BadInput;
            }
            var reports = outcome.Reports;
            double overhead = reports.Count == 0 ? 0 : reports.Average(r => r.Timings.OverheadMs);
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Graded {reports.Count} submission(s) in {sw.Elapsed.TotalSeconds:0.0} s (jobs {options.Jobs}); mean overhead beyond run time {overhead / 1000:0.00} s per submission."
                )
            );
            foreach (var f in outcome.Files)
            {
                Console.WriteLine($"Wrote {f}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool SelfTest(Assignment assignment, string hiddenDir, GradeOptions options)
    {
        var source = Directory.GetFiles(hiddenDir, "*.ipynb").Single();
        var report = new SubmissionGrader(assignment, options).Grade(source, "self-test").Report;
        if (report.Score == report.MaxScore && report.MaxScore > 0)
        {
            Console.WriteLine(
                $"Self-test: the source notebook scores {report.Score:0.##}/{report.MaxScore:0.##}."
            );
            return true;
        }
        Console.Error.WriteLine(
            $"rnncourse grade: self-test failed: the source notebook scores {report.Score:0.##}/{report.MaxScore:0.##}; fix the solutions or tests:"
        );
        foreach (var e in report.Exercises.Where(e => e.Status != "passed"))
        {
            Console.Error.WriteLine($"  {e.Id}: {e.Status}: {e.Reason}");
            foreach (var d in e.Diagnostics ?? [])
            {
                Console.Error.WriteLine($"    {d}");
            }
            foreach (var t in e.Tests.Where(t => t.Status != "passed"))
            {
                Console.Error.WriteLine(
                    $"    {t.Name} ({t.Visibility}): {t.Status}: {t.InstructorDetail ?? t.Message}"
                );
            }
        }
        return false;
    }

    private static Option<string> TimeoutOption(string name, string @default, string description) =>
        new(name)
        {
            Description = description + " Seconds, or with a unit: 500ms, 30s, 5m.",
            DefaultValueFactory = _ => @default,
        };

    /// <summary>Parses "i/n".</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (
            parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n)
            && n >= 1
            && i >= 1
            && i <= n
        )
        {
            return (i, n);
        }
        throw new FormatException($"--shard {text}: use i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.");
    }
}
