// Time to load and tokenize the whole of Don Quijote (2.1 MB), against reading the file alone
// (the baseline: every other row's ratio says how much tokenising costs on top of the I/O).
// Needs RNNCOURSE_DATA_DIR pointing at the folder with quijote.txt:
//   RNNCOURSE_DATA_DIR=/path/to/shared/datasets \
//     dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*TextBenchmarks*'
using BenchmarkDotNet.Attributes;
using RnnCourse.Data;
using RnnCourse.Text;

namespace RnnCourse.Benchmarks;

/// <summary>Load + tokenize + encode the novel at character and word level.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class TextBenchmarks
{
    private string _path = "";
    private string _text = "";
    private TextCodec _chars = null!;
    private TextCodec _words = null!;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = Quijote.Load(new QuijoteOptions(AllowDownload: false));
        _path = corpus.FilePath;
        _text = corpus.Text;
        _chars = TextCodec.ForCharacters(_text);
        _words = TextCodec.ForWords(_text);
        Console.WriteLine(
            $"// chars: V = {_chars.VocabularySize}, words: V = {_words.VocabularySize}"
        );
    }

    /// <summary>Reading the UTF-8 file into a string: the I/O floor.</summary>
    [Benchmark(Baseline = true)]
    public int ReadFile() => File.ReadAllText(_path).Length;

    /// <summary>Quijote.Load: read, NFC, strip boilerplate, SHA-256.</summary>
    [Benchmark]
    public int Load() => Quijote.Load(new QuijoteOptions(Path: _path)).Text.Length;

    /// <summary>Grapheme tokens of the loaded text.</summary>
    [Benchmark]
    public int CharTokenize() => CharTokenizer.Instance.Tokenize(_text).Count;

    /// <summary>The readable twin: every cluster from the UAX #29 enumerator, no fast path.</summary>
    [Benchmark]
    public int CharTokenizeReference() => CharTokenizer.TokenizeGraphemesReference(_text).Count;

    /// <summary>Spanish word tokens of the loaded text.</summary>
    [Benchmark]
    public int WordTokenize() => new WordTokenizer().Tokenize(_text).Count;

    /// <summary>Load + char tokens + ids: what a notebook does before training a char model.</summary>
    [Benchmark]
    public int LoadAndEncodeChars()
    {
        string text = Quijote.Load(new QuijoteOptions(Path: _path)).Text;
        return _chars.Encode(text).Length;
    }

    /// <summary>Load + word tokens + ids.</summary>
    [Benchmark]
    public int LoadAndEncodeWords()
    {
        string text = Quijote.Load(new QuijoteOptions(Path: _path)).Text;
        return _words.Encode(text).Length;
    }

    /// <summary>Building a word vocabulary from scratch (tokenize + count + sort).</summary>
    [Benchmark]
    public int BuildWordCodec() => TextCodec.ForWords(_text).VocabularySize;
}
