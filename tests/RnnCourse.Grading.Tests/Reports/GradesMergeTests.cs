// A class of 20 graded on one machine and in three shards: the merged shards give the same reports
// byte for byte, timings aside; shards that do not belong together are refused.
using System.Text.RegularExpressions;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Reports;
using RnnCourse.Grading.Tests.Grading;

namespace RnnCourse.Grading.Tests.Reports;

public sealed partial class GradesMergeTests : IDisposable
{
    private readonly WrittenAssignment _a = new();

    public void Dispose() => _a.Dispose();

    [GeneratedRegex("(time|duration|creation|finish)=\"[^\"]*\"")]
    private static partial Regex Timing();

    private static string WithoutTimings(string text) => Timing().Replace(text, "$1=\"\"");

    [Fact]
    public void Merge_ThreeShardsOfAClassOf20_SameReportsAsOneRunApartFromTimings()
    {
        for (int i = 0; i < 20; i++)
        {
            _a.Submit(
                $"s{i:00}",
                i % 3 == 0 ? WrittenAssignment.SigmoidWrong : WrittenAssignment.SigmoidOk,
                i % 4 == 0 ? null : $"Answer {i}: at most $1/4$."
            );
        }
        var assignment = _a.Load();
        var whole = Path.Combine(_a.Root, "whole");
        ClassGrader.Grade(_a.Submissions, assignment, whole, _a.Options());
        var shards = Enumerable
            .Range(1, 3)
            .Select(i => Path.Combine(_a.Root, $"shard-{i}"))
            .ToList();
        for (int i = 1; i <= 3; i++)
        {
            ClassGrader.Grade(
                _a.Submissions,
                assignment,
                shards[i - 1],
                _a.Options() with
                {
                    Shard = (i, 3),
                }
            );
        }

        var merged = GradesMerge.Merge(shards, Path.Combine(_a.Root, "merged"));

        Assert.Equal(20, merged.Reports.Count);
        var expected = Directory.GetFiles(whole).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(
            expected,
            Directory.GetFiles(merged.Dir).Select(Path.GetFileName).Order().ToList()
        );
        foreach (var name in expected)
        {
            string one = File.ReadAllText(Path.Combine(whole, name!)),
                other = File.ReadAllText(Path.Combine(merged.Dir, name!));
            if (name!.EndsWith(".json", StringComparison.Ordinal) && !name.StartsWith('_'))
            {
                Assert.Equal(
                    SubmissionReport.FromJson(one).ToJson(timings: false),
                    SubmissionReport.FromJson(other).ToJson(timings: false)
                );
            }
            else
            {
                Assert.Equal(WithoutTimings(one), WithoutTimings(other));
            }
        }
    }

    [Fact]
    public void Merge_ShardOfAnotherAssignment_RefusedNamingTheFolder()
    {
        _a.Submit("s1", WrittenAssignment.SigmoidOk, null);
        var one = Path.Combine(_a.Root, "one");
        ClassGrader.Grade(_a.Submissions, _a.Load(), one, _a.Options());
        var other = Path.Combine(_a.Root, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(
            Path.Combine(other, GradesFolder.AssignmentFile),
            "{\"schema\": \"rnncourse-assignment/1\", \"assignment\": \"basics\", \"items\": []}"
        );

        var e = Assert.Throws<GradesFolderException>(() =>
            GradesMerge.Merge([one, other], Path.Combine(_a.Root, "m"))
        );

        Assert.Contains(other, e.Message);
        Assert.Contains("\"basics\"", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_a.Root, "m")));
    }

    [Fact]
    public void Merge_SameShardTwice_Refused()
    {
        _a.Submit("s1", WrittenAssignment.SigmoidOk, null);
        var one = Path.Combine(_a.Root, "one");
        ClassGrader.Grade(_a.Submissions, _a.Load(), one, _a.Options());

        var e = Assert.Throws<GradesFolderException>(() =>
            GradesMerge.Merge([one, one], Path.Combine(_a.Root, "m"))
        );

        Assert.Contains("Submission \"s1\" is in both", e.Message);
    }
}
