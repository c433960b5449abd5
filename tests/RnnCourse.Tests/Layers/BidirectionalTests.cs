using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class BidirectionalTests
{
    [Theory]
    [InlineData(CellKind.Elman, BidirectionalMerge.Concat, false)]
    [InlineData(CellKind.Elman, BidirectionalMerge.Sum, true)]
    [InlineData(CellKind.Jordan, BidirectionalMerge.Concat, true)]
    [InlineData(CellKind.Lstm, BidirectionalMerge.Concat, true)]
    [InlineData(CellKind.Lstm, BidirectionalMerge.Sum, false)]
    [InlineData(CellKind.Gru, BidirectionalMerge.Sum, true)]
    [InlineData(CellKind.Gru, BidirectionalMerge.Concat, false)]
    public void Backward_PassesGradientCheck(CellKind kind, BidirectionalMerge merge, bool masked)
    {
        var rig = new ModelRig(
            layout => new Bidirectional<double>(new CellConfig(kind, 3, 4), layout, "bi.", merge),
            steps: 5,
            batch: 3,
            vocabulary: 4,
            seed: 23,
            mask: masked ? SequenceMask.FromLengths([5, 2, 4], 5) : null
        );
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
        var input = rig.CheckInput();
        Assert.True(input.Passed, input.ToString());
    }

    [Fact]
    public void Forward_BackwardDirection_ReadsEachSequenceReversedWithinItsLength()
    {
        const int T = 5,
            B = 2,
            I = 3,
            H = 4;
        var config = new CellConfig(CellKind.Gru, I, H);
        var layout = new ParameterLayout();
        var bi = new Bidirectional<double>(config, layout, "", BidirectionalMerge.Concat);
        var p = new ParameterSet<double>(layout);
        bi.Initialize(p, new Rng(1));
        var x = Tensor<double>.Zeros(T, B, I);
        new Rng(2).FillUniform<double>(x.Span, -1, 1);
        int[] lengths = [5, 3];
        var y = bi.Forward(p, x, SequenceMask.FromLengths(lengths, T));

        for (int b = 0; b < B; b++)
        {
            int len = lengths[b];
            // Sequence b alone, reversed by hand: x[len−1], …, x[0].
            var reversed = Tensor<double>.Zeros(len, 1, I);
            for (int t = 0; t < len; t++)
            {
                for (int i = 0; i < I; i++)
                {
                    reversed[t, 0, i] = x[len - 1 - t, b, i];
                }
            }
            var alone = bi.Backwards.Engine.Forward(p, reversed).Hs;
            for (int t = 0; t < len; t++)
            {
                // Position t of the backward half has read x[len−1] … x[t]: step len−1−t of the reversed run.
                for (int h = 0; h < H; h++)
                {
                    Assert.Equal(alone[len - 1 - t, 0, h], y[t, b, H + h], 14);
                }
            }
            for (int t = len; t < T; t++)
            {
                for (int h = 0; h < 2 * H; h++)
                {
                    Assert.Equal(0.0, y[t, b, h]);
                }
            }
        }
        // The forward half is a plain forward run.
        var ahead = bi.Forwards.Engine.Forward(p, x, SequenceMask.FromLengths(lengths, T)).Hs;
        for (int h = 0; h < H; h++)
        {
            Assert.Equal(ahead[2, 1, h], y[2, 1, h]);
        }
    }

    [Fact]
    public void Forward_Sum_IsSumOfConcatHalves()
    {
        var config = new CellConfig(CellKind.Lstm, 2, 3);
        var l1 = new ParameterLayout();
        var concat = new Bidirectional<double>(config, l1, "", BidirectionalMerge.Concat);
        var sum = new Bidirectional<double>(
            config,
            new ParameterLayout(),
            "",
            BidirectionalMerge.Sum
        );
        var p = new ParameterSet<double>(l1);
        concat.Initialize(p, new Rng(5));
        var x = Tensor<double>.Full(0.3, 4, 2, 2);
        var yc = concat.Forward(p, x);
        var ys = sum.Forward(p, x);
        Assert.Equal(3, ys.Shape[2]);
        for (int r = 0; r < 8; r++)
        {
            for (int h = 0; h < 3; h++)
            {
                Assert.Equal(yc.Data[r * 6 + h] + yc.Data[r * 6 + 3 + h], ys.Data[r * 3 + h], 14);
            }
        }
    }

    [Theory]
    [InlineData(CellKind.Lstm, 3, false)]
    [InlineData(CellKind.Gru, 20, false)]
    [InlineData(CellKind.Elman, 5, true)]
    public void Forward_ConcurrentAndSequentialDirections_SameBytes(
        CellKind kind,
        int batch,
        bool tokens
    )
    {
        // The fused engine runs the two directions on the two cores at once (PairedEngines);
        // the outputs, ∂L/∂x and every parameter gradient must equal the one-after-the-other run.
        const int steps = 6,
            input = 7;
        (float[] Out, float[]? Dx, float[] Grads) Run(bool concurrent)
        {
            var layout = new ParameterLayout();
            var bi = new Bidirectional<float>(
                new CellConfig(kind, input, 9),
                layout,
                engine: RnnCourse.Bptt.FusedEngine.Factory
            )
            {
                Concurrent = concurrent,
            };
            var p = new ParameterSet<float>(layout);
            bi.Initialize(p, new Rng(3));
            var rng = new Rng(4);
            var lengths = Enumerable.Range(0, batch).Select(b => steps - b % 3).ToArray();
            var mask = SequenceMask.FromLengths(lengths, steps);
            var ids = Enumerable.Range(0, steps * batch).Select(_ => rng.NextInt(input)).ToArray();
            var x = new Tensor<float>(new float[steps * batch * input], steps, batch, input);
            rng.FillUniform<float>(x.Data, -1, 1);
            var y = tokens
                ? bi.Forward(p, new TokenIds(ids, steps, batch), mask)
                : bi.Forward(p, x, mask);
            var dOut = new Tensor<float>(new float[y.Length], y.Shape.ToArray());
            rng.FillUniform<float>(dOut.Data, -1, 1);
            var dx = bi.Backward(p, dOut);
            return (y.Data.ToArray(), dx?.Data.ToArray(), p.Grads.ToArray());
        }
        var together = Run(true);
        var apart = Run(false);
        Assert.Equal(apart.Out, together.Out);
        Assert.Equal(apart.Dx, together.Dx);
        Assert.Equal(apart.Grads, together.Grads);
    }

    [Fact]
    public void ForwardTokens_SameAsOneHot()
    {
        var layout = new ParameterLayout();
        var bi = new Bidirectional<double>(new CellConfig(CellKind.Elman, 5, 3), layout);
        var p = new ParameterSet<double>(layout);
        bi.Initialize(p, new Rng(1));
        var tokens = new TokenIds([1, 2, 3, 4, 0, -1], 3, 2);
        var mask = SequenceMask.FromLengths([3, 2], 3);
        Assert.Equal(
            bi.Forward(p, tokens.ToOneHot<double>(5), mask).Data,
            bi.Forward(p, tokens, mask).Data
        );
    }

    [Fact]
    public void Forward_MaskWithHoles_ThrowsSayingToUseLengths()
    {
        var layout = new ParameterLayout();
        var bi = new Bidirectional<double>(new CellConfig(CellKind.Elman, 2, 3), layout);
        var p = new ParameterSet<double>(layout);
        var holes = SequenceMask.FromMatrix([true, false, true, true], 2, 2);
        var ex = Assert.Throws<ArgumentException>(() =>
            bi.Forward(p, Tensor<double>.Zeros(2, 2, 2), holes)
        );
        Assert.Contains("FromLengths", ex.Message);
    }
}
