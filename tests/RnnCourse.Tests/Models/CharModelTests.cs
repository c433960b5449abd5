using System.Text.Json;
using System.Text.Json.Nodes;
using RnnCourse.Cells;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Training;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Models;

/// <summary>
/// The character language model end to end: it must be able to memorise 100 characters (a model
/// that cannot overfit a tiny text has a bug), and its first 10 training losses are pinned in a
/// golden file so any change to the numbers of cells, engine, readout, loss, optimizer or trainer
/// is noticed.
/// </summary>
public class CharModelTests(ITestOutputHelper output)
{
    /// <summary>The first 100 characters of Don Quijote's first chapter.</summary>
    internal const string Text =
        "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalg";

    internal const string GoldenFile = "char_model_loss_trajectory.json";

    [Fact]
    public void Overfit_100Characters_LossBelowPoint1()
    {
        Assert.Equal(100, Text.Length);
        var (alphabet, ids) = LanguageModelData.Encode(Text);
        var batches = LanguageModelData.NextTokenBatches(ids, steps: 99, batch: 1);
        var config = new SequenceTaggerConfig(
            new CellConfig(CellKind.Lstm, alphabet.Length, 64),
            alphabet.Length
        );
        var model = new SequenceTagger<float>(config, new Rng(1));
        var trainer = Trainer.Create(
            model,
            new AdamConfig(0.01).Create(model.Parameters),
            new TrainerConfig(Epochs: 300, ClipNorm: 5)
        );
        trainer.OnStep = s =>
        {
            if (s.Loss < 0.02)
            {
                trainer.RequestStop();
            }
        };
        var result = trainer.Fit(batches);
        Assert.False(result.Diverged, result.Message);

        model.Parameters.ZeroGrad();
        float loss = model.ComputeLossAndGradients(batches[0]);
        Assert.True(loss < 0.1f, $"loss {loss} after {result.Steps.Count} steps");
        output.WriteLine(
            $"LSTM H=64 memorised 100 characters: loss {result.Steps[0].Loss:F3} → {loss:F4} in {result.Steps.Count} Adam steps"
        );
        // Memorised: greedy next-character prediction reproduces the text.
        var predicted = model.Predict(batches[0].Inputs);
        Assert.Equal(Text[1..], new string(predicted.Select(i => alphabet[i]).ToArray()));
        // Sampling at a low temperature from the first character replays the text.
        var sampled = model.Sample([ids[0]], 30, new Rng(5), temperature: 0.05);
        Assert.Equal(Text[1..31], new string(sampled.Select(i => alphabet[i]).ToArray()));
    }

