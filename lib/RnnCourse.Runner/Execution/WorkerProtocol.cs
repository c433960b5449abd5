// The parent/child protocol of NotebookProcess: one JSON object per line.
//   parent → child: {"op":"execute","code":"..."}          child → parent: {"op":"result",...}
//   parent → child: {"op":"exit"}
// The child announces itself with {"op":"ready"} once its kernel is set up. Outputs travel as
// nbformat output objects, so what the parent writes is exactly what the child produced.
using System.Text.Json.Nodes;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>Serialisation of worker messages.</summary>
public static class WorkerProtocol
{
    /// <summary>Serialises a cell result as one protocol line.</summary>
    public static string ResultLine(CellResult r)
    {
        var o = new JsonObject
        {
            ["op"] = "result",
            ["status"] = r.Status.ToString(),
            ["executionCount"] = r.ExecutionCount,
            ["elapsedMs"] = r.Elapsed.TotalMilliseconds,
            ["outputs"] = new JsonArray(
                r.Outputs.Select(o => (JsonNode?)NotebookJson.WriteOutput(o)).ToArray()
            ),
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
            ["updates"] = new JsonArray(
                r.Updates.Select(u =>
                        (JsonNode?)
                            new JsonObject
                            {
                                ["executionCount"] = u.ExecutionCount,
                                ["outputIndex"] = u.OutputIndex,
                                ["output"] = NotebookJson.WriteOutput(u.Output),
                            }
                    )
                    .ToArray()
            ),
        };
        return o.ToJsonString();
    }

    /// <summary>Reads a result line.</summary>
    public static CellResult ParseResult(JsonObject o)
    {
        var outputs = (o["outputs"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(NotebookJson.ReadOutput)
            .ToList();
        var updates = (o["updates"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(u => new OutputUpdate(
                (int)u["executionCount"]!,
                (int)u["outputIndex"]!,
                NotebookJson.ReadOutput((JsonObject)u["output"]!)
            ))
            .ToList();
        return new CellResult(
            Enum.Parse<CellStatus>((string)o["status"]!),
            (int?)o["executionCount"],
            outputs,
            TimeSpan.FromMilliseconds((double)o["elapsedMs"]!)
        )
        {
            Updates = updates,
            Warnings = (o["warnings"] as JsonArray ?? []).Select(w => (string)w!).ToList(),
        };
    }

    /// <summary>How often a running cell's outputs are sent to the parent (kept if the cell then
    /// crashes or times out): often enough to keep progress output, rare enough to cost nothing.</summary>
    public static readonly TimeSpan PartialInterval = TimeSpan.FromMilliseconds(500);

    private static string SendPartial(
        NotebookSession session,
        StreamWriter protocolOut,
        string previous
    )
    {
        var outputs = session.RunningOutputs();
        if (outputs.Count == 0)
            return previous;
        var line = new JsonObject
        {
            ["op"] = "partial",
            ["outputs"] = new JsonArray(
                outputs.Select(o => (JsonNode?)NotebookJson.WriteOutput(o)).ToArray()
            ),
        }.ToJsonString();
        if (line == previous)
            return previous;
        lock (protocolOut)
            protocolOut.WriteLine(line);
        return line;
    }

    /// <summary>The child side: reads requests from stdin, runs them in one session, answers on stdout.</summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunWorkerAsync(SessionOptions options)
    {
        // The protocol owns the real stdout/stdin.
        var protocolOut = new StreamWriter(
            Console.OpenStandardOutput(),
            new System.Text.UTF8Encoding(false)
        )
        {
            AutoFlush = true,
        };
        var protocolIn = new StreamReader(Console.OpenStandardInput());
        // Cells get an empty stdin; the kernel captures Console output while a cell runs, and
        // anything written between cells goes to stderr, never into the protocol.
        Console.SetIn(TextReader.Null);
        Console.SetOut(Console.Error);
        Directory.SetCurrentDirectory(options.WorkingDirectory);
        await using var session = new NotebookSession(options);
        await session.WarmUpAsync();
        // Environment.Exit in a cell: send what the cell printed before the process goes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => SendPartial(session, protocolOut, "");
        await protocolOut.WriteLineAsync(new JsonObject { ["op"] = "ready" }.ToJsonString());
        while (await protocolIn.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
                continue;
            var request = JsonNode.Parse(line) as JsonObject;
            var op = (string?)request?["op"];
            if (op == "exit")
                break;
            if (op != "execute")
                continue;
            var run = session.ExecuteAsync((string?)request!["code"] ?? "");
            var sent = "";
            while (await Task.WhenAny(run, Task.Delay(PartialInterval)) != run)
                sent = SendPartial(session, protocolOut, sent);
            var result = await run;
            lock (protocolOut)
                protocolOut.WriteLine(ResultLine(result));
        }
        return 0;
    }
}
