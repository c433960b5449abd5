// The two directions of a bidirectional layer are independent recurrences (their own
// parameters, their own input order), so they run on two cores at once: the two parts of one
// WorkerPool job. Each engine writes only its own workspace and its own parameter-gradient
// slots, so nothing is shared but read-only inputs. An engine that would itself split its batch
// over the pool (FusedEngine at B ≥ 16) finds the pool busy and runs on its own thread, so the
// cores are never oversubscribed (and on more than two cores the others stay free).
// No allocation: the job is a struct passed by reference.

namespace RnnCourse.Bptt;

/// <summary>Runs two engines' passes concurrently (e.g. the directions of a bidirectional layer).</summary>
public static class PairedEngines
{
    /// <summary>
    /// <c>a.Forward(p, xa, mask, initialA)</c> and <c>b.Forward(p, xb, mask, initialB)</c> at the
    /// same time. Same results as calling them one after the other.
    /// </summary>
    public static (SequenceOutput<float> A, SequenceOutput<float> B) Forward(
        ParameterSet<float> p,
        IRecurrentEngine<float> a,
        Tensor<float> xa,
        IRecurrentEngine<float> b,
        Tensor<float> xb,
        SequenceMask? mask = null,
        RecurrentState<float>? initialA = null,
        RecurrentState<float>? initialB = null,
        WorkerPool? workers = null
    ) => Run(new ForwardJob(p, a, b, mask, initialA, initialB) { XA = xa, XB = xb }, workers);

    /// <summary>
    /// <c>a.Forward(p, tokensA, mask, initialA)</c> and <c>b.Forward(p, tokensB, mask, initialB)</c>
    /// at the same time (token-id input). Same results as calling them one after the other.
    /// </summary>
    public static (SequenceOutput<float> A, SequenceOutput<float> B) Forward(
        ParameterSet<float> p,
        IRecurrentEngine<float> a,
        TokenIds tokensA,
        IRecurrentEngine<float> b,
        TokenIds tokensB,
        SequenceMask? mask = null,
        RecurrentState<float>? initialA = null,
        RecurrentState<float>? initialB = null,
        WorkerPool? workers = null
    ) =>
        Run(
            new ForwardJob(p, a, b, mask, initialA, initialB)
            {
                TokensA = tokensA,
                TokensB = tokensB,
            },
            workers
        );

    /// <summary>
    /// <c>a.Backward(p, forwardA, dHsA, dFinalA)</c> and <c>b.Backward(…)</c> at the same time
    /// (the two engines must own disjoint parameter slots, as two directions do).
    /// </summary>
    public static (SequenceGradients<float> A, SequenceGradients<float> B) Backward(
        ParameterSet<float> p,
        IRecurrentEngine<float> a,
        SequenceOutput<float> forwardA,
        Tensor<float> dHsA,
        IRecurrentEngine<float> b,
        SequenceOutput<float> forwardB,
        Tensor<float> dHsB,
        RecurrentState<float>? dFinalA = null,
        RecurrentState<float>? dFinalB = null,
        WorkerPool? workers = null
    )
    {
        RequireTwo(a, b);
        var job = new BackwardJob(
            p,
            new BackwardSide(a, forwardA, dHsA, dFinalA),
            new BackwardSide(b, forwardB, dHsB, dFinalB)
        );
        (workers ?? WorkerPool.Shared).Run(ref job, 2);
        return (job.GradA!, job.GradB!);
    }

    private static (SequenceOutput<float> A, SequenceOutput<float> B) Run(
        ForwardJob job,
        WorkerPool? workers
    )
    {
        RequireTwo(job.EngineA, job.EngineB);
        (workers ?? WorkerPool.Shared).Run(ref job, 2);
        return (job.OutA, job.OutB);
    }

    private static void RequireTwo(IRecurrentEngine<float> a, IRecurrentEngine<float> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException(
                "The two directions need two engine instances (each owns its workspace).",
                nameof(b)
            );
        }
    }

    private struct ForwardJob(
        ParameterSet<float> p,
        IRecurrentEngine<float> a,
        IRecurrentEngine<float> b,
        SequenceMask? mask,
        RecurrentState<float>? initialA,
        RecurrentState<float>? initialB
    ) : IParallelWork
    {
        public ParameterSet<float> P = p;
        public IRecurrentEngine<float> EngineA = a,
            EngineB = b;
        public Tensor<float>? XA,
            XB;
        public TokenIds? TokensA,
            TokensB;
        public SequenceMask? Mask = mask;
        public RecurrentState<float>? InitialA = initialA,
            InitialB = initialB;
        public SequenceOutput<float> OutA,
            OutB;

        public void Execute(int part)
        {
            if (part == 0)
            {
                OutA = XA is not null
                    ? EngineA.Forward(P, XA, Mask, InitialA)
                    : EngineA.Forward(P, TokensA!, Mask, InitialA);
            }
            else
            {
                OutB = XB is not null
                    ? EngineB.Forward(P, XB, Mask, InitialB)
                    : EngineB.Forward(P, TokensB!, Mask, InitialB);
            }
        }
    }

    private struct BackwardJob(ParameterSet<float> p, BackwardSide a, BackwardSide b)
        : IParallelWork
    {
        public SequenceGradients<float>? GradA,
            GradB;

        public void Execute(int part)
        {
            if (part == 0)
            {
                GradA = a.Engine.Backward(p, a.Forward, a.DHs, a.DFinal);
            }
            else
            {
                GradB = b.Engine.Backward(p, b.Forward, b.DHs, b.DFinal);
            }
        }
    }

    /// <summary>One direction's backward arguments.</summary>
    private readonly record struct BackwardSide(
        IRecurrentEngine<float> Engine,
        SequenceOutput<float> Forward,
        Tensor<float> DHs,
        RecurrentState<float>? DFinal
    );
}
