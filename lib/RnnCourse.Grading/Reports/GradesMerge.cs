// `rnncourse grade merge`: the grades folders of a sharded run (`grade --shard i/n` on n machines)
// made into one, as if one machine had graded the class: every shard's submission reports and
// graded notebooks copied unchanged, their manual marks joined, and the class reports written once
// over all submissions in the unsharded order. Shards of different assignments, a submission
// graded in two shards and conflicting marks are refused before anything is written.
using System.Text.Json.Nodes;

namespace RnnCourse.Grading.Reports;

/// <summary>Merges shard grades folders.</summary>
public static class GradesMerge
{
    /// <summary>Merges <paramref name="shards"/> into <paramref name="outputDir"/>; returns the merged folder.</summary>
    /// <exception cref="GradesFolderException">The shards do not belong together; the message names the folder and why.</exception>
    public static GradesFolder Merge(IReadOnlyList<string> shards, string outputDir)
    {
        if (shards.Count == 0)
        {
            throw new GradesFolderException(
                "Give the shard folders to merge, e.g. `grade merge shard-1 shard-2 shard-3 -o grades`."
            );
        }
        var folders = shards.Select(GradesFolder.Open).ToList();
        var first = folders[0];
        var owner = new Dictionary<string, string>();
        foreach (var (folder, dir) in folders.Zip(shards))
        {
            if (!JsonNode.DeepEquals(folder.Assignment, first.Assignment))
            {
                throw new GradesFolderException(
                    $"{dir} grades assignment \"{folder.Name}\" with other items than {shards[0]} (\"{first.Name}\"): merge only the shards of one `grade` run."
                );
            }
            if (Path.GetFullPath(dir) == Path.GetFullPath(outputDir))
            {
                throw new GradesFolderException(
                    $"{dir} is a shard; write the merge to another folder (-o)."
                );
            }
            foreach (var r in folder.Reports)
            {
                if (!owner.TryAdd(r.Submission, dir))
                {
                    throw new GradesFolderException(
                        $"Submission \"{r.Submission}\" is in both {owner[r.Submission]} and {dir}: merge each shard once, from one run's --shard i/n."
                    );
                }
            }
        }
        var marks = new Dictionary<string, Dictionary<string, ReviewMark>>();
        foreach (var folder in folders)
        {
            var saved = folder.Marks();
            foreach (var r in folder.Reports)
            {
                if (saved.GetValueOrDefault(r.Submission) is { Count: > 0 } m)
                {
                    marks[r.Submission] = m;
                }
            }
        }
        Directory.CreateDirectory(outputDir);
        foreach (var dir in shards)
        {
            foreach (var file in Directory.GetFiles(dir))
            {
                var name = Path.GetFileName(file);
                bool report =
                    name.EndsWith(".json", StringComparison.Ordinal) && !name.StartsWith('_');
                if (report || name.EndsWith(".graded.ipynb", StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(outputDir, name), overwrite: true);
                }
            }
        }
        File.Copy(
            Path.Combine(shards[0], GradesFolder.AssignmentFile),
            Path.Combine(outputDir, GradesFolder.AssignmentFile),
            overwrite: true
        );
        if (marks.Count > 0)
        {
            GradesFolder.WriteMarksFile(outputDir, first.Name, marks);
        }
        var merged = GradesFolder.Open(outputDir);
        merged.WriteClassReports(merged.Reports);
        return merged;
    }
}
