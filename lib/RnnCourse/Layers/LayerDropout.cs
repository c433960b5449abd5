// Inverted dropout between the layers of a stack (Zaremba et al. 2014: on the non-recurrent
// connections only; PyTorch's `dropout` argument of nn.RNN/LSTM/GRU): while training, each
// activation a layer passes up is zeroed with probability q and the rest scaled by 1/(1 − q), so
// the expectation is unchanged. Masks come from the library's one seeded Rng, so runs repeat.

namespace RnnCourse.Layers;

/// <summary>The seeded dropout masks between the layers of a <see cref="StackedRnn{T}"/>.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class LayerDropout<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _q;
    private readonly List<T[]?> _masks = [];
    private Rng _rng;

    public LayerDropout(double q, ulong seed)
    {
        _q = q;
        _rng = new Rng(seed);
    }

    /// <summary>The masks of the last forward, one per layer boundary (null: none drawn).</summary>
    public IReadOnlyList<T[]?> Masks => _masks;

    /// <summary>Restarts the random stream.</summary>
    public void Seed(ulong seed) => _rng = new Rng(seed);

    /// <summary>Forgets the masks before a new forward.</summary>
    public void Clear() => _masks.Clear();

    /// <summary>Draws the next mask and returns a dropped copy of <paramref name="h"/> (h itself when off).</summary>
    public Tensor<T> Apply(Tensor<T> h, bool training)
    {
        if (!training || _q == 0)
        {
            _masks.Add(null);
            return h;
        }
        var keep = new T[h.Length];
        T scale = T.CreateChecked(1.0 / (1.0 - _q));
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = _rng.NextDouble() < _q ? T.Zero : scale;
        }
        _masks.Add(keep);
        // A copy: the layer below keeps its own outputs intact.
        var dropped = h.Clone();
        Scale(dropped, keep);
        return dropped;
    }

    /// <summary>The backward of boundary <paramref name="index"/>: d ⊙ mask, in place.</summary>
    public void Backward(int index, Tensor<T> d)
    {
        if (index < _masks.Count && _masks[index] is { } keep)
        {
            Scale(d, keep);
        }
    }

    private static void Scale(Tensor<T> d, T[] keep)
    {
        for (int i = 0; i < keep.Length; i++)
        {
            d.Data[i] *= keep[i];
        }
    }
}
