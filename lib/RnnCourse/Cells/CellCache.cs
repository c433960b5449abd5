// What every cell keeps from a forward step for its backward: the input x_t and the previous
// state h_{t−1} (B × I and B × S), which the weight gradients dW += daᵀx and dWh += daᵀhPrev
// read. Each cell's cache adds what its own equations need (activations, gates).

namespace RnnCourse.Cells;

/// <summary>The part of a cell's per-step cache that every cell has: x_t and h_{t−1}.</summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates x_t and h_{t−1} for a batch of <paramref name="batch"/>.</summary>
    private protected CellCache(int batch, int inputSize, int stateSize)
    {
        X = new T[batch * inputSize];
        HPrev = new T[batch * stateSize];
    }

    /// <summary>x_t (B × I).</summary>
    public T[] X { get; }

    /// <summary>h_{t−1}, the state the step started from (B × S; y_{t−1} for the Jordan cell).</summary>
    public T[] HPrev { get; }

    /// <summary>Copies the step's input and previous state in.</summary>
    internal void Keep(ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev)
    {
        x.CopyTo(X);
        hPrev.CopyTo(HPrev);
    }
}
