// The one random source of the library. Every initialiser, dropout mask, shuffle and sample
// takes an Rng, so a seed fixes every number a notebook produces.
// Generator: xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64. Normals use the
// Marsaglia polar method with a logarithm computed from IEEE basic operations only (see
// DeterministicLog), so the same seed gives the same bytes on every machine and runtime.

namespace RnnCourse.Numerics;

/// <summary>
/// A seeded pseudo-random source (xoshiro256**). Not thread-safe: give each thread its own
/// instance, e.g. from <see cref="Fork"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0,
        _s1,
        _s2,
        _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>A new, independent generator derived from this one's next output (for a worker or a sub-task).</summary>
    public Rng Fork() => new(NextUInt64());

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ShapeCheck.OutOfRangeIf(maxExclusive <= 0, maxExclusive, "The upper bound must be > 0.");
        ulong range = (ulong)maxExclusive;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong hi = Math.BigMul(NextUInt64(), range, out ulong lo);
            if (lo >= threshold)
            {
                return (int)hi;
            }
        }
    }

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A normal deviate with the given mean and standard deviation (Marsaglia polar method).</summary>
    public double Normal(double mean = 0, double std = 1)
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return mean + std * _spareNormal;
        }
        double u,
            v,
            s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * DeterministicLog.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return mean + std * u * factor;
    }

    /// <summary>Fills <paramref name="destination"/> with uniform values in [low, high).</summary>
    public void FillUniform<T>(Span<T> destination, double low, double high)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateChecked(Uniform(low, high));
        }
    }

    /// <summary>Fills <paramref name="destination"/> with normal values N(mean, std²).</summary>
    public void FillNormal<T>(Span<T> destination, double mean = 0, double std = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateChecked(Normal(mean, std));
        }
    }

    /// <summary>
    /// Xavier/Glorot uniform initialisation of a (fanOut × fanIn) weight: U(−a, a) with
    /// a = √(6 / (fanIn + fanOut)) (Glorot &amp; Bengio, 2010), keeping activation variance
    /// roughly constant through a tanh layer.
    /// </summary>
    public void FillXavier<T>(Span<T> destination, int fanIn, int fanOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.PositiveSize(fanIn, nameof(fanIn));
        ShapeCheck.PositiveSize(fanOut, nameof(fanOut));
        double a = Math.Sqrt(6.0 / (fanIn + fanOut));
        FillUniform(destination, -a, a);
    }

    /// <summary>
    /// Orthogonal initialisation of a (rows × cols) matrix (Saxe et al., 2014): a Gaussian matrix
    /// orthonormalised by modified Gram–Schmidt, so rows (or columns, whichever are fewer) are
    /// orthonormal, then multiplied by <paramref name="gain"/>. A square recurrent matrix gets all
    /// singular values equal to the gain, which keeps gradients from vanishing or exploding at init.
    /// </summary>
    public void FillOrthogonal<T>(Span<T> destination, int rows, int cols, double gain = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.PositiveSize(rows, nameof(rows));
        ShapeCheck.PositiveSize(cols, nameof(cols));
        ShapeCheck.Matrix(destination.Length, rows, cols, nameof(destination));
        // Orthonormalise the shorter side: vectors are rows of a (n × len) work matrix.
        bool byRows = rows <= cols;
        int n = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        var q = new double[n * len];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = Normal();
        }
        for (int i = 0; i < n; i++)
        {
            var qi = q.AsSpan(i * len, len);
            for (int j = 0; j < i; j++)
            {
                var qj = q.AsSpan(j * len, len);
                double dot = 0;
                for (int p = 0; p < len; p++)
                {
                    dot += qi[p] * qj[p];
                }
                for (int p = 0; p < len; p++)
                {
                    qi[p] -= dot * qj[p];
                }
            }
            double norm = 0;
            for (int p = 0; p < len; p++)
            {
                norm += qi[p] * qi[p];
            }
            norm = Math.Sqrt(norm);
            for (int p = 0; p < len; p++)
            {
                qi[p] /= norm;
            }
        }
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double v = byRows ? q[r * len + c] : q[c * len + r];
                destination[r * cols + c] = T.CreateChecked(gain * v);
            }
        }
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Draws an index with probability proportional to <paramref name="weights"/> (non-negative, not all zero).</summary>
    public int Categorical<T>(ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        foreach (T w in weights)
        {
            double d = double.CreateChecked(w);
            ShapeCheck.InvalidIf(
                d < 0 || double.IsNaN(d),
                $"Weights must be non-negative numbers; found {d}.",
                nameof(weights)
            );
            total += d;
        }
        ShapeCheck.InvalidIf(
            total <= 0,
            "Weights sum to zero; at least one must be positive.",
            nameof(weights)
        );
        double u = NextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double d = double.CreateChecked(weights[i]);
            if (d > 0)
            {
                last = i;
                acc += d;
                if (u < acc)
                {
                    return i;
                }
            }
        }
        return last;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
