// The input-weight helpers of FusedEngine (a partial class, read by whoever changes the input
// path): the one-hot input as a column gather of Wx and its gradient as a scatter, sliced by
// columns over the threads (Columns).
// Shapes: Wx (G·H × I), Xp/DG (T·B × G·H).
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt;

public sealed partial class FusedEngine
{
    /// <summary>
    /// Xp[t·B + b] = bias + column id of Wx (zero input for id −1). At B ≥ 16 slices of the G·H
    /// columns run on the pool's threads (each element is computed the same way either way).
    /// </summary>
    private void GatherInput(ParameterSet<float> p, TokenIds tokens, float[] xp) =>
        OneHotColumns(p.Values, tokens.Ids, xp, tokens.Batch, scatter: false);

    /// <summary>
    /// dWx[:, id] += DG[t·B + b] for every row: the one-hot product's transpose is a scatter.
    /// Split over slices of the G·H rows of dWx like <see cref="GatherInput"/>.
    /// </summary>
    private void ScatterInputGradient(Workspace ws, ParameterSet<float> p) =>
        OneHotColumns(p.Grads, ws.Tokens!.Ids, ws.DG, ws.Batch, scatter: true);

    /// <summary>
    /// The gather (<paramref name="scatter"/> false: Wx's values into <paramref name="rows"/>) or
    /// the scatter (DG's rows into Wx's gradients in <paramref name="wx"/>) of one-hot rows, over
    /// slices of the G·H columns; many rows go through the Wxᵀ-shaped buffer.
    /// </summary>
    private void OneHotColumns(float[] wx, int[] ids, float[] rows, int batch, bool scatter)
    {
        var job = new OneHotJob
        {
            Engine = this,
            Wx = wx,
            WxOffset = Slots.Wx.Offset,
            Ids = ids,
            Rows = rows,
            Transposed = UseWxT(ids.Length),
            Scatter = scatter,
        };
        Columns(ref job, _cell.GH, Workers(batch));
    }

    /// <summary>
    /// True when <paramref name="rows"/> token rows repay going through the Wxᵀ-shaped buffer
    /// (at least one row per column of Wx); then makes sure the buffer exists.
    /// </summary>
    private bool UseWxT(int rows)
    {
        int inputs = Config.InputSize,
            gh = _cell.GH;
        if (rows < inputs)
        {
            return false;
        }
        if (_wxT.Length != inputs * gh)
        {
            _wxT = new float[inputs * gh];
        }
        return true;
    }

    /// <summary>A job over a range [j0, j1) of the G·H gate columns.</summary>
    internal interface IColumnJob
    {
        void Run(int j0, int j1);
    }

    /// <summary>
    /// Runs <paramref name="job"/> over [0, width): in slices of whole cache lines (16 floats),
    /// one per thread of <paramref name="workers"/> (at least 16 columns each), else at once.
    /// Every element belongs to one slice and is computed the same way, so the result does not
    /// depend on the slicing (or the thread count).
    /// </summary>
    internal static void Columns<TJob>(ref TJob job, int width, WorkerPool? workers)
        where TJob : struct, IColumnJob
    {
        int parts = workers is { IsParallel: true, IsBusy: false }
            ? Math.Min(workers.Threads, width / 16)
            : 1;
        if (parts >= 2)
        {
            var slices = new ColumnSlices<TJob>
            {
                Job = job,
                Parts = parts,
                Width = width,
            };
            workers!.Run(ref slices, parts);
            return;
        }
        job.Run(0, width);
    }

    private struct ColumnSlices<TJob> : IParallelWork
        where TJob : struct, IColumnJob
    {
        public TJob Job;
        public int Parts;
        public int Width;

        public void Execute(int part)
        {
            var job = Job;
            job.Run(Bound(part), Bound(part + 1));
        }

        private readonly int Bound(int part) =>
            part >= Parts
                ? Width
                : Math.Min(Width, (int)((long)Width * part / Parts + 15) / 16 * 16);
    }

