// The one switch from a SimdWidth value to a kernel's generic instance at that width. A call
// site writes its kernel call once, in a struct job's Run<TIsa, TVec>; WidthDispatch.Run picks
// Isa512, Isa256, Isa128 or IsaScalar. The job is a struct type parameter, so the JIT compiles a
// separate, direct call per width (no delegate, no virtual call) and the switch runs once per
// kernel call, outside its loops.
using System.Runtime.Intrinsics;

namespace RnnCourse.Numerics;

/// <summary>A kernel call written once over the width (see <see cref="WidthDispatch"/>).</summary>
internal interface IWidthJob
{
    /// <summary>Runs the kernel at the width of <typeparamref name="TIsa"/>.</summary>
    void Run<TIsa, TVec>()
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct;
}

/// <summary>Runs an <see cref="IWidthJob"/> at a <see cref="SimdWidth"/>.</summary>
internal static class WidthDispatch
{
    /// <summary>Runs <paramref name="job"/> at <paramref name="width"/> (Scalar for any other value).</summary>
    public static void Run<TJob>(SimdWidth width, ref TJob job)
        where TJob : struct, IWidthJob
    {
        switch (width)
        {
            case SimdWidth.V512:
                job.Run<Isa512, Vector512<float>>();
                break;
            case SimdWidth.V256:
                job.Run<Isa256, Vector256<float>>();
                break;
            case SimdWidth.V128:
                job.Run<Isa128, Vector128<float>>();
                break;
            default:
                job.Run<IsaScalar, float>();
                break;
        }
    }
}
