// The contract between a model and the trainer: the trainer knows nothing about cells, layers or
// topologies, only that a model owns a ParameterSet and can turn a batch into a loss and gradients.

namespace RnnCourse.Training;

/// <summary>A model the <see cref="Trainer{T, TBatch}"/> can train.</summary>
/// <typeparam name="T">float for training; double for gradient checks of the same model.</typeparam>
/// <typeparam name="TBatch">Whatever one step consumes (token ids, a tensor and targets, …).</typeparam>
public interface ITrainableModel<T, in TBatch>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>All parameters and their gradients (one flat buffer each).</summary>
    ParameterSet<T> Parameters { get; }

    /// <summary>
    /// Forward and backward pass on <paramref name="batch"/>: returns the mean loss and leaves
    /// ∂loss/∂θ in <see cref="ParameterSet{T}.Grads"/>. The trainer zeroes the gradients before the
    /// call, so the model may accumulate into them.
    /// </summary>
    T ComputeLossAndGradients(TBatch batch);
}

/// <summary>Produces the batches of one epoch; the trainer passes its seeded <see cref="Rng"/> so shuffles are reproducible.</summary>
public interface IBatchSource<out TBatch>
{
    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), in the order to train on them.</summary>
    IEnumerable<TBatch> Batches(int epoch, Rng rng);
}

/// <summary>Batch sources over in-memory lists.</summary>
public static class BatchSource
{
    /// <summary>The batches of <paramref name="items"/> each epoch, reshuffled with the trainer's Rng if <paramref name="shuffle"/>.</summary>
    public static IBatchSource<TBatch> FromList<TBatch>(
        IReadOnlyList<TBatch> items,
        bool shuffle = true
    )
    {
        ArgumentNullException.ThrowIfNull(items);
        ShapeCheck.InvalidIf(
            items.Count == 0,
            "The batch list is empty; give the trainer at least one batch.",
            nameof(items)
        );
        return new ListSource<TBatch>(items, shuffle);
    }

    private sealed class ListSource<TBatch>(IReadOnlyList<TBatch> items, bool shuffle)
        : IBatchSource<TBatch>
    {
        public IEnumerable<TBatch> Batches(int epoch, Rng rng)
        {
            var order = new int[items.Count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            if (shuffle)
            {
                rng.Shuffle(order.AsSpan());
            }
            foreach (int i in order)
            {
                yield return items[i];
            }
        }
    }
}

/// <summary>
/// A model that carries its recurrent state from one batch to the next (truncated BPTT over a
/// long text). The trainer calls <see cref="ResetState"/> at the start of every epoch, so each
/// pass over the data starts from h0 and never continues from the end of the text.
/// </summary>
public interface IStatefulModel
{
    /// <summary>Forgets the carried state.</summary>
    void ResetState();
}
