// The optimizer contract: one object bound to one ParameterSet, with its state buffers (momentum,
// second moments) allocated once in the same flat layout as the parameters. A step is a single
// loop over three or four spans of equal length, whatever the model; nothing is allocated per step.

namespace RnnCourse.Training;

/// <summary>A named optimizer state buffer in the parameter layout (e.g. Adam's <c>m</c> and <c>v</c>).</summary>
/// <param name="Name">Short name as in the update formula (<c>v</c>, <c>G</c>, <c>m</c>).</param>
/// <param name="Buffer">One element per parameter, same offsets as <see cref="ParameterSet{T}.Values"/>.</param>
public sealed record OptimizerState<T>(string Name, T[] Buffer);

/// <summary>
/// Base class of the optimizers: <see cref="Step"/> reads <see cref="ParameterSet{T}.Grads"/> and
/// updates <see cref="ParameterSet{T}.Values"/> in place.
/// </summary>
/// <typeparam name="T">float for training, double for exact tests.</typeparam>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly OptimizerState<T>[] _state;

    /// <summary>
    /// Binds the optimizer to <paramref name="parameters"/>, validates <paramref name="config"/> and
    /// allocates one zeroed state buffer in the parameter layout per name in <paramref name="stateNames"/>.
    /// </summary>
    protected Optimizer(
        ParameterSet<T> parameters,
        OptimizerConfig config,
        params ReadOnlySpan<string> stateNames
    )
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Parameters = parameters;
        Config = config;
        LearningRate = config.LearningRate;
        _state = new OptimizerState<T>[stateNames.Length];
        for (int i = 0; i < stateNames.Length; i++)
        {
            _state[i] = new(stateNames[i], new T[parameters.Count]);
        }
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The hyperparameters it was built with.</summary>
    public OptimizerConfig Config { get; }

    /// <summary>The step size used by the next <see cref="Step"/>; a schedule overwrites it each step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken (t in Adam's bias correction). Restored from checkpoints.</summary>
    public long StepCount { get; internal set; }

    /// <summary>The state buffers, in a fixed order (checkpoints store and restore them by name).</summary>
    public IReadOnlyList<OptimizerState<T>> State => _state;

    /// <summary>Applies one update θ ← update(θ, g, state) with the current <see cref="LearningRate"/>.</summary>
    public void Step()
    {
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
        {
            throw new InvalidOperationException(
                $"LearningRate is {LearningRate}; set a finite value ≥ 0 before stepping."
            );
        }
        StepCount++;
        Update(Parameters.Values, Parameters.Grads, LearningRate);
    }

    /// <summary>Forgets the state (zeros every buffer, step count back to 0), e.g. after loading new weights.</summary>
    public void Reset()
    {
        foreach (var s in State)
        {
            Array.Clear(s.Buffer);
        }
        StepCount = 0;
    }

    /// <summary>The update rule over the flat buffers; <see cref="StepCount"/> is already incremented.</summary>
    /// <param name="theta">All parameter values, updated in place.</param>
    /// <param name="g">All gradients, same layout.</param>
    /// <param name="learningRate">η for this step.</param>
    protected abstract void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate);

    /// <summary>State buffer <paramref name="index"/>, in the order of the names given to the constructor.</summary>
    protected T[] Buffer(int index) => _state[index].Buffer;
}

/// <summary>An optimizer whose hyperparameters are a <typeparamref name="TConfig"/> record.</summary>
/// <typeparam name="T">float for training, double for exact tests.</typeparam>
/// <typeparam name="TConfig">The optimizer's own hyperparameter record.</typeparam>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters, validated here.</param>
/// <param name="stateNames">One state buffer per name, in this order.</param>
public abstract class Optimizer<T, TConfig>(
    ParameterSet<T> parameters,
    TConfig config,
    params ReadOnlySpan<string> stateNames
) : Optimizer<T>(parameters, config, stateNames)
    where T : unmanaged, IFloatingPointIeee754<T>
    where TConfig : OptimizerConfig
{
    /// <summary><see cref="Optimizer{T}.Config"/> as the optimizer's own record type.</summary>
    protected TConfig Settings => (TConfig)Config;
}
