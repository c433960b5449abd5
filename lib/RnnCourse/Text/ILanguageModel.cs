// The small interface every language model of the course implements: the n-gram baseline here,
// the RNNs later. A model reads one token at a time and returns scores for the next one, which
// is all that greedy decoding, sampling and perplexity need.
namespace RnnCourse.Text;

/// <summary>
/// A next-token predictor with internal state (an RNN's hidden state, an n-gram's history).
/// Protocol: <see cref="Reset"/>, then <see cref="Observe"/> each token in order; after each call
/// the logits score the token that comes next.
/// </summary>
public interface ILanguageModel
{
    /// <summary>V: the number of token ids; logits have this length.</summary>
    int VocabularySize { get; }

    /// <summary>Forgets all context (zero hidden state, empty history).</summary>
    void Reset();

    /// <summary>
    /// Consumes <paramref name="token"/> and writes into <paramref name="logits"/> (length V)
    /// unnormalised log-probabilities of the next token: P(next = j) ∝ exp(logits[j]).
    /// </summary>
    void Observe(int token, Span<float> logits);
}
