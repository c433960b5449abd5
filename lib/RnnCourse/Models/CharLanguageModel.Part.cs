// One batch part of CharLanguageModel's loss and gradients: the rows b ∈ [B0, B1) of the batch
// with their own engine (and so their own workspace), token ids, targets, logits, ∂L/∂logits,
// ∂L/∂hs and gradient buffer. A part runs the whole forward and backward of its rows on one thread:
// gather, recurrence, readout, softmax cross-entropy, readout gradients, BPTT.
//
// Why parts and not a split of each phase: splitting each phase its own way (the recurrence by
// batch rows, the readout and the weight gradients by halves of the T·B rows, the input gather
// by gate columns) takes about ten hand-offs per step, each phase reading what the other core
// had just written: on the 2-vCPU course machine that ran at 0.9–1.4× of one thread on several
// rows while two threads on private data (the benchmarks' CoreProbe) reached 1.8–1.9× in the
// same minutes. A part reads only the parameters (written once per step by the trainer's
// optimizer) and its own buffers, and a step is one dispatch of all parts; the one exchange is
// the parts' gradients added into part 0's, in part order. Two threads reach 1.87–1.96× one
// thread (docs/engine.md, "Every SIMD width").
// Shapes: ids/targets (T × Bp), hs (T·Bp × S), logits (T·Bp × V); Bp = B1 − B0.
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Models;

public sealed partial class CharLanguageModel
{
    private sealed class Part
    {
        private readonly CharLanguageModel _owner;
        private readonly int[] _ids;
        private readonly int[] _targets;
        private readonly float[] _logits,
            _dLogits;
        private readonly Tensor<float> _dHs;

        public Part(
            CharLanguageModel owner,
            CellConfig cell,
            CellSlots slots,
            RecurrentEngineFactory<float> factory,
            ParameterSet<float> parameters,
            int b0,
            int b1
        )
        {
            _owner = owner;
            B0 = b0;
            B1 = b1;
            P = parameters;
            Engine = factory(cell, slots);
            int steps = owner.Steps,
                rows = steps * (b1 - b0),
                s = cell.StateSize;
            _ids = new int[rows];
            Tokens = new TokenIds(_ids, steps, b1 - b0);
            _targets = new int[rows];
            _logits = new float[rows * owner.Vocabulary];
            _dLogits = new float[rows * owner.Vocabulary];
            _dHs = new Tensor<float>(new float[rows * s], steps, b1 - b0, s);
        }

        /// <summary>First batch row of the part.</summary>
        public int B0 { get; }

        /// <summary>One past the last batch row.</summary>
        public int B1 { get; }

        /// <summary>The shared values and this part's own gradient buffer.</summary>
        public ParameterSet<float> P { get; }

        public IRecurrentEngine<float> Engine { get; }

        /// <summary>This part's token ids (T × Bp), refilled every step.</summary>
        public TokenIds Tokens { get; }

        /// <summary>Σ over the part's counted rows of −log p(target) (not yet divided by the count).</summary>
        public float LossSum { get; private set; }

        /// <summary>Bytes of the part's activations and scratch (its engine's workspace included).</summary>
        public long ActivationBytes =>
            4L * (_logits.Length + _dLogits.Length + _dHs.Length + _ids.Length + _targets.Length)
            + (Engine is FusedEngine f ? f.WorkspaceBytes : 0);

