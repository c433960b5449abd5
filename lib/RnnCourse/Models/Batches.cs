// The batch records the topologies consume, one per shape of problem.
// Shape legend: T steps, B batch, I input features, C classes, V vocabulary. Token and tag
// arrays are time-major and flat: element (t, b) is at t·B + b, like TokenIds. −1 marks padding.

namespace RnnCourse.Models;

/// <summary>One-to-one: a vector per example and its class.</summary>
/// <param name="X">Inputs (B × I).</param>
/// <param name="Labels">Class per example (B), in 0..C−1.</param>
public sealed record ClassificationBatch<T>(Tensor<T> X, int[] Labels)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Many-to-one: a sequence per example and one class for the whole sequence.</summary>
/// <param name="X">Inputs (T × B × I), time-major.</param>
/// <param name="Labels">Class per sequence (B).</param>
/// <param name="Mask">Valid steps for variable-length sequences; the class is read after each sequence's last valid step.</param>
public sealed record SequenceClassificationBatch<T>(
    Tensor<T> X,
    int[] Labels,
    SequenceMask? Mask = null
)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Many-to-many aligned: one tag per input token (tagging, or next-character prediction).</summary>
/// <param name="Inputs">Token ids (T × B) in the input vocabulary.</param>
/// <param name="Tags">Tag per step, flat (T·B), −1 for steps that do not count.</param>
/// <param name="Mask">Valid steps; tags at masked steps are ignored.</param>
public sealed record TaggingBatch(TokenIds Inputs, int[] Tags, SequenceMask? Mask = null);

/// <summary>One-to-many: a vector in, a token sequence out.</summary>
/// <param name="X">Inputs (B × I).</param>
/// <param name="Targets">Target tokens (T × B), −1 after a sequence ends.</param>
public sealed record VectorToSequenceBatch<T>(Tensor<T> X, TokenIds Targets)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Many-to-many unaligned: a source sequence in, a target sequence of another length out.</summary>
/// <param name="Source">Source tokens (Ts × B).</param>
/// <param name="SourceMask">Valid source steps for variable lengths, or null.</param>
/// <param name="Target">Target tokens (Tt × B), −1 after a sequence ends (usually after its end token).</param>
public sealed record Seq2SeqBatch(TokenIds Source, SequenceMask? SourceMask, TokenIds Target);
