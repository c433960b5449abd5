// The worker process: reads requests from stdin, runs cells and tests in one ScriptSession (the
// real C# kernel, as in `rnncourse run`), and
// writes nonce-prefixed events to the original stdout. The submission's Console output goes to a
// capped buffer, its stdin is empty. One worker grades one submission; the parent kills it on a
// timeout and starts another (replaying the accepted cells) when it dies.
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using RnnCourse.Grading.Grading;

namespace RnnCourse.Grading.Worker;

/// <summary>The worker's main loop.</summary>
public static class WorkerLoop
{
    /// <summary>Runs until stdin closes or an "exit" request; returns the process exit code.</summary>
    public static int Run()
    {
        var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
        Console.SetIn(TextReader.Null);
        var init = Read(input);
        if (init is null || init.Op != "init" || string.IsNullOrEmpty(init.Nonce))
        {
            return 3;
        }
        string nonce = init.Nonce;
        var capture = new BoundedWriter(init.OutputCap);
        using var session = new ScriptSession();
        Send(
            output,
            nonce,
            new WorkerEvent
            {
                Type = "ready",
                Ok = true,
                Runtime = Environment.Version.ToString(),
            }
        );
        while (Read(input) is { } request)
        {
            Console.SetOut(capture);
            Console.SetError(capture);
            switch (request.Op)
            {
                case "exec":
                    Exec(session, request, capture, output, nonce);
                    break;
                case "tests":
                    Tests(session, request, capture, output, nonce);
                    break;
                case "exit":
                    return 0;
            }
        }
        return 0;
    }

    private static void Exec(
        ScriptSession session,
        WorkerRequest request,
        BoundedWriter capture,
        StreamWriter output,
        string nonce
    )
    {
        capture.Take();
        var outcome = session.Run(
            request.Code ?? "",
            request.CheckPolicy,
            capture,
            request.TestNames
        );
        var (text, dropped) = capture.Take();
        Send(
            output,
            nonce,
            new WorkerEvent
            {
                Type = "exec",
                Id = request.Id,
                Ok = outcome.Phase == "ok",
                Phase = outcome.Phase,
                Diagnostics = outcome.Diagnostics.Count > 0 ? outcome.Diagnostics : null,
                Error = outcome.Error is null ? null : TestFailure.Describe(outcome.Error),
                Output = text,
                Dropped = dropped,
                CompileMs = outcome.CompileMs,
                RunMs = outcome.RunMs,
            }
        );
    }

    private static void Tests(
        ScriptSession session,
        WorkerRequest request,
        BoundedWriter capture,
        StreamWriter output,
        string nonce
    )
    {
        string exercise = request.Exercise ?? "";
        foreach (var source in request.Sources ?? [])
        {
            var cases = TestSourceScanner.Scan(source.Code, source.Name);
            if (cases.Count == 0)
            {
                continue;
            }
            var table = string.Join(
                ", ",
                cases
                    .Select(c => c.Class)
                    .Distinct()
                    .Select(cls =>
                        cls is null
                            ? string.Join(
                                ", ",
                                cases
                                    .Where(c => c.Class is null)
                                    .Select(c =>
                                        $"global::RnnCourse.Grading.TestTable.Of({c.Method})"
                                    )
                            )
                            : $"typeof({cls})"
                    )
            );
            var code =
                source.Code + "\nglobal::RnnCourse.Grading.TestTable.Collect(" + table + ")\n";
            capture.Take();
            var outcome = session.Run(code, checkPolicy: false, capture);
            capture.Take();
            if (outcome.Phase != "ok" || outcome.ReturnValue is not object[] entries)
            {
                Send(
                    output,
                    nonce,
                    new WorkerEvent
                    {
                        Type = "source-error",
                        Id = request.Id,
                        Name = source.Name,
                        Diagnostics = outcome.Diagnostics,
                        Error = outcome.Error is null ? null : TestFailure.Describe(outcome.Error),
                    }
                );
                continue;
            }
            foreach (var (name, invoke) in Resolve(cases, entries))
            {
                Send(
                    output,
                    nonce,
                    new WorkerEvent
                    {
                        Type = "test-start",
                        Id = request.Id,
                        Name = name,
                    }
                );
                var ctx = new GradingContext(
                    exercise,
                    request.Seed,
                    Seeds.ForTest(request.Seed, name),
                    name
                );
                var sw = Stopwatch.StartNew();
                Exception? error = null;
                try
                {
                    capture.Take();
                    invoke(ctx);
                }
                catch (Exception e)
                {
                    error = e is TargetInvocationException { InnerException: { } inner }
                        ? inner
                        : e;
                }
                capture.Take();
                Send(
                    output,
                    nonce,
                    new WorkerEvent
                    {
                        Type = "test",
                        Id = request.Id,
                        Name = name,
                        Ok = error is null,
                        Error = error is null ? null : TestFailure.Describe(error),
                        CheckFailure = error is CheckFailedException,
                        RunMs = sw.Elapsed.TotalMilliseconds,
                    }
                );
            }
        }
        Send(
            output,
            nonce,
            new WorkerEvent { Type = "tests-done", Id = request.Id },
            flushOnly: false
        );
    }

    private static IEnumerable<(string Name, Action<GradingContext> Invoke)> Resolve(
        List<TestCaseInfo> cases,
        object[] entries
    )
    {
        var delegates = entries.OfType<Delegate>().ToList();
        var types = entries.OfType<Type>().ToDictionary(t => t.Name);
        int next = 0;
        foreach (var c in cases)
        {
            if (c.Class is null)
            {
                var d = delegates[next++];
                yield return (c.Name, ctx => Await(Call(d.Method, d.Target, ctx)));
            }
            else
            {
                var type = types[c.Class];
                var method = type.GetMethod(
                    c.Method,
                    BindingFlags.Public
                        | BindingFlags.NonPublic
                        | BindingFlags.Static
                        | BindingFlags.Instance
                )!;
                yield return (
                    c.Name,
                    ctx =>
                        Await(
                            Call(
                                method,
                                method.IsStatic ? null : Activator.CreateInstance(type, true),
                                ctx
                            )
                        )
                );
            }
        }
    }

    private static object? Call(MethodInfo method, object? target, GradingContext ctx) =>
        method.Invoke(target, method.GetParameters().Length == 1 ? [ctx] : []);

    private static void Await(object? result)
    {
        if (result is Task task)
        {
            task.GetAwaiter().GetResult();
        }
    }

    private static WorkerRequest? Read(StreamReader input)
    {
        var line = input.ReadLine();
        return line is null
            ? null
            : JsonSerializer.Deserialize<WorkerRequest>(line, ProtocolJson.Options);
    }

    private static void Send(
        StreamWriter output,
        string nonce,
        WorkerEvent e,
        bool flushOnly = true
    )
    {
        _ = flushOnly;
        // The leading newline ends any partial line the submission wrote to the raw stdout, so the
        // event always starts a line of its own.
        output.Write("\n" + nonce + " " + JsonSerializer.Serialize(e, ProtocolJson.Options) + "\n");
    }
}
