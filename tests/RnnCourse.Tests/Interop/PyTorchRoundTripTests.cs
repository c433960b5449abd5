// The acceptance test of the state_dict bridge: a model trained in C# as notebook 07 trains its
// copy-task LSTM (SequenceTagger, fused engine, Adam), saved as safetensors, is loaded by PyTorch
// (tests/scripts/torch_logits_check.py through /usr/bin/python3, load_state_dict strict) and
// gives the same logits.
using System.Text.Json;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Interop;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Tests.Charts;
using RnnCourse.Training;

namespace RnnCourse.Tests.Interop;

public class PyTorchRoundTripTests
{
    private const int Vocabulary = 6,
        Steps = 7,
        Batch = 4;

    [TorchFact]
    public void SequenceTagger_SavedAsSafetensors_PyTorchGivesSameLogits()
    {
        var config = new SequenceTaggerConfig(
            new CellConfig(CellKind.Lstm, Vocabulary, 8),
            Vocabulary
        )
        {
            Layers = 2,
        };
        var model = new SequenceTagger<float>(config, new Rng(3), FusedEngine.Factory);
        var dataRng = new Rng(1);
        var data = Enumerable.Range(0, 30).Select(_ => CopyBatch(dataRng)).ToList();
        var trainer = Trainer.Create(
            model,
            new AdamConfig(0.01).Create(model.Parameters),
            new TrainerConfig(Epochs: 1, ClipNorm: 1.0, Shuffle: false)
        );
        trainer.Fit(data);

        model.Training = false;
        var tokens = CopyBatch(new Rng(99)).Inputs;
        var logits = model.Forward(tokens);
        var dict = model.ToStateDict();
        dict["tokens"] = new(
            SafeTensorType.F64,
            [Steps, Batch],
            [.. tokens.Ids.Select(i => (double)i)]
        );
        dict["logits"] = new(
            SafeTensorType.F64,
            [Steps, Batch, Vocabulary],
            [.. logits.Data.Select(v => (double)v)]
        );
        var meta = new Dictionary<string, string>
        {
            ["mode"] = "lstm",
            ["num_layers"] = "2",
            ["bidirectional"] = "false",
            ["bias"] = "true",
            ["proj_size"] = "0",
            ["input_size"] = Vocabulary.ToString(),
            ["hidden_size"] = "8",
        };
        string path = Path.Combine(
            Path.GetTempPath(),
            $"rnncourse-roundtrip-{Environment.ProcessId}.safetensors"
        );
        try
        {
            SafeTensors.Write(path, dict, meta);
            string script = Path.Combine(
                TestPaths.RepoRoot,
                "tests",
                "scripts",
                "torch_logits_check.py"
            );
            var (exit, output) = TorchFactAttribute.Run(
                $"\"{script}\" \"{path}\"",
                TimeSpan.FromMinutes(2)
            );
            Assert.True(
                exit == 0,
                $"PyTorch's logits differ or the load failed (exit {exit}): {output}"
            );
            using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            Assert.True(result.RootElement.GetProperty("max_abs").GetDouble() > 0.1, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Recall the first token at the last step: the copy task in miniature.</summary>
    private static TaggingBatch CopyBatch(Rng rng)
    {
        var ids = new int[Steps * Batch];
        var tags = new int[Steps * Batch];
        for (int b = 0; b < Batch; b++)
        {
            for (int t = 0; t < Steps; t++)
            {
                ids[t * Batch + b] = rng.NextInt(Vocabulary);
                tags[t * Batch + b] = t == Steps - 1 ? ids[b] : -1;
            }
        }
        return new TaggingBatch(new TokenIds(ids, Steps, Batch), tags);
    }
}
