// Every buffer one forward + backward pass of the fused engine needs, allocated once from
// (T, B) and the cell's sizes, then reused: a steady-state training step allocates nothing.
// Layout: one row per (t, b), row index t·B + b, so step t of a batch is the contiguous block
// [t·B, (t+1)·B) and a slice of rows [b0, b1) of step t is contiguous too (the split over threads).
// Shapes: G gates (LSTM 4, GRU 3, else 1), GH = G·H, S state width (H, or O for Jordan).
//   Xp    (T·B × GH)      input pre-activations x·Wxᵀ + b, then (in place) the activated gates
//   Hext  ((T+1)·B × S)   states: block 0 = h0, block t+1 = h_t (carried through padding)
//   Cext  ((T+1)·B × H)   LSTM memory, same blocks;  TanhC (T·B × H) tanh(c_t)
//   Hn    (T·B × H)       GRU W_hn h + b_hn;          Sbuf (T·B × H) Jordan s_t
//   DG    (T·B × GH)      ∂L/∂(pre-activations) of every step: the weight gradients are then
//                         one GEMM each over all T·B rows after the backward sweep
//   DGh   (T·B × GH)      GRU: ∂L/∂(W_h h + b_h) (differs from DG in the n block);
//                         Jordan: ∂L/∂z of the output layer (T·B × O)
//   Hs, Final, DInitial, Dx: the tensors handed back to the caller (owned by the workspace).
// Generation: which Forward of the engine last wrote the buffers (the stamp Backward checks).

namespace RnnCourse.Bptt;

/// <summary>Preallocated buffers of one (T, B) forward/backward pass of <see cref="FusedEngine"/>.</summary>
internal sealed class Workspace
{
    public Workspace(object owner, CellConfig config, int steps, int batch)
    {
        Owner = owner;
        Steps = steps;
        Batch = batch;
        int h = config.HiddenSize,
            s = config.StateSize,
            gh = config.GateCount * h,
            tb = checked(steps * batch);
        Xp = new float[checked(tb * gh)];
        Hext = new float[checked((tb + batch) * s)];
        // A buffer of its own (not written over Xp): Backward may be called again on the same
        // forward pass (gradients accumulate), so the tape must survive a backward sweep.
        DG = new float[tb * gh];
        Hs = new Tensor<float>(new float[tb * s], steps, batch, s);
        var finalH = new Tensor<float>(new float[batch * s], batch, s);
        var dh0 = new Tensor<float>(new float[batch * s], batch, s);
        Tensor<float>? finalC = null,
            dc0 = null;
        Dh = new float[batch * s];
        Scratch = [];
        switch (config.Kind)
        {
            case CellKind.Lstm:
                Cext = new float[(tb + batch) * h];
                TanhC = new float[tb * h];
                finalC = new Tensor<float>(new float[batch * h], batch, h);
                dc0 = new Tensor<float>(new float[batch * h], batch, h);
                break;
            case CellKind.Gru:
                Aux = new float[tb * h];
                DGh = new float[tb * gh];
                Scratch = new float[batch * gh];
                Scratch2 = new float[batch * h];
                break;
            case CellKind.Jordan:
                Aux = new float[tb * h];
                DGh = new float[tb * s];
                Scratch = new float[batch * h];
                break;
        }
        Final = new RecurrentState<float>(finalH, finalC);
        DInitial = new RecurrentState<float>(dh0, dc0);
        GradientsFromTokens = new SequenceGradients<float>(null, DInitial);
    }

    /// <summary>The engine that created this workspace (a tape is only valid for its engine).</summary>
    public object Owner { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>True from a Forward until its first Backward or Recycle (then the workspace is back in the pool; its tape stays valid until the next Forward of the engine).</summary>
    public bool Busy;

    /// <summary>The dense input of the live pass (null for tokens).</summary>
    public Tensor<float>? X;

    /// <summary>The token ids of the live pass (null for dense input).</summary>
    public TokenIds? Tokens;

    /// <summary>
    /// The generation of the engine's Forward whose tape this workspace holds (0 after Recycle):
    /// Backward requires it to equal the stamp of the output it is given.
    /// </summary>
    public long Generation;

    /// <summary>True when h0 (c0) came from the learned parameter.</summary>
    public bool UsedLearned;

    /// <summary>Per-(t, b) validity (1 = real step) of the live pass, or null without a mask.</summary>
    public byte[]? Valid;

    /// <summary>Pre-activations, then activated gates (T·B × GH).</summary>
    public readonly float[] Xp;

    /// <summary>States h_{−1..T−1} ((T+1)·B × S).</summary>
    public readonly float[] Hext;

