// Token ↔ id maps with the four reserved tokens of the course. Ids are dense 0..V−1 so a token id
// indexes a row of an embedding or a column of the output layer (V = Count).
// Reserved ids come first and are fixed: <pad> = 0, <unk> = 1, <bos> = 2, <eos> = 3, so padded
// batches are zeros and every vocabulary agrees on them.
using System.Text.Json;

namespace RnnCourse.Text;

/// <summary>How <see cref="Vocabulary.Build"/> orders the ids of ordinary tokens.</summary>
public enum VocabularyOrder
{
    /// <summary>Most frequent first, ties by first appearance: id order is a Zipf rank.</summary>
    ByFrequency,

    /// <summary>In order of first appearance: the classroom order ("en" = 4, "un" = 5, …).</summary>
    FirstAppearance,
}

/// <summary>Options of <see cref="Vocabulary.Build"/>.</summary>
/// <param name="MinFrequency">Tokens seen fewer times map to &lt;unk&gt;. 1 keeps everything; 2 or 3 on a
/// word vocabulary removes typos and hapaxes the model cannot learn from one example.</param>
/// <param name="MaxSize">Cap on the number of ids including reserved ones (null: no cap). The most frequent
/// tokens are kept.</param>
/// <param name="Order">Id order of ordinary tokens (default: by frequency).</param>
/// <param name="Reserved">Include &lt;pad&gt;, &lt;unk&gt;, &lt;bos&gt;, &lt;eos&gt; (default: yes).</param>
public sealed record VocabularyOptions(
    int MinFrequency = 1,
    int? MaxSize = null,
    VocabularyOrder Order = VocabularyOrder.ByFrequency,
    bool Reserved = true
);

/// <summary>A bijection between tokens and ids 0..Count−1, with reserved tokens first.</summary>
public sealed class Vocabulary
{
    /// <summary>Padding: fills the unused tail of a batch row. Id 0.</summary>
    public const string Pad = "<pad>";

    /// <summary>Unknown: any token not in the vocabulary. Id 1.</summary>
    public const string Unk = "<unk>";

    /// <summary>Beginning of a sequence. Id 2.</summary>
    public const string Bos = "<bos>";

    /// <summary>End of a sequence. Id 3.</summary>
    public const string Eos = "<eos>";

