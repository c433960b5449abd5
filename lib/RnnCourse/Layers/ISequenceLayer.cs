// What a stack needs from a layer over sequences: forward a (T × B × In) batch to (T × B × Out),
// backward from ∂L/∂out to ∂L/∂x. RecurrentLayer and Bidirectional implement it.

namespace RnnCourse.Layers;

/// <summary>A layer mapping sequences to sequences, with its backward.</summary>
/// <typeparam name="T">float or double.</typeparam>
public interface ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Width of each input step.</summary>
    int InputSize { get; }

    /// <summary>Width of each output step.</summary>
    int OutputSize { get; }

    /// <summary>Gate names of stacked parameter blocks, for gradient-check reports.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap { get; }

    /// <summary>Initialises this layer's parameters.</summary>
    void Initialize(ParameterSet<T> p, Rng rng);

    /// <summary>x (T × B × In) → (T × B × Out); remembers what backward needs.</summary>
    Tensor<T> Forward(ParameterSet<T> p, Tensor<T> x, SequenceMask? mask = null);

    /// <summary>One-hot token ids (T × B) → (T × B × Out).</summary>
    Tensor<T> Forward(ParameterSet<T> p, TokenIds tokens, SequenceMask? mask = null);

    /// <summary>∂L/∂out → ∂L/∂x (null after token input); adds parameter gradients to <c>p.Grads</c>.</summary>
    Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut);
}