    /// <summary>LSTM memories c_{−1..T−1} ((T+1)·B × H).</summary>
    public readonly float[] Cext = [];

    /// <summary>LSTM tanh(c_t) (T·B × H).</summary>
    public readonly float[] TanhC = [];

    /// <summary>GRU W_hn h + b_hn, or Jordan s_t (T·B × H).</summary>
    public readonly float[] Aux = [];

    /// <summary>∂L/∂pre-activations (T·B × GH).</summary>
    public readonly float[] DG;

    /// <summary>GRU ∂L/∂(W_h h + b_h) (T·B × 3H) or Jordan ∂L/∂z (T·B × O).</summary>
    public readonly float[] DGh = [];

    /// <summary>∂L/∂h_t being assembled (B × S).</summary>
    public readonly float[] Dh;

    /// <summary>Per-step scratch: GRU W_h h_{t−1} (B × 3H), Jordan ∂L/∂s (B × H).</summary>
    public readonly float[] Scratch;

    /// <summary>Per-step scratch: GRU dh ⊙ z (B × H).</summary>
    public readonly float[] Scratch2 = [];

    /// <summary>Outputs (T × B × S), zero at padded steps.</summary>
    public readonly Tensor<float> Hs;

    /// <summary>State after each sequence's last valid step.</summary>
    public readonly RecurrentState<float> Final;

    /// <summary>∂L/∂h0 (and ∂L/∂c0); also the running ∂L/∂h_{t−1} of the backward sweep.</summary>
    public readonly RecurrentState<float> DInitial;

    /// <summary>The record returned by Backward for token input.</summary>
    public readonly SequenceGradients<float> GradientsFromTokens;

    /// <summary>∂L/∂x (T × B × I), created on the first dense-input Backward.</summary>
    public Tensor<float>? Dx;

    /// <summary>The record returned by Backward for dense input (created with <see cref="Dx"/>).</summary>
    public SequenceGradients<float>? GradientsFromDense;

    /// <summary>
    /// Whᵀ (H × GH) for the backward product at B = 2–4, or null: there dG·Wh as a dot-product
    /// GEMM (dG·(Whᵀ)ᵀ) runs about 4× faster than the GEMM's row-combination form. At B = 1
    /// MatVec.Combine reads Wh itself, faster still and without the copy.
    /// </summary>
    public float[]? WhT;

    /// <summary>
    /// Wh packed once for this pass's forward products (the engine's buffer), or null when the
    /// steps use the matrix–vector or small-row kernels, which read Wh directly.
    /// </summary>
    public PackedB? PackedWh;

    /// <summary>
    /// Wh packed once for this pass's backward products dG·Wh (A·B orientation), or null when
    /// the steps use the matrix–vector kernels, the transposed copy <see cref="WhT"/> or the
    /// small-row kernels.
    /// </summary>
    public PackedB? PackedWhBack;

    /// <summary>True when <paramref name="span"/> shares memory with a tensor handed to the caller.</summary>
    public bool Overlaps(ReadOnlySpan<float> span) =>
        span.Overlaps(Hs.Span)
        || span.Overlaps(Final.H.Span)
        || span.Overlaps(DInitial.H.Span)
        || (Final.C is not null && span.Overlaps(Final.C.Span))
        || (DInitial.C is not null && span.Overlaps(DInitial.C.Span))
        || (Dx is not null && span.Overlaps(Dx.Span));

    /// <summary>True if row (t, b) is a real step.</summary>
    public bool IsValid(int t, int b) => Valid is null || Valid[t * Batch + b] != 0;

    /// <summary>Bytes held by the buffers (for the memory report).</summary>
    public long Bytes =>
        4L
        * (
            Xp.Length
            + Hext.Length
            + Cext.Length
            + TanhC.Length
            + Aux.Length
            + DG.Length
            + DGh.Length
            + Dh.Length
            + Scratch.Length
            + Scratch2.Length
            + Hs.Length
            + Final.H.Length
            + (Final.C?.Length ?? 0)
            + DInitial.H.Length
            + (DInitial.C?.Length ?? 0)
            + (Dx?.Length ?? 0)
        );

    private byte[]? _validStore;

    /// <summary>Copies the mask into <see cref="Valid"/> (allocating the byte array once).</summary>
    public void SetMask(SequenceMask? mask)
    {
        if (mask is null)
        {
            Valid = null;
            return;
        }
        _validStore ??= new byte[Steps * Batch];
        Valid = _validStore;
        for (int t = 0; t < Steps; t++)
        {
            for (int b = 0; b < Batch; b++)
            {
                Valid[t * Batch + b] = mask.IsValid(t, b) ? (byte)1 : (byte)0;
            }
        }
    }
}
