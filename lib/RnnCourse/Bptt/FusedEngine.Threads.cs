// How FusedEngine spreads a pass over threads (a partial of FusedEngine, read by whoever tunes
// or checks the threading): the time loop runs as slices of batch rows, one per thread of the
// engine's WorkerPool view (at least ParallelBatch / 2 rows each), and the big products and
// column jobs get the same pool from B ≥ ParallelBatch on. Batch rows are independent through the
// whole recurrence and a row's arithmetic does not depend on its slice, so every thread count
// gives the same bytes (FusedEngineThreadsTests).

namespace RnnCourse.Bptt;

public sealed partial class FusedEngine
{
    /// <summary>
    /// Slices of the batch for the time loop: one per thread, each at least ParallelBatch / 2
    /// rows (8 by default: enough for the packed GEMM path), 1 below ParallelBatch.
    /// </summary>
    private int Parts(int batch) =>
        _workers is { IsParallel: true } && batch >= _options.ParallelBatch
            ? Math.Clamp(batch / Math.Max(1, _options.ParallelBatch / 2), 1, _workers.Threads)
            : 1;

    private void Dispatch(ref RowsWork work)
    {
        if (work.Parts >= 2)
        {
            _workers!.Run(ref work, work.Parts);
            return;
        }
        work.Execute(0);
    }

    /// <summary>The pool for the big GEMMs, under the same rule as the time loop (one thread at small B).</summary>
    private WorkerPool? Workers(int batch) => batch >= _options.ParallelBatch ? _workers : null;

    /// <summary>The time loop of a pass as slices of batch rows, one slice per part.</summary>
    private readonly struct RowsWork(
        FusedCell cell,
        Workspace ws,
        ParameterSet<float> p,
        Tensor<float>? dHs,
        bool backward,
        int parts
    ) : IParallelWork
    {
        public int Parts => parts;

        /// <summary>Rows [B·part/parts, B·(part + 1)/parts) through every step.</summary>
        public void Execute(int part)
        {
            int b0 = (int)((long)ws.Batch * part / parts),
                b1 = (int)((long)ws.Batch * (part + 1) / parts);
            if (backward)
            {
                cell.BackwardRows(ws, p, dHs!, b0, b1);
            }
            else
            {
                cell.ForwardRows(ws, p, b0, b1);
            }
        }
    }
}