    [Fact]
    public void Checkpoint_OfACharModel_RebuildsFromItsSavedConfig()
    {
        var (alphabet, ids) = LanguageModelData.Encode(Text);
        var config = new SequenceTaggerConfig(
            new CellConfig(CellKind.Gru, alphabet.Length, 6),
            alphabet.Length
        )
        {
            Layers = 2,
        };
        var model = new SequenceTagger<float>(config, new Rng(3));
        var optimizer = new AdamConfig(0.01).Create(model.Parameters);
        var batches = LanguageModelData.NextTokenBatches(ids, 9, 2);
        Trainer.Create(model, optimizer, new TrainerConfig(Epochs: 1)).Fit(batches);
        string path = Path.Combine(Path.GetTempPath(), $"rnncourse-char-{Guid.NewGuid():N}.ckpt");
        try
        {
            Checkpoint.Save(path, model.Parameters, optimizer, config);
            var info = Checkpoint.ReadInfo(path);
            var savedConfig = info.ModelConfig<SequenceTaggerConfig>()!;
            Assert.Equal(config, savedConfig);
            var restored = new SequenceTagger<float>(savedConfig, new Rng(999));
            var restoredOptimizer = info.OptimizerConfig!.Create(restored.Parameters);
            Checkpoint.Load(path, restored.Parameters, restoredOptimizer);
            Assert.Equal(model.Predict(batches[0].Inputs), restored.Predict(batches[0].Inputs));
            Assert.Equal(optimizer.StepCount, restoredOptimizer.StepCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Stateful_TruncatedBpttOverConsecutiveWindows_LossFalls()
    {
        var (alphabet, ids) = LanguageModelData.Encode(Text);
        var batches = LanguageModelData.NextTokenBatches(ids, steps: 11, batch: 1);
        var config = new SequenceTaggerConfig(
            new CellConfig(CellKind.Gru, alphabet.Length, 32),
            alphabet.Length
        );
        var model = new SequenceTagger<float>(config, new Rng(1)) { Stateful = true };
        var trainer = Trainer.Create(
            model,
            new AdamConfig(0.01).Create(model.Parameters),
            new TrainerConfig(Epochs: 60, ClipNorm: 5, Shuffle: false)
        );
        var result = trainer.Fit(batches);
        Assert.Equal(9, result.Epochs[0].Steps);
        ModelTestKit.AssertLossFell(result, 0.25);
    }

    /// <summary>The tiny seeded run whose losses the golden file pins: Elman H = 8, T = 11, B = 3, Adam, shuffled batches.</summary>
    internal static double[] TinyRunLosses()
    {
        var (alphabet, ids) = LanguageModelData.Encode(Text);
        var batches = LanguageModelData.NextTokenBatches(ids, steps: 11, batch: 3);
        var config = new SequenceTaggerConfig(
            new CellConfig(CellKind.Elman, alphabet.Length, 8),
            alphabet.Length
        );
        var model = new SequenceTagger<float>(config, new Rng(2024));
        var trainer = Trainer.Create(
            model,
            new AdamConfig(0.02).Create(model.Parameters),
            new TrainerConfig(Epochs: 4, ClipNorm: 5, Seed: 7)
        );
        var losses = new List<double>();
        trainer.OnStep = s =>
        {
            losses.Add(s.Loss);
            if (losses.Count == 10)
            {
                trainer.RequestStop();
            }
        };
        trainer.Fit(batches);
        return [.. losses];
    }

    /// <summary>
    /// Compares the run with the golden file (relative tolerance 1e-5: a few float ulps of
    /// platform difference pass, any change of the computation fails). To regenerate after a
    /// deliberate change: <c>RNNCOURSE_UPDATE_GOLDEN=1 dotnet test tests/RnnCourse.Tests -c Release
    /// --filter FullyQualifiedName~CharModelTests.Golden</c>, then review and commit the diff.
    /// </summary>
    [Fact]
    public void Golden_TenStepLossTrajectory_MatchesFile()
    {
        var losses = TinyRunLosses();
        Assert.Equal(10, losses.Length);
        string path = GoldenPath.Find(GoldenFile);
        if (Environment.GetEnvironmentVariable("RNNCOURSE_UPDATE_GOLDEN") == "1")
        {
            var doc = new JsonObject
            {
                ["description"] =
                    "First 10 training losses of the tiny seeded char model in CharModelTests.TinyRunLosses "
                    + "(Elman H=8 on 100 characters of Don Quijote, T=11, B=3, Adam lr 0.02, clip 5, trainer seed 7, init seed 2024).",
                ["regenerate"] =
                    "RNNCOURSE_UPDATE_GOLDEN=1 dotnet test tests/RnnCourse.Tests -c Release --filter FullyQualifiedName~CharModelTests.Golden",
                ["tolerance"] = 1e-5,
                ["losses"] = new JsonArray([.. losses.Select(l => (JsonNode)l)]),
            };
            File.WriteAllText(
                path,
                doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"
            );
            return;
        }
        var golden = JsonNode.Parse(File.ReadAllText(path))!;
        double tolerance = golden["tolerance"]!.GetValue<double>();
        var expected = golden["losses"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        Assert.Equal(expected.Length, losses.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double rel = Math.Abs(losses[i] - expected[i]) / Math.Abs(expected[i]);
            Assert.True(
                rel <= tolerance,
                FormattableString.Invariant(
                    $"step {i + 1}: loss {losses[i]:R}, golden {expected[i]:R} (relative difference {rel:G3} > {tolerance}). If the change is deliberate, regenerate the file (see the test's doc comment)."
                )
            );
        }
        Assert.True(losses[^1] < losses[0], "the golden run's loss should fall over 10 steps");
    }

    [Fact]
    public void TinyRun_IsDeterministic() => Assert.Equal(TinyRunLosses(), TinyRunLosses());
}

/// <summary>Finds files under tests/RnnCourse.Tests/Golden from the test binaries' folder (works in Release, Debug and CI).</summary>
internal static class GoldenPath
{
    public static string Find(string file)
    {
        for (
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            dir is not null;
            dir = dir.Parent
        )
        {
            foreach (
                var candidate in new[]
                {
                    Path.Combine(dir.FullName, "Golden"),
                    Path.Combine(dir.FullName, "tests", "RnnCourse.Tests", "Golden"),
                }
            )
            {
                if (
                    Directory.Exists(candidate)
                    && File.Exists(Path.Combine(candidate, "..", "RnnCourse.Tests.csproj"))
                )
                {
                    return Path.Combine(candidate, file);
                }
            }
        }
        throw new DirectoryNotFoundException(
            $"tests/RnnCourse.Tests/Golden not found above {AppContext.BaseDirectory}; run the tests from the repository."
        );
    }
}
