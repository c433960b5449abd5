using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Round trips, and every way a checkpoint can be bad: each must throw a clear error and change nothing.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rnncourse-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record ModelConfig(int Hidden, string Cell);

    private static ParameterSet<float> NewParams(int hidden = 4)
    {
        var layout = new ParameterLayout();
        layout.Add("Wxh", hidden, 3);
        layout.Add("Whh", hidden, hidden);
        layout.Add("bh", hidden);
        var p = new ParameterSet<float>(layout);
        new Rng(1).FillNormal<float>(p.Values, 0, 0.5);
        return p;
    }

    /// <summary>A parameter set and Adam with a few steps of state, saved to a file.</summary>
    private (ParameterSet<float> P, Adam<float> Opt, string Path) Saved()
    {
        var p = NewParams();
        var opt = new Adam<float>(p, new AdamConfig(0.01));
        var rng = new Rng(2);
        for (int i = 0; i < 3; i++)
        {
            rng.FillNormal<float>(p.Grads);
            opt.Step();
        }
        string path = Path.Combine(_dir, "model.ckpt");
        Checkpoint.Save(path, p, opt, new ModelConfig(4, "elman"));
        return (p, opt, path);
    }

    /// <summary>A fresh model and optimizer whose values must survive a failed load untouched.</summary>
    private static (ParameterSet<float> P, Adam<float> Opt, float[] Values, float[] M) Victim()
    {
        var p = NewParams();
        new Rng(99).FillNormal<float>(p.Values);
        var opt = new Adam<float>(p, new AdamConfig(0.01));
        opt.State[0].Buffer.AsSpan().Fill(0.125f);
        return (p, opt, (float[])p.Values.Clone(), (float[])opt.State[0].Buffer.Clone());
    }

    private static void AssertUnchanged(
        (ParameterSet<float> P, Adam<float> Opt, float[] Values, float[] M) v
    )
    {
        Assert.Equal(v.Values, v.P.Values);
        Assert.Equal(v.M, v.Opt.State[0].Buffer);
        Assert.Equal(0, v.Opt.StepCount);
    }

    private static CheckpointException LoadFails(
        string path,
        CheckpointProblem problem,
        string mustSay
    )
    {
        var victim = Victim();
        var ex = Assert.Throws<CheckpointException>(() =>
            Checkpoint.Load(path, victim.P, victim.Opt)
        );
        Assert.Equal(problem, ex.Problem);
        Assert.Contains(mustSay, ex.Message);
        AssertUnchanged(victim);
        return ex;
    }

    [Fact]
    public void SaveLoad_RestoresParametersStateStepAndConfig()
    {
        var (p, opt, path) = Saved();
        var q = NewParams();
        var opt2 = new Adam<float>(q, new AdamConfig(0.01));
        var info = Checkpoint.Load(path, q, opt2);
        Assert.Equal(p.Values, q.Values);
        Assert.Equal(opt.State[0].Buffer, opt2.State[0].Buffer);
        Assert.Equal(opt.State[1].Buffer, opt2.State[1].Buffer);
        Assert.Equal(3, opt2.StepCount);
        Assert.Equal(new AdamConfig(0.01), info.OptimizerConfig);
        Assert.Equal(new ModelConfig(4, "elman"), info.ModelConfig<ModelConfig>());
        Assert.Equal("adam", info.OptimizerKind);
        Assert.Equal(["Wxh", "Whh", "bh"], info.Layout.Select(s => s.Name));

        // Training continues identically from the restored state.
        p.Grads.AsSpan().Fill(0.3f);
        q.Grads.AsSpan().Fill(0.3f);
        opt.Step();
        opt2.Step();
        Assert.Equal(p.Values, q.Values);
    }

    [Fact]
    public void Save_TwiceInARow_IsDeterministicAndLeavesNoTempFiles()
    {
        var (p, opt, path) = Saved();
        byte[] first = File.ReadAllBytes(path);
        Checkpoint.Save(path, p, opt, new ModelConfig(4, "elman"));
        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.StartsWith("RNNCKPT\0", System.Text.Encoding.ASCII.GetString(first, 0, 8));
    }

    [Fact]
    public void Load_WithoutOptimizer_LoadsParametersOnly()
    {
        var (p, _, path) = Saved();
        var q = NewParams();
        Checkpoint.Load(path, q);
        Assert.Equal(p.Values, q.Values);
    }

    [Theory]
    [InlineData(30)] // inside the config JSON
    [InlineData(200)] // inside the parameter values
    [InlineData(-40)] // inside the optimizer state
    [InlineData(-1)] // inside the checksum itself
    public void Load_FlippedByte_ThrowsCorruptAndChangesNothing(int position)
    {
        var (_, _, path) = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        int i = position >= 0 ? position : bytes.Length + position;
        bytes[i] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        LoadFails(path, CheckpointProblem.Corrupt, "checksum does not match");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(-5)]
    public void Load_Truncated_ThrowsTruncatedAndChangesNothing(int keep)
    {
        var (_, _, path) = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep + 8 : bytes.Length + keep)]);
        LoadFails(path, CheckpointProblem.Truncated, "truncated");
    }

    [Fact]
    public void Load_WrongMagic_ThrowsNotACheckpoint()
    {
        string path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "these are not the weights you are looking for");
        LoadFails(path, CheckpointProblem.NotACheckpoint, "not an RnnCourse checkpoint");
    }

    [Fact]
    public void Load_FutureVersion_ThrowsUnsupportedVersion()
    {
        var (_, _, path) = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(Checkpoint.CurrentVersion + 1).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        LoadFails(path, CheckpointProblem.UnsupportedVersion, "newer RnnCourse");
    }

    [Fact]
    public void Load_DifferentLayout_ThrowsNamingTheParameterAndShapes()
    {
        var p = NewParams(hidden: 5);
        string path = Path.Combine(_dir, "h5.ckpt");
        Checkpoint.Save(path, p, new Adam<float>(p));
        var ex = LoadFails(
            path,
            CheckpointProblem.LayoutMismatch,
            "'Wxh' (5, 3) in the checkpoint but 'Wxh' (4, 3) in the model"
        );
        Assert.Contains("Build the model with the configuration", ex.Message);
    }

    [Fact]
    public void Load_ExtraParameter_ThrowsLayoutMismatch()
    {
        var layout = new ParameterLayout();
        layout.Add("Wxh", 4, 3);
        layout.Add("Whh", 4, 4);
        layout.Add("bh", 4);
        layout.Add("h0", 4);
        var p = new ParameterSet<float>(layout);
        string path = Path.Combine(_dir, "extra.ckpt");
        Checkpoint.Save(path, p, new Adam<float>(p));
        LoadFails(path, CheckpointProblem.LayoutMismatch, "'h0' (4) that the model lacks");
    }

    [Fact]
    public void Load_OtherOptimizer_ThrowsOptimizerMismatch()
    {
        var p = NewParams();
        string path = Path.Combine(_dir, "sgd.ckpt");
        Checkpoint.Save(path, p, new MomentumSgd<float>(p));
        LoadFails(
            path,
            CheckpointProblem.OptimizerMismatch,
            "momentum state [v] but a adam optimizer"
        );
    }

    [Fact]
    public void Load_DoubleCheckpointIntoFloat_ThrowsPrecisionMismatch()
    {
        var p = NewParams().Convert<double>();
        string path = Path.Combine(_dir, "double.ckpt");
        Checkpoint.Save(path, p, new Adam<double>(p));
        LoadFails(
            path,
            CheckpointProblem.PrecisionMismatch,
            "double values but the model uses float"
        );
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFound()
    {
        var victim = Victim();
        var ex = Assert.Throws<CheckpointException>(() =>
            Checkpoint.Load(Path.Combine(_dir, "nope.ckpt"), victim.P)
        );
        Assert.Equal(CheckpointProblem.NotFound, ex.Problem);
    }

    [Fact]
    public void ReadInfo_ReportsWithoutAModel()
    {
        var (_, _, path) = Saved();
        var info = Checkpoint.ReadInfo(path);
        Assert.Equal(1, info.Version);
        Assert.Equal("float", info.ElementType);
        Assert.Equal(3, info.OptimizerStep);
        Assert.Contains("\"Cell\":\"elman\"", info.ConfigJson);
    }
}
