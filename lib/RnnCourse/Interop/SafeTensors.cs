// The safetensors format (Hugging Face), the file PyTorch users exchange weights in:
//   8 bytes   N, the header length (unsigned 64-bit little-endian)
//   N bytes   a UTF-8 JSON object: name → {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}
//             plus an optional "__metadata__" object of string → string
//   the rest  the tensors' raw little-endian bytes, row-major; offsets count from the end of the header
// Values are held as double, which represents F32, F16, BF16 and integers up to 2^53 exactly.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Interop;

/// <summary>Element types of a safetensors file that this library reads (and, for F32/F64, writes).</summary>
public enum SafeTensorType
{
    /// <summary>32-bit IEEE float ("F32"), PyTorch's default.</summary>
    F32,

    /// <summary>64-bit IEEE float ("F64").</summary>
    F64,

    /// <summary>64-bit signed integer ("I64"), read only.</summary>
    I64,

    /// <summary>32-bit signed integer ("I32"), read only.</summary>
    I32,
}

/// <summary>One tensor of a safetensors file: its element type, shape and values (row-major).</summary>
/// <param name="DType">The element type in the file.</param>
/// <param name="Shape">The shape; empty for a scalar.</param>
/// <param name="Values">The values, row-major, as double (exact for every supported type).</param>
public sealed record SafeTensor(SafeTensorType DType, int[] Shape, double[] Values)
{
    /// <summary>Shape as text, e.g. "(8, 3)".</summary>
    public string ShapeText => ShapeCheck.Format(Shape);
}

/// <summary>The tensors and metadata of a safetensors file, in file order.</summary>
/// <param name="Tensors">Name → tensor.</param>
/// <param name="Metadata">The "__metadata__" strings (empty when absent).</param>
public sealed record SafeTensorsFile(
    IReadOnlyDictionary<string, SafeTensor> Tensors,
    IReadOnlyDictionary<string, string> Metadata
);

/// <summary>Reads and writes safetensors files.</summary>
public static class SafeTensors
{
    // A header larger than this is not a weight file of this course (the reference reader uses 100 MB).
    private const long MaxHeader = 100_000_000;

    /// <summary>Reads a safetensors file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors (the message says where).</exception>
    public static SafeTensorsFile Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads safetensors bytes; <paramref name="source"/> names them in errors.</summary>
    public static SafeTensorsFile Read(byte[] bytes, string source = "safetensors")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException(
                $"{source}: {bytes.Length} bytes, too short for the 8-byte header length."
            );
        }
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > MaxHeader || n > bytes.Length - 8)
        {
            throw new InvalidDataException(
                $"{source}: header length {n} exceeds the file ({bytes.Length} bytes) or {MaxHeader}."
            );
        }
        var header =
            JsonNode.Parse(bytes.AsSpan(8, (int)n)) as JsonObject
            ?? throw new InvalidDataException($"{source}: the header is not a JSON object.");
        var data = bytes.AsSpan(8 + (int)n);
        var tensors = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node?.AsObject() ?? [])
                {
                    metadata[k] = v?.GetValue<string>() ?? "";
                }
                continue;
            }
            tensors[name] = ReadTensor(name, node, data, source);
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Writes tensors (in the given order) and optional metadata as a safetensors file. Only F32
    /// and F64 are written; F32 rounds each value to the nearest float.
    /// </summary>
    public static void Write(
        string path,
        IEnumerable<KeyValuePair<string, SafeTensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    ) => File.WriteAllBytes(path, Write(tensors, metadata));

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/>.</summary>
    public static byte[] Write(
        IEnumerable<KeyValuePair<string, SafeTensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(
                metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))
            );
        }
        using var body = new MemoryStream();
        foreach (var (name, t) in tensors)
        {
            ShapeCheck.InvalidIf(
                t.Values.Length != ShapeCheck.Product(t.Shape),
                $"Tensor '{name}' has {t.Values.Length} values but shape {t.ShapeText} holds {ShapeCheck.Product(t.Shape)}.",
                nameof(tensors)
            );
            long begin = body.Length;
            WriteValues(body, t, name);
            header[name] = new JsonObject
            {
                ["dtype"] = t.DType.ToString(),
                ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode?)d)]),
                ["data_offsets"] = new JsonArray(begin, body.Length),
            };
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // the data starts 8-byte aligned; the format pads with spaces
        var bytes = new byte[8 + padded + body.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        body.ToArray().CopyTo(bytes, 8 + padded);
        return bytes;
    }

    private static SafeTensor ReadTensor(
        string name,
        JsonNode? node,
        ReadOnlySpan<byte> data,
        string source
    )
    {
        try
        {
            var o = node!.AsObject();
            string dtype = o["dtype"]!.GetValue<string>();
            var type = dtype switch
            {
                "F32" => SafeTensorType.F32,
                "F64" => SafeTensorType.F64,
                "I64" => SafeTensorType.I64,
                "I32" => SafeTensorType.I32,
                _ => throw new InvalidDataException(
                    $"{source}: tensor '{name}' has dtype {dtype}; this reader supports F32, F64, I64 and I32."
                ),
            };
            int[] shape = [.. o["shape"]!.AsArray().Select(d => d!.GetValue<int>())];
            var offsets = o["data_offsets"]!.AsArray();
            long begin = offsets[0]!.GetValue<long>(),
                end = offsets[1]!.GetValue<long>();
            int size = type is SafeTensorType.F32 or SafeTensorType.I32 ? 4 : 8;
            long count = ShapeCheck.Product(shape);
            if (begin < 0 || end > data.Length || end - begin != count * size)
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' {ShapeCheck.Format(shape)} {dtype} needs {count * size} bytes, but data_offsets are [{begin}, {end}) in {data.Length} bytes of data."
                );
            }
            var raw = data.Slice((int)begin, (int)(end - begin));
            var values = new double[count];
            for (int i = 0; i < values.Length; i++)
            {
                var e = raw.Slice(i * size, size);
                values[i] = type switch
                {
                    SafeTensorType.F32 => BinaryPrimitives.ReadSingleLittleEndian(e),
                    SafeTensorType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(e),
                    SafeTensorType.I64 => BinaryPrimitives.ReadInt64LittleEndian(e),
                    _ => BinaryPrimitives.ReadInt32LittleEndian(e),
                };
            }
            return new SafeTensor(type, shape, values);
        }
        catch (Exception ex)
            when (ex is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(
                $"{source}: tensor '{name}' needs dtype, shape and data_offsets ({ex.Message}).",
                ex
            );
        }
    }

    private static void WriteValues(Stream body, SafeTensor t, string name)
    {
        Span<byte> buffer = stackalloc byte[8];
        foreach (double v in t.Values)
        {
            switch (t.DType)
            {
                case SafeTensorType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)v);
                    body.Write(buffer[..4]);
                    break;
                case SafeTensorType.F64:
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, v);
                    body.Write(buffer);
                    break;
                default:
                    throw new ArgumentException(
                        $"Tensor '{name}' has dtype {t.DType}; the writer writes F32 and F64.",
                        nameof(t)
                    );
            }
        }
    }
}
