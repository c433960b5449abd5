// Benchmarks entry point: `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*'`.
// `-- engine-compare …` / `-- engine-memory …` time the fused engine's training step (EngineCompare.cs);
// `-- engine-profile CELL H T B` splits that step into phases (EngineProfile.cs);
// `-- engine-pass CELL H T B` times the engine's own two-core split alone (EnginePass.cs);
// `-- gemm-table` prints a quick Stopwatch GFLOP/s table of Gemm (see GemmTable.cs);
// `-- gate-table [ROWS H]` times the per-step gate kernels, ns per cell (GateTable.cs);
// `-- fma-peak [--json]` measures one core's FMA peak at this process's SIMD width (FmaPeak.cs);
// `-- cores [SECONDS]` reads how much of a second core the machine gives (CoreProbe.cs);
// `-- pair-dispatch` compares two-way dispatch strategies (see PairDispatch.cs).
using System.Globalization;
using BenchmarkDotNet.Running;
using RnnCourse.Benchmarks;

Func<string[], int>? command =
    args.Length == 0
        ? null
        : args[0] switch
        {
            "engine-compare" or "engine-memory" => rest => EngineCompare.Run(args[0], rest),
            "engine-profile" => EngineProfile.Run,
            "engine-pass" => EnginePass.Run,
            "gemm-table" => GemmTable.Run,
            "gate-table" => GateTable.Run,
            "cores" => CoreProbe.Run,
            "fma-peak" => FmaPeak.Run,
            "pair-dispatch" => _ => PairDispatch.Run(),
            _ => null,
        };
if (command is null)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
try
{
    return command(args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    // A mistyped cell name or number: say which, not a stack trace.
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]}: {e.Message}"));
    return 2;
}
