// What SequenceClassifier and SequenceTagger share: a stack of recurrent layers under "rnn."
// read out by one Linear layer (Why, by), declared and initialised in that order, with the
// training switch and gate names of the stack. Shapes: the stack maps x (T × B × I) to
// hs (T × B × S); the readout maps S to the model's outputs (classes or tags).

namespace RnnCourse.Models;

/// <summary>The configuration of a stacked RNN with a linear readout: the cell, the depth, the stack options.</summary>
/// <param name="Cell">The recurrent cell of the first layer (its InputSize is I).</param>
public abstract record StackedRnnConfig(CellConfig Cell)
{
    /// <summary>Stacked recurrent layers; 1 by default, enough for the course's tasks (stack for harder ones).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Dropout between layers and bidirectionality; none by default.</summary>
    public StackOptions Stack { get; init; } = new();

    /// <summary>The readout's outputs (classes or tags).</summary>
    internal abstract int Outputs { get; }
}

/// <summary>A stacked RNN with a linear readout: the body of the classifier and the tagger.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TConfig">The model's configuration record.</typeparam>
public abstract class StackedRnnModel<T, TConfig>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TConfig : StackedRnnConfig
{
    /// <summary>Declares and initialises <c>rnn.l{l}.*</c>, <c>Why</c> and <c>by</c>.</summary>
    /// <param name="config">The model's configuration.</param>
    /// <param name="rng">Initialisation randomness.</param>
    /// <param name="engine">BPTT engine; the readable <see cref="ReferenceEngine{T}"/> by default.</param>
    /// <param name="model">The model's name, for the refusal of a batch-major stack.</param>
    private protected StackedRnnModel(
        TConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine,
        string model
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        var stack = config.Stack.RequireTimeMajor(model);
        Rnn = new StackedRnn<T>(config.Cell, config.Layers, layout, "rnn.", stack, engine);
        Readout = new Linear<T>(Rnn.OutputSize, config.Outputs, layout);
        Parameters = new ParameterSet<T>(layout);
        Rnn.Initialize(Parameters, rng);
        Readout.Initialize(Parameters, rng);
    }

    /// <summary>The configuration.</summary>
    public TConfig Config { get; }

    /// <summary>The trainable parameters (values and gradients).</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>Training mode (dropout on); the prediction methods turn it off for their own passes.</summary>
    public bool Training
    {
        get => Rnn.Training;
        set => Rnn.Training = value;
    }

    /// <summary>Gate names of stacked LSTM/GRU blocks, for gradient-check reports.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap => Rnn.GateMap;

    /// <summary>The recurrent stack (hs from x).</summary>
    private protected StackedRnn<T> Rnn { get; }

    /// <summary>The readout o = Why h + by.</summary>
    private protected Linear<T> Readout { get; }
}
