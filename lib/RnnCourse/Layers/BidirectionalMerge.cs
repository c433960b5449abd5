// How a bidirectional layer combines its two directions' outputs at each step.
namespace RnnCourse.Layers;

/// <summary>How the two directions' outputs are combined.</summary>
public enum BidirectionalMerge
{
    /// <summary>[h→ ; h←]: output width 2S. PyTorch's behaviour; keeps both directions apart.</summary>
    Concat,

    /// <summary>h→ + h←: output width S. Halves the next layer's input size.</summary>
    Sum,
}
