// Checkpoints: parameters, optimizer state and configuration in one versioned binary file.
//
// Format, version 1 (little-endian; strings are BinaryWriter's 7-bit length prefix + UTF-8):
//   magic      8 bytes  "RNNCKPT\0"
//   version    int32    1
//   length     int64    total file length in bytes, checksum included (detects truncation)
//   elemSize   int32    4 = float, 8 = double
//   config     string   JSON {"optimizer": <OptimizerConfig with "kind"> | null, "model": <any> | null}
//   slots      int32 n, then n × (name string, rank int32, rank × int32 dims)
//   values     int32 count, count × elemSize bytes (ParameterSet.Values)
//   optKind    string   "" when no optimizer was saved
//   optStep    int64    optimizer step count t
//   states     int32 k, then k × (name string, count × elemSize bytes)
//   checksum   32 bytes SHA-256 of every byte before it
// Save writes a temporary file beside the target, flushes it to disk and renames it over the
// target, so a crash mid-save leaves the previous checkpoint intact.
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RnnCourse.Numerics;

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

/// <summary>Saves and loads checkpoints (see the format at the top of this file).</summary>
public static class Checkpoint
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
        if (optimizer is not null && !ReferenceEquals(optimizer.Parameters, parameters))
        {
            throw new ArgumentException(
                "The optimizer updates a different ParameterSet than the one being saved; pass the model's optimizer.",
                nameof(optimizer)
            );
        }
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

    private static byte[] Serialize<T>(ParameterSet<T> p, Optimizer<T>? opt, object? modelConfig)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException(
                "Checkpoints are little-endian; this machine is not."
            );
        }
        var config = new JsonObject
        {
            ["optimizer"] = opt is null ? null : JsonSerializer.SerializeToNode(opt.Config),
            ["model"] = modelConfig is null
                ? null
                : JsonSerializer.SerializeToNode(modelConfig, modelConfig.GetType()),
        };
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(CurrentVersion);
            w.Write(0L); // total length, patched below
            w.Write(Marshal.SizeOf<T>());
            w.Write(config.ToJsonString());
            w.Write(p.Layout.Slots.Count);
            foreach (var slot in p.Layout.Slots)
            {
                w.Write(slot.Name);
                w.Write(slot.Shape.Length);
                foreach (int d in slot.Shape)
                {
                    w.Write(d);
                }
            }
            w.Write(p.Count);
            w.Write(MemoryMarshal.AsBytes<T>(p.Values));
            w.Write(opt is null ? "" : Kind(opt.Config));
            w.Write(opt?.StepCount ?? 0L);
            var states = opt?.State ?? [];
            w.Write(states.Count);
            foreach (var s in states)
            {
                w.Write(s.Name);
                w.Write(MemoryMarshal.AsBytes<T>(s.Buffer));
            }
        }
        long total = ms.Length + HashSize;
        ms.Position = 12;
        ms.Write(BitConverter.GetBytes(total));
        ms.Position = ms.Length;
        byte[] hash = SHA256.HashData(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        ms.Write(hash);
        return ms.ToArray();
    }

    private sealed record StateBytes(string Name, ReadOnlyMemory<byte> Bytes);

    private sealed record ParsedFile(
        CheckpointInfo Info,
        int ElemSize,
        ReadOnlyMemory<byte> Values,
        IReadOnlyList<StateBytes> States
    );

    private static ParsedFile Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new CheckpointException(
                CheckpointProblem.NotFound,
                path,
                "no such file. Check the path (relative paths start at "
                    + $"{Directory.GetCurrentDirectory()}) or save a checkpoint first."
            );
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException(
                CheckpointProblem.NotACheckpoint,
                path,
                "this is not an RnnCourse checkpoint (it does not start with the magic bytes \"RNNCKPT\\0\"). "
                    + "Pass a file written by Checkpoint.Save."
            );
        }
        if (bytes.Length < FixedHeader + HashSize)
        {
            throw Truncated(path, bytes.Length, null);
        }
        int version = BitConverter.ToInt32(bytes, 8);
        if (version > CurrentVersion)
        {
            throw new CheckpointException(
                CheckpointProblem.UnsupportedVersion,
                path,
                $"format version {version} was written by a newer RnnCourse; this one reads versions 1 to {CurrentVersion}. "
                    + "Update the library, or re-save the checkpoint with the version that wrote it."
            );
        }
        if (version < 1)
        {
            throw Corrupt(path, $"the format version field reads {version}");
        }
        long declared = BitConverter.ToInt64(bytes, 12);
        if (bytes.Length < declared)
        {
            throw Truncated(path, bytes.Length, declared);
        }
        if (bytes.Length > declared)
        {
            throw Corrupt(
                path,
                $"it has {bytes.Length} bytes but its header declares {declared} (bytes were appended or the header was damaged)"
            );
        }
        int body = bytes.Length - HashSize;
        byte[] hash = SHA256.HashData(bytes.AsSpan(0, body));
        if (!hash.AsSpan().SequenceEqual(bytes.AsSpan(body, HashSize)))
        {
            throw Corrupt(
                path,
                "the SHA-256 checksum does not match its contents (bytes changed on disk or in transfer)"
            );
        }
        try
        {
            return ParseBody(bytes, body, version);
        }
        catch (Exception e)
            when (e
                    is EndOfStreamException
                        or IOException
                        or ArgumentException
                        or JsonException
                        or OverflowException
            )
        {
            throw Corrupt(path, $"its contents do not follow the format ({e.Message})");
        }
    }

    private static ParsedFile ParseBody(byte[] bytes, int body, int version)
    {
        using var r = new BinaryReader(
            new MemoryStream(bytes, 0, body, writable: false),
            Encoding.UTF8
        );
        r.BaseStream.Position = FixedHeader;
        int elemSize = r.ReadInt32();
        if (elemSize is not (4 or 8))
        {
            throw new IOException($"element size {elemSize} is neither 4 (float) nor 8 (double)");
        }
        string config = r.ReadString();
        int slotCount = r.ReadInt32();
        var layout = new ParameterLayout();
        for (int i = 0; i < slotCount; i++)
        {
            string name = r.ReadString();
            int rank = r.ReadInt32();
            if (rank is < 1 or > 8)
            {
                throw new IOException($"parameter '{name}' has rank {rank}");
            }
            var shape = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                shape[d] = r.ReadInt32();
            }
            layout.Add(name, shape);
        }
        int count = r.ReadInt32();
        if (count != layout.Count)
        {
            throw new IOException($"{count} values stored for a layout of {layout.Count}");
        }
        var values = Take(bytes, r, (long)count * elemSize, body);
        string kind = r.ReadString();
        long step = r.ReadInt64();
        int stateCount = r.ReadInt32();
        if (stateCount is < 0 or > 16)
        {
            throw new IOException($"{stateCount} optimizer state buffers");
        }
        var states = new List<StateBytes>(stateCount);
        for (int i = 0; i < stateCount; i++)
        {
            string name = r.ReadString();
            states.Add(new StateBytes(name, Take(bytes, r, (long)count * elemSize, body)));
        }
        if (r.BaseStream.Position != body)
        {
            throw new IOException(
                $"{body - r.BaseStream.Position} unexpected bytes before the checksum"
            );
        }
        var info = new CheckpointInfo(
            version,
            Elem(elemSize),
            layout.Slots,
            kind.Length == 0 ? null : kind,
            step,
            config
        );
        return new ParsedFile(info, elemSize, values, states);
    }

    private static ReadOnlyMemory<byte> Take(byte[] bytes, BinaryReader r, long length, int body)
    {
        long start = r.BaseStream.Position;
        if (length < 0 || start + length > body)
        {
            throw new EndOfStreamException(
                $"a block of {length} bytes runs past the end of the data"
            );
        }
        r.BaseStream.Position = start + length;
        return new ReadOnlyMemory<byte>(bytes, (int)start, (int)length);
    }

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

    private static string Elem(int size) => size == 4 ? "float" : "double";

    private static CheckpointException Truncated(string path, long actual, long? declared) =>
        new(
            CheckpointProblem.Truncated,
            path,
            (
                declared is { } d
                    ? $"the file is truncated: it has {actual} bytes but its header declares {d}. "
                    : $"the file is truncated: {actual} bytes is shorter than any checkpoint. "
            ) + "The save or copy was interrupted; use an earlier checkpoint or save again."
        );

    private static CheckpointException Corrupt(string path, string what) =>
        new(
            CheckpointProblem.Corrupt,
            path,
            $"the file is corrupt: {what}. Do not trust its values; use an earlier checkpoint or save again."
        );
}
