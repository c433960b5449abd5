// Benchmarks entry point: `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*'`.
// `-- engine-compare …` / `-- engine-memory …` time the fused engine's training step (EngineCompare.cs);
// `-- engine-profile CELL H T B` splits that step into phases (EngineProfile.cs);
// `-- gemm-table` prints a quick Stopwatch GFLOP/s table of Gemm (see GemmTable.cs);
// `-- cores [SECONDS]` reads how much of a second core the machine gives (CoreProbe.cs);
// `-- pair-dispatch` compares two-way dispatch strategies (see PairDispatch.cs).
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] is "engine-compare" or "engine-memory")
{
    return RnnCourse.Benchmarks.EngineCompare.Run(args[0], args[1..]);
}
if (args.Length > 0 && args[0] == "engine-profile")
{
    return RnnCourse.Benchmarks.EngineProfile.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "gemm-table")
{
    return RnnCourse.Benchmarks.GemmTable.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "cores")
{
    return RnnCourse.Benchmarks.CoreProbe.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "pair-dispatch")
{
    return RnnCourse.Benchmarks.PairDispatch.Run();
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
