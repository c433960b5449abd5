"""Independent reference for Rng's golden values: xoshiro256** seeded through SplitMix64,
and the Marsaglia polar method. Run: python3 rng_golden.py > RngGolden.cs"""
import math
import struct

M = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro:
    def __init__(self, seed):
        self.x = seed
        self.s = [self._splitmix() for _ in range(4)]

    def _splitmix(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & M
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)

    def next(self):
        s = self.s
        r = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return r

    def uniform(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))


def normals(rng, count):
    out = []
    while len(out) < count:
        while True:
            u = 2 * rng.uniform() - 1
            v = 2 * rng.uniform() - 1
            q = u * u + v * v
            if 0 < q < 1:
                break
        f = math.sqrt(-2 * math.log(q) / q)
        out += [u * f, v * f]
    return out[:count]


r = Xoshiro(42)
first = [r.next() for _ in range(3)]
bits = [struct.unpack("<q", struct.pack("<d", d))[0] for d in normals(Xoshiro(42), 4)]
print("// Golden values computed by an independent Python implementation of xoshiro256** seeded")
print("// through SplitMix64 (tests/RnnCourse.Tests/Numerics/rng_golden.py prints this file).")
print("namespace RnnCourse.Tests.Numerics;\n\ninternal static class RngGolden\n{")
print("    public static readonly ulong[] Seed42First3 = [" + ", ".join(f"{v}UL" for v in first) + "];")
print("    public static readonly long[] Seed42Normals = [" + ", ".join(f"{v}L" for v in bits) + "];")
print("}")
