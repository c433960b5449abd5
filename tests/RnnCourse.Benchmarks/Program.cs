// Benchmarks entry point: `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*'`.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