    /// <summary>The reserved tokens in id order.</summary>
    public static IReadOnlyList<string> ReservedTokens { get; } = [Pad, Unk, Bos, Eos];

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] tokens, bool reserved)
    {
        _tokens = tokens;
        HasReserved = reserved;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            ShapeCheck.InvalidIf(
                !_ids.TryAdd(tokens[i], i),
                $"Token \"{tokens[i]}\" appears twice (ids {_ids[tokens[i]]} and {i}); a vocabulary lists each token once.",
                nameof(tokens)
            );
        }
    }

    /// <summary>Builds a vocabulary from a token stream (e.g. the training split).</summary>
    public static Vocabulary Build(IEnumerable<string> tokens, VocabularyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        options ??= new VocabularyOptions();
        if (options.MinFrequency < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"MinFrequency is {options.MinFrequency}; it must be at least 1."
            );
        }
        int reservedCount = options.Reserved ? ReservedTokens.Count : 0;
        if (options.MaxSize is int cap && cap <= reservedCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"MaxSize {cap} leaves no room beyond the {reservedCount} reserved tokens; use at least {reservedCount + 1}."
            );
        }
        var counts = new Dictionary<string, (long Count, int First)>(StringComparer.Ordinal);
        int position = 0;
        foreach (string t in tokens)
        {
            ref var entry =
                ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                    counts,
                    t,
                    out bool exists
                );
            entry = exists ? (entry.Count + 1, entry.First) : (1, position);
            position++;
        }
        var kept = counts
            .Where(kv => kv.Value.Count >= options.MinFrequency)
            .Where(kv => !options.Reserved || !ReservedTokens.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value.Count)
            .ThenBy(kv => kv.Value.First)
            .ToList();
        if (options.MaxSize is int max && kept.Count > max - reservedCount)
        {
            kept = kept.Take(max - reservedCount).ToList();
        }
        if (options.Order == VocabularyOrder.FirstAppearance)
        {
            kept.Sort((a, b) => a.Value.First.CompareTo(b.Value.First));
        }
        var list = new List<string>(reservedCount + kept.Count);
        if (options.Reserved)
        {
            list.AddRange(ReservedTokens);
        }
        list.AddRange(kept.Select(kv => kv.Key));
        return new Vocabulary(list.ToArray(), options.Reserved);
    }

    /// <summary>A vocabulary with exactly these tokens in this order (after the reserved ones if <paramref name="reserved"/>).</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens, bool reserved = true)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = reserved ? new List<string>(ReservedTokens) : new List<string>();
        list.AddRange(tokens);
        return new Vocabulary(list.ToArray(), reserved);
    }

    /// <summary>V: the number of ids.</summary>
    public int Count => _tokens.Length;

    /// <summary>All tokens, in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Whether the reserved tokens occupy ids 0..3.</summary>
    public bool HasReserved { get; }

    /// <summary>Id of &lt;pad&gt; (0), or −1 without reserved tokens.</summary>
    public int PadId => HasReserved ? 0 : -1;

    /// <summary>Id of &lt;unk&gt; (1), or −1 without reserved tokens.</summary>
    public int UnkId => HasReserved ? 1 : -1;

    /// <summary>Id of &lt;bos&gt; (2), or −1 without reserved tokens.</summary>
    public int BosId => HasReserved ? 2 : -1;

    /// <summary>Id of &lt;eos&gt; (3), or −1 without reserved tokens.</summary>
    public int EosId => HasReserved ? 3 : -1;

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id]
    {
        get
        {
            if ((uint)id >= (uint)_tokens.Length)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(id),
                    $"Id {id} is outside the vocabulary (valid: 0..{_tokens.Length - 1})."
                );
            }
            return _tokens[id];
        }
    }

    /// <summary>Whether <paramref name="token"/> has its own id.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>
    /// The id of <paramref name="token"/>; an unknown token gives &lt;unk&gt;'s id, or throws when the
    /// vocabulary has no reserved tokens.
    /// </summary>
    public int IdOf(string token)
    {
        if (_ids.TryGetValue(token, out int id))
        {
            return id;
        }
        if (HasReserved)
        {
            return UnkId;
        }
        throw new KeyNotFoundException(
            $"Token \"{token}\" is not in the vocabulary and it has no <unk>. Build it with Reserved = true "
                + "or from text that contains the token."
        );
    }

    /// <summary>Ids of a token sequence (unknown tokens → &lt;unk&gt;).</summary>
    public int[] Encode(IEnumerable<string> tokens) => tokens.Select(IdOf).ToArray();

    /// <summary>Tokens of an id sequence.</summary>
    public string[] Decode(ReadOnlySpan<int> ids)
    {
        var result = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            result[i] = this[ids[i]];
        }
        return result;
    }

    /// <summary>Serialises the vocabulary (token list and reserved flag) as JSON, for checkpoints.</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(
            new VocabularyFile(HasReserved, HasReserved ? _tokens[ReservedTokens.Count..] : _tokens)
        );

    /// <summary>Reads a vocabulary written by <see cref="ToJson"/>.</summary>
    public static Vocabulary FromJson(string json)
    {
        var file =
            JsonSerializer.Deserialize<VocabularyFile>(json)
            ?? throw new FormatException(
                "The JSON is empty; expected an object from Vocabulary.ToJson()."
            );
        if (file.Tokens is null)
        {
            throw new FormatException(
                "The JSON has no \"Tokens\" list; expected an object from Vocabulary.ToJson()."
            );
        }
        return FromTokens(file.Tokens, file.Reserved);
    }

    private sealed record VocabularyFile(bool Reserved, string[] Tokens);
}
