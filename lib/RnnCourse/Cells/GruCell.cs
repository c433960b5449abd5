// The GRU cell in PyTorch's formulation and layout (gate order r, z, n):
//     [gx_r gx_z gx_n] = Wx x_t + bx          [gh_r gh_z gh_n] = Wh h_{t−1} + bh     (B × 3H each)
//     r = σ(gx_r + gh_r)     z = σ(gx_z + gh_z)
//     n = tanh(gx_n + r ⊙ gh_n)               (the reset gate multiplies W_hn h + b_hn)
//     h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// PyTorch nn.GRU: Wx = weight_ih_l0, Wh = weight_hh_l0, bx = bias_ih_l0, bh = bias_hh_l0.
// Shapes: x (B × I), h (B × H), Wx (3H × I), Wh (3H × H), bx/bh (3H).
// Forward and Backward override RecurrentCell's: deliberate twins of ElmanCell's and
// JordanCell's signatures (the equations between them are the GRU's own).

namespace RnnCourse.Cells;

/// <summary>What <see cref="GruCell{T}.Backward"/> needs from one forward step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class GruCache<T> : CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a cache for a batch of <paramref name="batch"/>.</summary>
    public GruCache(int batch, int inputSize, int hiddenSize)
        : base(batch, inputSize, hiddenSize)
    {
        Gates = new T[batch * 3 * hiddenSize];
        GhN = new T[batch * hiddenSize];
    }

    /// <summary>The activated gates [r z n] per row (B × 3H).</summary>
    public T[] Gates { get; }

    /// <summary>gh_n = W_hn h_{t−1} + b_hn (B × H), before the reset gate multiplies it.</summary>
    public T[] GhN { get; }
}

/// <summary>The GRU cell (PyTorch formulation, gate order r, z, n).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class GruCell<T> : RecurrentCell<T, GruCache<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell over declared parameter slots.</summary>
    public GruCell(CellConfig config, CellSlots slots)
        : base(config, slots, CellKind.Gru, "GruCell needs a GRU config") { }

    /// <summary>(x, hPrev) → h by the equations above.</summary>
    public override void Forward(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        Span<T> h,
        GruCache<T> cache
    )
    {
        CellMath.RequireSeparate<T>(h, x, hPrev);
        int H = this.H;
        var Wx = p.Value(Slots.Wx);
        var Wh = p.Value(Slots.Wh);
        var bx = CellMath.ValueOf(p, Slots.Bx);
        var bh = CellMath.ValueOf(p, Slots.Bh);

        // gx = x·Wxᵀ + bx and gh = hPrev·Whᵀ + bh, kept apart: r multiplies only gh_n.
        var gx = cache.Gates.AsSpan();
        var gh = new T[batch * 3 * H];
        CellMath.Affine<T>(batch, I, 3 * H, x, Wx, bx, gx, accumulate: false);
        CellMath.Affine<T>(batch, H, 3 * H, hPrev, Wh, bh, gh, accumulate: false);

        for (int b = 0; b < batch; b++)
        {
            var gxRow = gx.Slice(b * 3 * H, 3 * H);
            var ghRow = gh.AsSpan(b * 3 * H, 3 * H);
            for (int j = 0; j < H; j++)
            {
                int k = b * H + j;
                T r = CellMath.Sigmoid(gxRow[j] + ghRow[j]);
                T z = CellMath.Sigmoid(gxRow[H + j] + ghRow[H + j]);
                T n = T.Tanh(gxRow[2 * H + j] + r * ghRow[2 * H + j]);
                h[k] = (T.One - z) * n + z * hPrev[k];
                (gxRow[j], gxRow[H + j], gxRow[2 * H + j]) = (r, z, n);
                cache.GhN[k] = ghRow[2 * H + j];
            }
        }
        cache.Keep(x, hPrev);
    }

    /// <summary>
    /// dn = dh ⊙ (1 − z); dz = dh ⊙ (hPrev − n); da_n = dn ⊙ (1 − n²); dr = da_n ⊙ gh_n;
    /// input side dgx = [da_r, da_z, da_n], recurrent side dgh = [da_r, da_z, da_n ⊙ r];
    /// dWx += dgxᵀx, dbx += Σ dgx, dWh += dghᵀhPrev, dbh += Σ dgh, dx = dgx·Wx,
    /// dhPrev = dh ⊙ z + dgh·Wh.
    /// </summary>
    public override void Backward(
        ParameterSet<T> p,
        int batch,
        GruCache<T> cache,
        ReadOnlySpan<T> dh,
        Span<T> dx,
        Span<T> dhPrev
    )
    {
        CellMath.RequireSeparate<T>(dx, dh, dhPrev);
        CellMath.RequireSeparate<T>(dhPrev, dh);
        int H = this.H;
        var dgx = new T[batch * 3 * H];
        var dgh = new T[batch * 3 * H];
        for (int b = 0; b < batch; b++)
        {
            var g3 = cache.Gates.AsSpan(b * 3 * H, 3 * H);
            for (int j = 0; j < H; j++)
            {
                int k = b * H + j;
                T r = g3[j],
                    z = g3[H + j],
                    n = g3[2 * H + j];
                T dn = dh[k] * (T.One - z);
                T dz = dh[k] * (cache.HPrev[k] - n);
                T daN = dn * (T.One - n * n);
                T dr = daN * cache.GhN[k];
                T daR = dr * r * (T.One - r);
                T daZ = dz * z * (T.One - z);
                int row = b * 3 * H;
                (dgx[row + j], dgx[row + H + j], dgx[row + 2 * H + j]) = (daR, daZ, daN);
                (dgh[row + j], dgh[row + H + j], dgh[row + 2 * H + j]) = (daR, daZ, daN * r);
            }
        }
        var dWx = p.Grad(Slots.Wx);
        var dWh = p.Grad(Slots.Wh);
        var dbx = CellMath.GradOf(p, Slots.Bx);
        var dbh = CellMath.GradOf(p, Slots.Bh);
        CellMath.AffineBackward<T>(
            batch,
            I,
            3 * H,
            cache.X,
            p.Value(Slots.Wx),
            dgx,
            dWx,
            dbx,
            dx,
            false
        );
        CellMath.AffineBackward<T>(
            batch,
            H,
            3 * H,
            cache.HPrev,
            p.Value(Slots.Wh),
            dgh,
            dWh,
            dbh,
            dhPrev,
            false
        );
        // The direct path h = … + z ⊙ hPrev.
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < H; j++)
            {
                int k = b * H + j;
                dhPrev[k] += dh[k] * cache.Gates[b * 3 * H + H + j];
            }
        }
    }

    private protected override GruCache<T> NewCache(int batch) => new(batch, I, H);
}
