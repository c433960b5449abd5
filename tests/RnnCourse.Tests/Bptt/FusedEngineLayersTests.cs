// The fused engine plugs into the library's layers (StackedRnn, Bidirectional, stateful
// RecurrentLayer) through RecurrentEngineFactory and gives the reference engine's numbers.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public class FusedEngineLayersTests
{
    [Theory]
    [InlineData(CellKind.Lstm, false)]
    [InlineData(CellKind.Gru, true)]
    [InlineData(CellKind.Elman, true)]
    public void StackedRnn_FusedFactory_MatchesReferenceFactory(CellKind kind, bool bidirectional)
    {
        var config = new CellConfig(kind, 5, 18);
        var options = new StackOptions
        {
            Dropout = 0.2,
            Bidirectional = bidirectional ? BidirectionalMerge.Concat : null,
        };
        var layout1 = new ParameterLayout();
        var fused = new StackedRnn<float>(config, 2, layout1, "rnn.", options, FusedEngine.Factory);
        var layout2 = new ParameterLayout();
        var reference = new StackedRnn<float>(
            config,
            2,
            layout2,
            "rnn.",
            options,
            ReferenceEngine<float>.Factory
        );
        var p1 = new ParameterSet<float>(layout1);
        FillRandom(p1, new Rng(4));
        var p2 = new ParameterSet<float>(layout2);
        p1.Values.CopyTo(p2.Values, 0);
        var rng = new Rng(5);
        var mask = SequenceMask.FromLengths([6, 3, 5], 6);
        for (int round = 0; round < 2; round++)
        {
            var x = RandomTensor(rng, 6, 3, 5);
            var y1 = fused.Forward(p1, x, mask).Clone();
            var y2 = reference.Forward(p2, x, mask);
            Close(y1.Span, y2.Span.ToArray().Select(v => (double)v).ToArray(), "stack output");
            var dOut = RandomTensor(rng, y2.Shape.ToArray());
            var dx1 = fused.Backward(p1, dOut)!.Clone();
            var dx2 = reference.Backward(p2, dOut)!;
            Close(dx1.Span, dx2.Span.ToArray().Select(v => (double)v).ToArray(), "stack dx");
            Close(p1.Grads, p2.Grads.Select(v => (double)v).ToArray(), "stack grads");
        }
    }

    [Fact]
    public void RecurrentLayer_StatefulWithFusedEngine_CarriesStateLikeReference()
    {
        var config = new CellConfig(CellKind.Lstm, 9, 17);
        var l1 = new ParameterLayout();
        var fused = new RecurrentLayer<float>(config, l1, "", FusedEngine.Factory)
        {
            Stateful = true,
        };
        var l2 = new ParameterLayout();
        var reference = new RecurrentLayer<float>(config, l2, "", ReferenceEngine<float>.Factory)
        {
            Stateful = true,
        };
        var p1 = new ParameterSet<float>(l1);
        FillRandom(p1, new Rng(8));
        var p2 = new ParameterSet<float>(l2);
        p1.Values.CopyTo(p2.Values, 0);
        var rng = new Rng(9);
        for (int chunk = 0; chunk < 3; chunk++)
        {
            var tokens = RandomTokens(rng, 4, 2, 9, padIds: false);
            var y1 = fused.Forward(p1, tokens).Clone();
            var y2 = reference.Forward(p2, tokens);
            Close(y1.Span, y2.Span.ToArray().Select(v => (double)v).ToArray(), $"chunk {chunk}");
            var d = RandomTensor(rng, 4, 2, 17);
            fused.Backward(p1, d);
            reference.Backward(p2, d);
        }
        Close(p1.Grads, p2.Grads.Select(v => (double)v).ToArray(), "grads after 3 chunks");
    }
}
