// Checkpoints: parameters, optimizer state and configuration saved to one file and loaded back
// into a model, refusing with a message that names the difference when the file does not fit it
// (another layout, element type or optimizer). The bytes of the file, and how they are written
// and verified, are in Checkpoint.Format.cs: a partial for the readers of the format, apart from
// the readers of Save and Load.
// Save writes a temporary file beside the target, flushes it to disk and renames it over the
// target, so a crash mid-save leaves the previous checkpoint intact.
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Training;

/// <summary>What a checkpoint holds, read without touching any model.</summary>
/// <param name="Version">Format version of the file.</param>
/// <param name="ElementType"><c>float</c> or <c>double</c>.</param>
/// <param name="Layout">Parameter names and shapes, in order (offsets recomputed).</param>
/// <param name="OptimizerKind">e.g. <c>adam</c>, or null if no optimizer state was saved.</param>
/// <param name="OptimizerStep">The optimizer's step count t.</param>
/// <param name="ConfigJson">The configuration JSON: <c>{"optimizer": …, "model": …}</c>.</param>
public sealed record CheckpointInfo(
    int Version,
    string ElementType,
    IReadOnlyList<ParameterSlot> Layout,
    string? OptimizerKind,
    long OptimizerStep,
    string ConfigJson
)
{
    /// <summary>The saved optimizer configuration, or null.</summary>
    public OptimizerConfig? OptimizerConfig =>
        JsonNode.Parse(ConfigJson)?["optimizer"] is { } node
            ? node.Deserialize<OptimizerConfig>()
            : null;

    /// <summary>The saved model configuration deserialised as <typeparamref name="TConfig"/>, or default.</summary>
    public TConfig? ModelConfig<TConfig>() =>
        JsonNode.Parse(ConfigJson)?["model"] is { } node ? node.Deserialize<TConfig>() : default;
}

