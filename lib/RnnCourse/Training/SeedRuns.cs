// One training run is one draw: a small recurrent network trained from another seed can land in
// another basin (notebooks 04, 06, 07 and 09 show races whose single-seed winner was luck). This
// file trains every configuration from several seeds over the machine's cores and summarises the
// draws by their median, which one lucky or unlucky seed cannot move (a mean can).
// Results come back in the order of the configurations and seeds, never in finishing order, and each
// run owns its model and random source, so the numbers do not depend on the core count.
namespace RnnCourse.Training;

/// <summary>
/// Trains configurations from several seeds in parallel and summarises the runs by their median:
/// <c>var acc = SeedRuns.Run(models, seeds, (m, seed) => Train(m, seed));</c> gives <c>acc[model][seed]</c>.
/// </summary>
public static class SeedRuns
{
    /// <summary>
    /// Calls <paramref name="run"/> once per seed, up to <paramref name="maxParallel"/> at a time,
    /// and returns the results in the order of <paramref name="seeds"/>.
    /// </summary>
    /// <param name="seeds">The seeds, e.g. <c>[1, 2, 3, 4, 5]</c>.</param>
    /// <param name="run">One training run; it must create its own model and random source from the seed.</param>
    /// <param name="maxParallel">Runs at a time; -1 (default): one per core. 1 runs them one after another.</param>
    /// <returns><c>result[seed index]</c>.</returns>
    /// <exception cref="ArgumentException">No seeds, or a seed given twice.</exception>
    /// <exception cref="InvalidOperationException">A run threw; the message names its seed and the inner exception is the run's own.</exception>
    public static TResult[] Run<TResult>(
        IReadOnlyList<ulong> seeds,
        Func<ulong, TResult> run,
        int maxParallel = -1
    )
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAll([0], seeds, (_, seed) => run(seed), maxParallel, _ => "")[0];
    }

    /// <summary>
    /// Calls <paramref name="run"/> for every configuration and seed, up to
    /// <paramref name="maxParallel"/> at a time, and returns <c>result[configuration index][seed index]</c>.
    /// </summary>
    /// <param name="configs">The configurations to compare (models, learning rates, …).</param>
    /// <param name="seeds">The seeds each configuration is trained from.</param>
    /// <param name="run">One training run; it must create its own model and random source from the seed.</param>
    /// <param name="maxParallel">Runs at a time; -1 (default): one per core. 1 runs them one after another.</param>
    /// <exception cref="ArgumentException">No configurations, no seeds, or a seed given twice.</exception>
    /// <exception cref="InvalidOperationException">A run threw; the message names its configuration and seed.</exception>
    public static TResult[][] Run<TConfig, TResult>(
        IReadOnlyList<TConfig> configs,
        IReadOnlyList<ulong> seeds,
        Func<TConfig, ulong, TResult> run,
        int maxParallel = -1
    )
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAll(configs, seeds, run, maxParallel, c => $"configuration {c}, ");
    }

    /// <summary>
    /// Calls <paramref name="run"/> for every row, column and seed (e.g. model × delay × seed), up to
    /// <paramref name="maxParallel"/> at a time, and returns <c>result[row index][column index][seed index]</c>.
    /// </summary>
    /// <param name="rows">The first setting (e.g. the models).</param>
    /// <param name="columns">The second setting (e.g. the delays).</param>
    /// <param name="seeds">The seeds each pair is trained from.</param>
    /// <param name="run">One training run; it must create its own model and random source from the seed.</param>
    /// <param name="maxParallel">Runs at a time; -1 (default): one per core. 1 runs them one after another.</param>
    /// <exception cref="ArgumentException">No rows, no columns, no seeds, or a seed given twice.</exception>
    /// <exception cref="InvalidOperationException">A run threw; the message names its row, column and seed.</exception>
    public static TResult[][][] Run<TRow, TColumn, TResult>(
        IReadOnlyList<TRow> rows,
        IReadOnlyList<TColumn> columns,
        IReadOnlyList<ulong> seeds,
        Func<TRow, TColumn, ulong, TResult> run,
        int maxParallel = -1
    )
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(run);
        ShapeCheck.InvalidIf(rows.Count == 0, "No rows: pass at least one.", nameof(rows));
        ShapeCheck.InvalidIf(columns.Count == 0, "No columns: pass at least one.", nameof(columns));
        var pairs = rows.SelectMany(r => columns.Select(c => (r, c))).ToArray();
        var byPair = RunAll(
            pairs,
            seeds,
            (p, seed) => run(p.r, p.c, seed),
            maxParallel,
            p => $"row {p.r}, column {p.c}, "
        );
        return [.. byPair.Chunk(columns.Count)];
    }

    /// <summary>
    /// The median: the middle value once sorted, or the mean of the two middle values when there is
    /// an even number of them. Unlike the mean, one outlying seed cannot move it far.
    /// </summary>
    /// <param name="values">One value per run (a final loss, an accuracy).</param>
    /// <exception cref="ArgumentException">No values, or a NaN (a run that diverged).</exception>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.ToArray();
        ShapeCheck.InvalidIf(
            v.Length == 0,
            "No values: pass one value per run (at least one).",
            nameof(values)
        );
        int nan = Array.FindIndex(v, double.IsNaN);
        ShapeCheck.InvalidIf(
            nan >= 0,
            $"Value {nan} is NaN: that run diverged. Lower its learning rate or clip its gradients, or leave it out and say so.",
            nameof(values)
        );
        Array.Sort(v);
        int m = v.Length / 2;
        return v.Length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /// <summary>
    /// The per-step median of several curves of equal length: <c>curve[e] = Median(curves[s][e] over s)</c>.
    /// A typical curve of the runs, which a single seed's spike does not pull around.
    /// </summary>
    /// <param name="curves">One curve per run (e.g. the mean loss of every epoch).</param>
    /// <exception cref="ArgumentException">No curves, curves of different lengths, or a NaN.</exception>
    public static double[] MedianCurve(IEnumerable<IReadOnlyList<double>> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var c = curves.ToArray();
        ShapeCheck.InvalidIf(
            c.Length == 0,
            "No curves: pass one curve per run (at least one).",
            nameof(curves)
        );
        int length = c[0].Count;
        int other = Array.FindIndex(c, x => x.Count != length);
        ShapeCheck.InvalidIf(
            other >= 0,
            $"Curve {other} has {c[other].Count} points but curve 0 has {length}: the runs must record the same number of steps (same epochs, same evaluation interval).",
            nameof(curves)
        );
        return [.. Enumerable.Range(0, length).Select(e => Median(c.Select(x => x[e])))];
    }

    /// <summary>The runs of every overload: result[configuration][seed]; <paramref name="describe"/> names a configuration in an error.</summary>
    private static TResult[][] RunAll<TConfig, TResult>(
        IReadOnlyList<TConfig> configs,
        IReadOnlyList<ulong> seeds,
        Func<TConfig, ulong, TResult> run,
        int maxParallel,
        Func<TConfig, string> describe
    )
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(run);
        CheckSeeds(seeds);
        ShapeCheck.InvalidIf(
            configs.Count == 0,
            "No configurations: pass at least one.",
            nameof(configs)
        );
        if (maxParallel == 0 || maxParallel < -1)
            throw new ArgumentOutOfRangeException(
                nameof(maxParallel),
                maxParallel,
                "maxParallel is the number of runs at a time: at least 1, or -1 for one per core."
            );
        int n = seeds.Count;
        var flat = new TResult[configs.Count * n];
        var failures = new Exception?[flat.Length];
        Parallel.For(
            0,
            flat.Length,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallel },
            (i, loop) =>
            {
                try
                {
                    flat[i] = run(configs[i / n], seeds[i % n]);
                }
                catch (Exception e)
                {
                    failures[i] = e;
                    loop.Stop(); // runs already started finish; no new one starts
                }
            }
        );
        int failed = Array.FindIndex(failures, e => e is not null);
        if (failed >= 0)
        {
            var inner = failures[failed]!;
            throw new InvalidOperationException(
                $"The run for {describe(configs[failed / n])}seed {seeds[failed % n]} failed: {inner.Message} (runs not yet started were skipped; fix the run and call Run again).",
                inner
            );
        }
        return [.. flat.Chunk(n)];
    }

    private static void CheckSeeds(IReadOnlyList<ulong> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ShapeCheck.InvalidIf(
            seeds.Count == 0,
            "No seeds: pass at least one, e.g. [1, 2, 3, 4, 5].",
            nameof(seeds)
        );
        var twice = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        ShapeCheck.InvalidIf(
            twice is not null,
            $"Seed {twice?.Key} is given twice: the same seed gives the same run, so it would count one draw twice.",
            nameof(seeds)
        );
    }
}
