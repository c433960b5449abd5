// The checkpoint file: parameters, optimizer state and configuration in one versioned binary file,
// written by Serialize and read back and verified (length, checksum, structure) by Parse.
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
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Training;

public static partial class Checkpoint
{
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