    /// <summary>
    /// One slice of columns [j0, j1) of a one-hot gather or scatter: <see cref="Wx"/> is the
    /// parameter values (gather, into <see cref="Rows"/> = Xp) or gradients (scatter, from
    /// <see cref="Rows"/> = DG).
    /// </summary>
    private struct OneHotJob : IColumnJob
    {
        public FusedEngine Engine;
        public float[] Wx;
        public int WxOffset;
        public int[] Ids;
        public float[] Rows;
        public bool Transposed;
        public bool Scatter;

        public readonly void Run(int j0, int j1)
        {
            int gh = Engine._cell.GH,
                inputs = Engine.Config.InputSize;
            var wx = Wx.AsSpan(WxOffset, gh * inputs);
            if (Scatter)
            {
                ScatterColumns(j0, j1, gh, inputs, wx);
            }
            else
            {
                GatherColumns(j0, j1, gh, inputs, wx);
            }
        }

        /// <summary>Xp's columns [j0, j1): bias + column id of Wx per row.</summary>
        private readonly void GatherColumns(int j0, int j1, int gh, int inputs, Span<float> wx)
        {
            int n = j1 - j0;
            var wxT = Engine._wxT;
            var bias = Engine._bias.AsSpan(j0, n);
            if (Transposed)
            {
                // In blocks of 16 rows of Wx: for each k the 16 writes fill one cache line of
                // Wxᵀ, and the 16 rows being read (16 × I floats) stay in L1. Row by row, each
                // write landed gh floats from the last: an LSTM H = 256 forward at T = 65 (the
                // first T that takes this path at B = 1) ran 14.6 µs a step, blocked 8.8
                // (T = 64, no transpose: 9.0).
                for (int jb = j0; jb < j1; jb += 16)
                {
                    int je = Math.Min(j1, jb + 16);
                    for (int k = 0; k < inputs; k++)
                    {
                        for (int j = jb; j < je; j++)
                        {
                            wxT[k * gh + j] = wx[j * inputs + k];
                        }
                    }
                }
            }
            for (int r = 0; r < Ids.Length; r++)
            {
                var row = Rows.AsSpan(r * gh + j0, n);
                int id = Ids[r];
                if (id < 0)
                {
                    bias.CopyTo(row);
                }
                else if (Transposed)
                {
                    TensorPrimitives.Add(wxT.AsSpan(id * gh + j0, n), bias, row);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] = wx[(j0 + j) * inputs + id] + bias[j];
                    }
                }
            }
        }

        /// <summary>dWx's rows [j0, j1) (in <paramref name="dWx"/>): += DG's columns per id.</summary>
        private readonly void ScatterColumns(int j0, int j1, int gh, int inputs, Span<float> dWx)
        {
            int n = j1 - j0;
            if (!Transposed)
            {
                for (int r = 0; r < Ids.Length; r++)
                {
                    int id = Ids[r];
                    if (id >= 0)
                    {
                        var row = Rows.AsSpan(r * gh + j0, n);
                        for (int j = 0; j < n; j++)
                        {
                            dWx[(j0 + j) * inputs + id] += row[j];
                        }
                    }
                }
                return;
            }
            // Many rows: sum the rows of each id into Wxᵀ-shaped scratch, then add it transposed.
            var acc = Engine._wxT;
            for (int k = 0; k < inputs; k++)
            {
                acc.AsSpan(k * gh + j0, n).Clear();
            }
            for (int r = 0; r < Ids.Length; r++)
            {
                int id = Ids[r];
                if (id >= 0)
                {
                    var a = acc.AsSpan(id * gh + j0, n);
                    TensorPrimitives.Add(a, Rows.AsSpan(r * gh + j0, n), a);
                }
            }
            // Back to Wx's layout in blocks of 16 rows, as in the gather: each k reads one line.
            for (int jb = j0; jb < j1; jb += 16)
            {
                int je = Math.Min(j1, jb + 16);
                for (int k = 0; k < inputs; k++)
                {
                    for (int j = jb; j < je; j++)
                    {
                        dWx[j * inputs + k] += acc[k * gh + j];
                    }
                }
            }
        }
    }
}