        /// <summary>
        /// Forward and backward of the part's rows, added to <see cref="P"/>'s gradient: part 0's is
        /// the model's (zeroed by the trainer), the others' their own, zeroed here when
        /// <paramref name="zero"/> (the gradient sum leaves them zero after reading them).
        /// <paramref name="timer"/> (the caller's part only) is told when each phase ends.
        /// </summary>
        public void Run(int[] ids, int[] targets, float scale, bool zero, IStepPhaseTimer timer)
        {
            var o = _owner;
            int steps = o.Steps,
                batch = o.Batch,
                width = B1 - B0,
                rows = steps * width,
                v = o.Vocabulary,
                s = Engine.Config.StateSize;
            for (int t = 0; t < steps; t++)
            {
                ids.AsSpan(t * batch + B0, width).CopyTo(_ids.AsSpan(t * width, width));
                targets.AsSpan(t * batch + B0, width).CopyTo(_targets.AsSpan(t * width, width));
            }
            if (zero && !ReferenceEquals(P, o.Parameters))
            {
                P.ZeroGrad();
            }
            timer.Mark(0);

            var f = Engine.Forward(P, Tokens);
            timer.Mark(1);

            // Readout z = hs·Whyᵀ + by, softmax cross-entropy, ∂L/∂by = Σ rows of ∂L/∂z.
            var why = P.Value(o._why);
            var by = P.Value(o._by);
            var dby = P.Grad(o._by);
            Gemm.ABt(rows, s, v, f.Hs.Data, why, _logits, false, null);
            for (int r = 0; r < rows; r++)
            {
                var row = _logits.AsSpan(r * v, v);
                TensorPrimitives.Add(row, by, row);
            }
            // The sum's terms are −log p; the batch's 1/count scales ∂L/∂z here and the loss in the caller.
            LossSum = Activations.SoftmaxCrossEntropySum<float>(
                rows,
                v,
                _logits,
                _targets,
                _dLogits,
                scale
            );
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(dby, _dLogits.AsSpan(r * v, v), dby);
            }
            timer.Mark(2);

            // ∂L/∂Why = ∂L/∂zᵀ·hs and ∂L/∂hs = ∂L/∂z·Why, one GEMM each; then BPTT.
            Gemm.AtB(v, rows, s, _dLogits, f.Hs.Data, P.Grad(o._why), true, null);
            Gemm.AB(rows, v, s, _dLogits, why, _dHs.Data, false, null);
            timer.Mark(3);
            Engine.Backward(P, f, _dHs);
            timer.Mark(4);
        }
    }

    /// <summary>Part i of the step; part 0 tells the timer when its phases end.</summary>
    private readonly struct PartsWork(
        Part[] parts,
        int[] ids,
        int[] targets,
        float scale,
        bool zero,
        IStepPhaseTimer timer
    ) : IParallelWork
    {
        public void Execute(int part) =>
            parts[part]
                .Run(ids, targets, scale, zero, part == 0 ? timer : NoStepPhaseTimer.Instance);
    }

    /// <summary>
    /// grads += Σ_{i ≥ 1} parts[i].Grads over slice s of the parameters, leaving the parts'
    /// gradients zero: every element adds the parts in order 1, 2, …, so the slicing (the thread
    /// count) does not change the bytes. It goes a chunk at a time, so the chunk of grads stays
    /// in L1 while each part adds to it and each part's chunk is cleared while it is in cache
    /// (one pass over grads instead of one per part, and no separate zeroing pass).
    /// </summary>
    private readonly struct GradientSum(Part[] parts, float[] grads, int slices) : IParallelWork
    {
        /// <summary>Smallest slice worth a thread: 64 K floats (256 KB read per part).</summary>
        public const int MinSlice = 65_536;

        /// <summary>4 K floats: 16 KB of grads plus 16 KB of a part fit the 32 KB L1.</summary>
        private const int Chunk = 4096;

        public void Execute(int slice)
        {
            int lo = (int)((long)grads.Length * slice / slices),
                hi = (int)((long)grads.Length * (slice + 1) / slices);
            for (int c = lo; c < hi; c += Chunk)
            {
                int length = Math.Min(Chunk, hi - c);
                var dest = grads.AsSpan(c, length);
                for (int i = 1; i < parts.Length; i++)
                {
                    var part = parts[i].P.Grads.AsSpan(c, length);
                    TensorPrimitives.Add(dest, part, dest);
                    part.Clear();
                }
            }
        }
    }
}
