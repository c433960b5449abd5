using System.Buffers.Binary;
using System.Text;
using RnnCourse.Interop;
using RnnCourse.Tests.Parity;

namespace RnnCourse.Tests.Interop;

public class SafeTensorsTests
{
    [Fact]
    public void Write_ThenRead_RoundTripsF32F64ShapesOrderAndMetadata()
    {
        var tensors = new Dictionary<string, SafeTensor>
        {
            ["b.weight"] = new(SafeTensorType.F32, [2, 3], [1, -2, 0.5, 3, 1e-3, -7]),
            ["a.bias"] = new(SafeTensorType.F64, [2], [Math.PI, -1e-300]),
        };
        var bytes = SafeTensors.Write(tensors, new Dictionary<string, string> { ["k"] = "v" });
        var file = SafeTensors.Read(bytes);
        Assert.Equal(["b.weight", "a.bias"], file.Tensors.Keys);
        Assert.Equal([2, 3], file.Tensors["b.weight"].Shape);
        Assert.Equal(SafeTensorType.F32, file.Tensors["b.weight"].DType);
        Assert.Equal((double)1e-3f, file.Tensors["b.weight"].Values[4]);
        Assert.Equal([Math.PI, -1e-300], file.Tensors["a.bias"].Values);
        Assert.Equal("v", file.Metadata["k"]);
    }

    [Fact]
    public void Write_Layout_IsLittleEndianLengthAlignedJsonThenRawData()
    {
        var bytes = SafeTensors.Write(
            new Dictionary<string, SafeTensor> { ["w"] = new(SafeTensorType.F32, [1], [1.0]) }
        );
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            header
        );
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, bytes[(8 + (int)n)..]);
    }

    [Fact]
    public void Read_HeaderLengthBeyondFile_ThrowsNamingLengths()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        var ex = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(bytes, "m.safetensors")
        );
        Assert.Contains(
            "m.safetensors: header length 1000 exceeds the file (16 bytes)",
            ex.Message
        );
    }

    [Fact]
    public void Read_OffsetsDisagreeWithShape_ThrowsNamingTensor()
    {
        string json = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes));
        Assert.Contains("tensor 'w' (2) F64 needs 16 bytes", ex.Message);
    }

    [Fact]
    public void Read_FileWrittenByPyTorchScript_HasStateDictNamesAndShapes()
    {
        var file = SafeTensors.Read(
            Path.Combine(PyTorchGridTests.GridDir(), "lstm_l2_bi_proj2.safetensors")
        );
        Assert.Equal([12, 2], file.Tensors["weight_ih_l0"].Shape);
        Assert.Equal([12, 2], file.Tensors["weight_hh_l0_reverse"].Shape);
        Assert.Equal([2, 3], file.Tensors["weight_hr_l1_reverse"].Shape);
        Assert.Equal([12, 4], file.Tensors["weight_ih_l1"].Shape);
        Assert.Equal(SafeTensorType.F64, file.Tensors["full.output"].DType);
        Assert.Equal("lstm", file.Metadata["mode"]);
    }
}