/// <summary>Saves and loads checkpoints (the format is described in Checkpoint.Format.cs).</summary>
public static partial class Checkpoint
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The 8 bytes every checkpoint starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "RNNCKPT\0"u8;

    private const int HashSize = 32;
    private const int FixedHeader = 8 + 4 + 8; // magic, version, length

    /// <summary>
    /// Writes parameters, optional optimizer state and optional model configuration (any
    /// JSON-serialisable object, e.g. a config record) to <paramref name="path"/>, atomically.
    /// </summary>
    public static void Save<T>(
        string path,
        ParameterSet<T> parameters,
        Optimizer<T>? optimizer = null,
        object? modelConfig = null
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ShapeCheck.InvalidIf(
            optimizer is not null && !ReferenceEquals(optimizer.Parameters, parameters),
            "The optimizer updates a different ParameterSet than the one being saved; pass the model's optimizer.",
            nameof(optimizer)
        );
        byte[] bytes = Serialize(parameters, optimizer, modelConfig);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="parameters"/> (and <paramref name="optimizer"/>'s
    /// state if given). Every check runs before anything is copied: on any error the model and
    /// optimizer are unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">Missing, not a checkpoint, newer version, truncated, corrupt, or a different layout/precision/optimizer.</exception>
    public static CheckpointInfo Load<T>(
        string path,
        ParameterSet<T> parameters,
        Optimizer<T>? optimizer = null
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var file = Parse(path);
        int size = Marshal.SizeOf<T>();
        if (file.ElemSize != size)
        {
            throw new CheckpointException(
                CheckpointProblem.PrecisionMismatch,
                path,
                $"it holds {Elem(file.ElemSize)} values but the model uses {Elem(size)}. "
                    + $"Load it into a ParameterSet<{Elem(file.ElemSize)}> and convert with ParameterSet.Convert<{Elem(size)}>()."
            );
        }
        CheckLayout(path, file.Info.Layout, parameters.Layout);
        if (optimizer is not null)
        {
            CheckOptimizer(path, file, optimizer);
        }
        // All checks passed: only now change the model and optimizer.
        MemoryMarshal.Cast<byte, T>(file.Values.Span).CopyTo(parameters.Values);
        if (optimizer is not null)
        {
            var states = optimizer.State;
            for (int i = 0; i < states.Count; i++)
            {
                MemoryMarshal.Cast<byte, T>(file.States[i].Bytes.Span).CopyTo(states[i].Buffer);
            }
            optimizer.StepCount = file.Info.OptimizerStep;
        }
        return file.Info;
    }

    /// <summary>Reads and verifies a checkpoint's header, layout and configuration without loading it into a model.</summary>
    /// <exception cref="CheckpointException">The file is missing, not a checkpoint, too new, truncated or corrupt.</exception>
    public static CheckpointInfo ReadInfo(string path) => Parse(path).Info;

    private static void CheckLayout(
        string path,
        IReadOnlyList<ParameterSlot> file,
        ParameterLayout model
    )
    {
        static string List(IEnumerable<ParameterSlot> slots) =>
            string.Join(", ", slots.Select(s => $"{s.Name} {ShapeCheck.Format(s.Shape)}"));
        string fix =
            " Build the model with the configuration the checkpoint was saved with (Checkpoint.ReadInfo(path).ConfigJson shows it), "
            + "or start from a fresh checkpoint.";
        for (int i = 0; i < Math.Max(file.Count, model.Slots.Count); i++)
        {
            if (i >= file.Count)
            {
                throw new CheckpointException(
                    CheckpointProblem.LayoutMismatch,
                    path,
                    $"the model has parameter '{model.Slots[i].Name}' {ShapeCheck.Format(model.Slots[i].Shape)} that the checkpoint lacks "
                        + $"(checkpoint: {List(file)}).{fix}"
                );
            }
            if (i >= model.Slots.Count)
            {
                throw new CheckpointException(
                    CheckpointProblem.LayoutMismatch,
                    path,
                    $"the checkpoint has parameter '{file[i].Name}' {ShapeCheck.Format(file[i].Shape)} that the model lacks "
                        + $"(model: {List(model.Slots)}).{fix}"
                );
            }
            var (f, m) = (file[i], model.Slots[i]);
            if (f.Name != m.Name || !f.Shape.AsSpan().SequenceEqual(m.Shape))
            {
                throw new CheckpointException(
                    CheckpointProblem.LayoutMismatch,
                    path,
                    $"parameter {i} is '{f.Name}' {ShapeCheck.Format(f.Shape)} in the checkpoint but '{m.Name}' {ShapeCheck.Format(m.Shape)} in the model.{fix}"
                );
            }
        }
    }

    private static void CheckOptimizer<T>(string path, ParsedFile file, Optimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string kind = Kind(optimizer.Config);
        if (file.Info.OptimizerKind is null)
        {
            throw new CheckpointException(
                CheckpointProblem.OptimizerMismatch,
                path,
                $"it holds no optimizer state but a {kind} optimizer was given. "
                    + "Load without an optimizer (it starts fresh), or save with Checkpoint.Save(path, parameters, optimizer)."
            );
        }
        var expected = optimizer.State.Select(s => s.Name).ToArray();
        var stored = file.States.Select(s => s.Name).ToArray();
        if (file.Info.OptimizerKind != kind || !expected.SequenceEqual(stored))
        {
            throw new CheckpointException(
                CheckpointProblem.OptimizerMismatch,
                path,
                $"it holds {file.Info.OptimizerKind} state [{string.Join(", ", stored)}] but a {kind} optimizer "
                    + $"[{string.Join(", ", expected)}] was given. Create the optimizer from "
                    + "Checkpoint.ReadInfo(path).OptimizerConfig, or load without an optimizer."
            );
        }
    }

    private static string Kind(OptimizerConfig config) =>
        JsonSerializer.SerializeToNode(config)?["kind"]?.GetValue<string>()
        ?? config.GetType().Name;
}
