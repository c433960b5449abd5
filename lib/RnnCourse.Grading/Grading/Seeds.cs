// Deterministic seeds: one per exercise (from the assignment name, exercise id and base seed) and
// one per test (from the exercise seed and test name), so random test inputs are identical for
// every submission and every run, whatever the order tests run in.
using System.Security.Cryptography;
using System.Text;

namespace RnnCourse.Grading.Grading;

/// <summary>Seed derivation (SHA-256, first 8 bytes, little-endian).</summary>
public static class Seeds
{
    /// <summary>The seed of <paramref name="exercise"/> in <paramref name="assignment"/>.</summary>
    public static ulong ForExercise(string assignment, string exercise, ulong baseSeed) =>
        Hash($"{assignment}\n{exercise}\n{baseSeed}");

    /// <summary>The seed of one test case.</summary>
    public static ulong ForTest(ulong exerciseSeed, string testName) =>
        Hash($"{exerciseSeed}\n{testName}");

    private static ulong Hash(string text) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
}
