// `rnncourse run <notebook|folder>...`: executes each notebook in its own child process (working
// directory = the notebook's SOURCE folder, so relative #r paths work), writes the outputs back in
// place or under --output (plus the HTML site there), shows progress and a summary table.
// A cell that fails only because an exercise of the student edition is still to do (the released
// stub's "Exercise X.Y is not implemented yet.") is reported as "to do", not as a failure.
// Exit code: 2 if any input was bad (that file untouched), else 1 if any cell failed, else 0.
using System.CommandLine;
using RnnCourse.Grading.Release;
using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Rendering;
using Spectre.Console;

namespace RnnCourse.Runner.Commands;

/// <summary>The <c>run</c> command.</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb) or folders of notebooks (run in path order).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description =
                "Write executed notebooks (same relative paths) and the HTML site to this folder instead of updating the notebooks in place.",
        };
        var timeout = new Option<string>("--timeout")
        {
            Description =
                "Time limit per cell: seconds or 90s/5m/1h; 0 = none. The cell's process is killed and the cell reported.",
            DefaultValueFactory = _ => "10m",
        };
        var notebookTimeout = new Option<string>("--notebook-timeout")
        {
            Description = "Time limit per notebook (same format).",
            DefaultValueFactory = _ => "60m",
        };
        var stopOnError = new Option<bool>("--stop-on-error")
        {
            Description =
                "Skip the cells after a failed cell (default: run them, as VS Code's Run All does, and report every failed cell).",
        };
        var maxOutput = new Option<long>("--max-output")
        {
            Description = "Output characters per cell before truncation.",
            DefaultValueFactory = _ => new SessionOptions().MaxOutputChars,
        };
        var noSite = new Option<bool>("--no-site")
        {
            Description = "With --output: do not write the HTML site.",
        };
        var parallel = new Option<int>("--parallel", "-j")
        {
            Description =
                "Notebooks run at the same time, each in its own process (default 1: timings stay meaningful).",
            DefaultValueFactory = _ => 1,
        };
        var noImages = new Option<bool>("--no-images")
        {
            Description =
                "Do not add static chart images (image/png, drawn by plotly.js in headless Chromium) to the chart outputs.",
        };
        var command = new Command("run", "Execute notebooks headless and write their outputs.")
        {
            noImages,
            parallel,
            paths,
            output,
            timeout,
            notebookTimeout,
            stopOnError,
            maxOutput,
            noSite,
        };
        command.SetAction(
            async (parse, ct) =>
            {
                TimeSpan? cell,
                    whole;
                try
                {
                    cell = Cli.ParseDuration(parse.GetValue(timeout)!);
                    whole = Cli.ParseDuration(parse.GetValue(notebookTimeout)!);
                }
                catch (Exception e) when (e is FormatException or OverflowException)
                {
                    Console.Error.WriteLine(
                        "rnncourse run: --timeout and --notebook-timeout take seconds or a duration like 90s, 5m, 1h."
                    );
                    return ExitCodes.BadInput;
                }
                var options = new RunSettings(
                    parse.GetValue(paths)!,
                    parse.GetValue(output),
                    new NotebookRunOptions
                    {
                        CellTimeout = cell,
                        NotebookTimeout = whole,
                        StopOnError = parse.GetValue(stopOnError),
                    },
                    parse.GetValue(maxOutput),
                    !parse.GetValue(noSite),
                    parse.GetValue(parallel),
                    parse.GetValue(noImages) ? null : ChartImageSettings.Default()
                );
                return await ExecuteAsync(options, CreateConsole(), ct);
            }
        );
        return command;
    }

    /// <summary>The terminal, or plain text without colours and wrapping when output is redirected (CI logs).</summary>
    public static IAnsiConsole CreateConsole()
    {
        if (!Console.IsOutputRedirected)
            return AnsiConsole.Console;
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            }
        );
        console.Profile.Width = 200;
        return console;
    }

    /// <summary>Everything <c>run</c> needs.</summary>
    /// <param name="Paths">Notebooks or folders.</param>
    /// <param name="Output">Output folder, or null for in place.</param>
    /// <param name="Run">Time limits and error policy.</param>
    /// <param name="MaxOutputChars">Output size limit per cell.</param>
    /// <param name="Site">Write the HTML site under <paramref name="Output"/>.</param>
    /// <param name="Parallel">Notebooks run at the same time (each in its own process).</param>
    /// <param name="Images">How chart outputs get their static images; null: none.</param>
    public sealed record RunSettings(
        IReadOnlyList<string> Paths,
        string? Output,
        NotebookRunOptions Run,
        long MaxOutputChars,
        bool Site = true,
        int Parallel = 1,
        ChartImageSettings? Images = null
    );

    /// <summary>The browser and plotly.js that draw the chart images.</summary>
    /// <param name="Chromium">Headless Chromium; null when none is installed (the run says so once and writes no images).</param>
    /// <param name="PlotlyJs">plotly.min.js (the one the site ships).</param>
    public sealed record ChartImageSettings(HeadlessChromium? Chromium, string PlotlyJs)
    {
        /// <summary>The Chromium found on this machine and the runner's shipped plotly.js.</summary>
        public static ChartImageSettings Default() =>
            new(HeadlessChromium.Find(), WebAssets.Shipped.PlotlyJs);
    }

    /// <summary>One notebook's line of the summary.</summary>
    public sealed record NotebookSummary(
        string Name,
        string Status,
        int Cells,
        int Executed,
        int Failed,
        TimeSpan Elapsed,
        string? Detail
    );

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(
        RunSettings settings,
        IAnsiConsole console,
        CancellationToken ct = default
    )
    {
        var errors = new List<string>();
        var inputs = NotebookInputs.Expand(settings.Paths, settings.Output, errors);
        var bad = errors.Count > 0;
        foreach (var e in errors)
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e)}");
        var summaries = new List<NotebookSummary>();
        var written = new List<(Notebook Notebook, string RelativePath)>();
        var anyFailed = false;
        var images = settings.Images switch
        {
            null => null,
            { Chromium: null } => null,
            var i => new ChartImages(i.Chromium, i.PlotlyJs),
        };
        if (settings.Images is { Chromium: null })
            console.MarkupLine(
                $"[yellow]note:[/] no Chromium found ({Markup.Escape(HeadlessChromium.InstallHint)}): chart outputs get no static image, so GitHub and readers without JavaScript will not see them. The run goes on."
            );
        long imageCharts = 0,
            imageTicks = 0;

        // Read everything first: bad input is reported before minutes of running.
        var loaded = new List<(NotebookInput Input, Notebook Notebook)>();
        foreach (var input in inputs)
        {
            try
            {
                loaded.Add((input, NotebookJson.ReadFile(input.Path)));
            }
            catch (NotebookFormatException e)
            {
                bad = true;
                var label =
                    e.Problem == NotebookProblem.NotCSharp
                        ? "[yellow]warning:[/]"
                        : "[red]error:[/]";
                console.MarkupLine($"{label} {Markup.Escape(e.Message)} (file left unchanged)");
                summaries.Add(
                    new NotebookSummary(
                        input.RelativePath,
                        e.Problem == NotebookProblem.NotCSharp ? "skipped" : "bad input",
                        0,
                        0,
                        0,
                        TimeSpan.Zero,
                        e.Message
                    )
                );
            }
        }

        // Notebooks run in child processes, up to settings.Parallel at a time; results are kept in
        // course order for the summary and the site.
        var outcomes = new (NotebookSummary Summary, Notebook? Written, string? Failure)[
            loaded.Count
        ];
        var printGate = new object();
        void Print(string markup)
        {
            lock (printGate)
                console.MarkupLine(markup);
        }
        async Task RunOne(int k, Action<CellRunRecord> onCell)
        {
            var (input, notebook) = loaded[k];
            var codeCells = notebook.Cells.Count(c => c.Kind == CellKind.Code);
            NotebookRunResult result;
            try
            {
                await using var kernel = await NotebookProcess.StartAsync(
                    new SessionOptions
                    {
                        WorkingDirectory = Path.GetDirectoryName(input.Path)!,
                        MaxOutputChars = settings.MaxOutputChars,
                    }
                );
                result = await NotebookExecutor.RunAsync(
                    notebook,
                    kernel,
                    settings.Run,
                    onCell,
                    ct
                );
            }
            catch (InvalidOperationException e)
            {
                outcomes[k] = (
                    new NotebookSummary(
                        input.RelativePath,
                        "not run",
                        codeCells,
                        0,
                        0,
                        TimeSpan.Zero,
                        e.Message
                    ),
                    null,
                    $"{input.RelativePath}: {e.Message}"
                );
                return;
            }
            var target = settings.Output is null
                ? input.Path
                : Path.Combine(settings.Output, input.RelativePath);
            if (images is not null)
            {
                try
                {
                    var drawn = images.AddTo(notebook);
                    Interlocked.Add(ref imageCharts, drawn.Charts);
                    Interlocked.Add(ref imageTicks, drawn.Elapsed.Ticks);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    Print(
                        $"[yellow]warning:[/] {Markup.Escape(input.RelativePath)}: no chart images: {Markup.Escape(e.Message.Split('\n')[0])}"
                    );
                }
            }
            NotebookJson.WriteFile(target, notebook);
            // Every failed cell, as VS Code's Run All would show them, one line each; cells that
            // wait for an exercise of the student edition are counted apart.
            var notOk = result
                .Cells.Where(c => c.Result.Status is not (CellStatus.Ok or CellStatus.Skipped))
                .Select(c =>
                    (Cell: c, Exercise: SolutionRegions.ExerciseToDo(c.Result.ErrorSummary))
                )
                .ToList();
            var toDo = notOk
                .Select(c => c.Exercise)
                .OfType<string>()
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
            var failures = notOk.Where(c => c.Exercise is null).Select(c => c.Cell).ToList();
            var detail =
                failures.Count == 0
                    ? null
                    : string.Join(
                        $"\n  {input.RelativePath}, ",
                        failures.Select(c =>
                            $"cell {c.CellIndex + 1}: {c.Result.ErrorSummary ?? c.Result.Status.ToString()}{Hint(c.Result.ErrorSummary)}"
                        )
                    );
            var status =
                failures.Count > 0 ? failures[0].Result.Status.ToString().ToLowerInvariant()
                : toDo.Count > 0 ? $"to do: {string.Join(", ", toDo)}"
                : "ok";
            outcomes[k] = (
                new NotebookSummary(
                    input.RelativePath,
                    status,
                    codeCells,
                    result.Executed,
                    failures.Count,
                    result.Elapsed,
                    detail
                ),
                notebook,
                detail is null ? null : $"{input.RelativePath}, {detail}"
            );
        }
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, settings.Parallel),
            CancellationToken = ct,
        };
        if (console.Profile.Capabilities.Interactive && loaded.Count > 0)
        {
            await console
                .Progress()
                .AutoClear(false)
                .Columns(
                    new TaskDescriptionColumn(),
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ElapsedTimeColumn()
                )
                .StartAsync(async ctx =>
                {
                    var tasks = loaded
                        .Select(l =>
                            ctx.AddTask(
                                Markup.Escape(l.Input.RelativePath),
                                autoStart: false,
                                maxValue: Math.Max(
                                    1,
                                    l.Notebook.Cells.Count(c => c.Kind == CellKind.Code)
                                )
                            )
                        )
                        .ToList();
                    await Parallel.ForEachAsync(
                        Enumerable.Range(0, loaded.Count),
                        parallel,
                        async (k, _) =>
                        {
                            var task = tasks[k];
                            task.StartTask();
                            await RunOne(
                                k,
                                r =>
                                {
                                    task.Increment(1);
                                    if (
                                        r.Result.Status is not (CellStatus.Ok or CellStatus.Skipped)
                                    )
                                        task.Description =
                                            $"{Markup.Escape(loaded[k].Input.RelativePath)} [red](cell {r.CellIndex + 1} failed)[/]";
                                }
                            );
                            task.Value = task.MaxValue;
                            task.StopTask();
                        }
                    );
                });
            foreach (var o in outcomes.Where(o => o.Failure is not null))
                console.MarkupLine($"[red]✗[/] {Markup.Escape(o.Failure!)}");
        }
        else
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, loaded.Count),
                parallel,
                async (k, _) =>
                {
                    var name = loaded[k].Input.RelativePath;
                    Print(
                        $"▶ {Markup.Escape(name)} ({loaded[k].Notebook.Cells.Count(c => c.Kind == CellKind.Code)} code cells)"
                    );
                    await RunOne(
                        k,
                        r =>
                        {
                            if (r.Result.Status != CellStatus.Skipped)
                                Print(
                                    Markup.Escape(
                                        $"  {name} cell {r.CellIndex + 1}: {r.Result.Status} ({r.Result.Elapsed.TotalSeconds:0.0} s){(r.Result.Succeeded ? "" : " " + r.Result.ErrorSummary)}"
                                    )
                                );
                        }
                    );
                    if (outcomes[k].Failure is { } f)
                        Print($"[red]✗[/] {Markup.Escape(f)}");
                }
            );
        }
        foreach (var o in outcomes)
        {
            summaries.Add(o.Summary);
            if (o.Written is not null)
                written.Add((o.Written, o.Summary.Name));
            if (o.Failure is not null)
                anyFailed = true;
        }

        if (imageCharts > 0)
        {
            var seconds = TimeSpan.FromTicks(imageTicks).TotalSeconds;
            console.MarkupLine(
                $"Chart images: {imageCharts} chart(s) drawn in {seconds:0.0} s ({seconds / imageCharts:0.00} s per chart, one Chromium per notebook)."
            );
        }
        if (settings.Output is not null && settings.Site && written.Count > 0)
        {
            var index = SiteRenderer.Render(written, settings.Output);
            console.MarkupLine($"HTML site: [link]{Markup.Escape(index)}[/]");
        }
        WriteSummary(console, summaries);
        return bad ? ExitCodes.BadInput
            : anyFailed ? ExitCodes.Failed
            : ExitCodes.Ok;
    }

    /// <summary>What to do about a failure whose fix is known: a course library not built yet.</summary>
    internal static string Hint(string? error) =>
        error is not null
        && error.Contains("CS0006", StringComparison.Ordinal)
        && error.Contains(".dll", StringComparison.OrdinalIgnoreCase)
            ? " (the library is not built: run 'dotnet build RnnCourse.sln -c Release' at the repository root; a notebook copied elsewhere needs its #r path changed to the built DLL)"
            : "";

    private static bool IsToDo(NotebookSummary s) =>
        s.Status.StartsWith("to do", StringComparison.Ordinal);

    private static void WriteSummary(IAnsiConsole console, List<NotebookSummary> summaries)
    {
        if (summaries.Count == 0)
            return;
        var table = new Table()
            .Title("rnncourse run")
            .AddColumns("Notebook", "Status", "Cells run", "Failed", "Time");
        foreach (var s in summaries)
        {
            var status = s.Status switch
            {
                "ok" => "[green]ok[/]",
                "skipped" => "[yellow]skipped[/]",
                _ when s.Status.StartsWith("to do", StringComparison.Ordinal) =>
                    $"[yellow]{Markup.Escape(s.Status)}[/]",
                _ => $"[red]{Markup.Escape(s.Status)}[/]",
            };
            table.AddRow(
                Markup.Escape(s.Name),
                status,
                $"{s.Executed}/{s.Cells}",
                s.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{s.Elapsed.TotalSeconds:0.0} s"
            );
        }
        console.Write(table);
        var failed = summaries.Count(s => s.Status != "ok" && !IsToDo(s));
        var toDo = summaries.Count(IsToDo);
        console.MarkupLine(
            failed == 0
                ? $"[green]{summaries.Count} notebook(s) ran without errors.[/]"
                : $"[red]{failed} of {summaries.Count} notebook(s) had problems.[/]"
        );
        if (toDo > 0)
        {
            console.MarkupLine(
                $"[yellow]{toDo} notebook(s) have exercises to do[/]: their cells that need an exercise say which; write it, then run again (self-check: rnncourse check <notebook>)."
            );
        }
    }
}
