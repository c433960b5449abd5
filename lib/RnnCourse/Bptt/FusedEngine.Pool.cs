// The workspace pool of FusedEngine (a partial class, split only to keep files small): each
// Forward takes a workspace of its (T, B) from the pool or makes one, its Backward (or Recycle)
// hands it back, and the next Forward of that shape reuses it. The generation stamps decide
// which tape a workspace still holds.

namespace RnnCourse.Bptt;

public sealed partial class FusedEngine
{
    /// <summary>
    /// The workspace holding <paramref name="forward"/>'s tape, after checking that the tape is
    /// this engine's (else ArgumentException), its latest pass and not recycled (else
    /// InvalidOperationException; see <see cref="EngineArgs.RequireLatest"/>).
    /// </summary>
    private Workspace LiveWorkspace(SequenceOutput<float> forward)
    {
        if (forward.Tape is not Workspace ws || !ReferenceEquals(ws.Owner, this))
        {
            throw new ArgumentException(
                $"forward.Tape is a {forward.Tape?.GetType().Name ?? "null"}; pass the SequenceOutput returned by this FusedEngine's Forward.",
                nameof(forward)
            );
        }
        EngineArgs.RequireLatest(forward, _generation, nameof(FusedEngine));
        if (ws.Generation != forward.Generation)
        {
            throw new InvalidOperationException(
                $"Backward got the output of forward pass {forward.Generation}, which was handed back with Recycle: its workspace may hold another pass. "
                    + "Recycle only a pass that needs no Backward; run Forward again to differentiate it."
            );
        }
        return ws;
    }

    /// <summary>
    /// Hands the workspace of a forward pass that will not be followed by Backward (evaluation,
    /// sampling) back to the pool, so the next Forward of the same shape reuses it instead of
    /// allocating a new one. The pass's tensors (Hs, Final) must not be used afterwards: clone
    /// what you keep first, and a Backward on it throws. Passing an output that is not this
    /// engine's, or an older pass whose workspace a later pass took, does nothing.
    /// </summary>
    public void Recycle(SequenceOutput<float> forward)
    {
        if (
            forward.Tape is Workspace ws
            && ReferenceEquals(ws.Owner, this)
            && ws.Generation == forward.Generation
        )
        {
            ws.Generation = 0;
            Release(ws);
        }
    }

    /// <summary>
    /// Refuses an input x that is an output of this engine held by a pooled workspace of the same
    /// (T, B): this pass would take that workspace and overwrite x while Backward still needs it
    /// (for ∂L/∂Wx). An output of a pass still awaiting Backward is safe (its workspace is busy),
    /// and so is one a later pass could overwrite: Backward then refuses this pass as stale.
    /// </summary>
    private void RequireNotOwnOutput(Tensor<float> x, int steps, int batch)
    {
        foreach (var w in _free)
        {
            if (w.Steps == steps && w.Batch == batch && w.Overlaps(x.Span))
            {
                throw new ArgumentException(
                    "x is an output of an earlier pass of this FusedEngine (its Hs or a gradient), whose buffers this pass reuses: x would be overwritten while Backward still needs it. "
                        + "Pass x.Clone(), or run the next layer on an engine of its own.",
                    nameof(x)
                );
            }
        }
    }

    /// <summary>Returns a busy workspace to the pool (once).</summary>
    private void Release(Workspace ws)
    {
        if (ws.Busy)
        {
            ws.Busy = false;
            _free.Add(ws);
        }
    }

    private Workspace Take(int steps, int batch)
    {
        for (int k = _free.Count - 1; k >= 0; k--)
        {
            var ws = _free[k];
            if (ws.Steps == steps && ws.Batch == batch)
            {
                _free.RemoveAt(k);
                return ws;
            }
        }
        // Keep the pool small: shapes that stopped being used are dropped.
        if (_free.Count >= 4)
        {
            _free.RemoveAt(0);
        }
        return new Workspace(this, Config, steps, batch);
    }
}
