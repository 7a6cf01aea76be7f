using System.Reflection;
using System.Text.RegularExpressions;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Tests.Architecture;

/// Issue 20: docs/architecture.md tells the poll path and the inbound path in at most 8 named steps each;
/// this keeps the names true to the code (a renamed type or method fails here, not in a reader's head).
public sealed partial class CompletionPathTests
{
    private static readonly Type[] Types = typeof(StorageMode).Assembly.GetTypes();

    public static TheoryData<string> Paths => ["By polling", "By a vendor webhook"];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_path_has_at_most_eight_steps_and_each_step_names_a_type(string path)
    {
        var steps = Steps(path);

        Assert.InRange(steps.Count, 3, 8);
        Assert.All(steps, step => Assert.Contains(Names(step), name => Find(name.Split('.')[0]) is not null));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_named_type_and_method_exists(string path)
    {
        var missing = Steps(path).SelectMany(Names)
            .Where(name => !Exists(name))
            .ToList();

        Assert.True(missing.Count == 0, "Named in docs/architecture.md but not in the code: "
            + string.Join(", ", missing));
    }

    [Fact]
    public void The_check_sees_a_missing_method()
    {
        Assert.True(Exists("PollDispatcher.StepAsync"));
        Assert.False(Exists("PollDispatcher.NoSuchStepAsync"));
        Assert.False(Exists("NoSuchDispatcher"));
    }

    /// `Type` or `Type.Member` (PascalCase); event names (`interview.completed`) and commands (`TIME`) are not.
    private static IEnumerable<string> Names(string step) =>
        Code().Matches(step).Select(m => m.Groups[1].Value).Where(n => char.IsUpper(n[0]) && n.Any(char.IsLower));

    private static bool Exists(string name)
    {
        var parts = name.Split('.');
        var type = Find(parts[0]);
        return type is not null && (parts.Length == 1
            || type.GetMember(parts[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                | BindingFlags.Static).Length > 0
            || type.GetInterfaces().Any(i => i.GetMember(parts[1]).Length > 0));
    }

    private static Type? Find(string name) => Types.FirstOrDefault(t =>
        t.Name == name && t.Namespace?.StartsWith("InterviewGateway", StringComparison.Ordinal) == true);

    private static List<string> Steps(string path)
    {
        var doc = File.ReadAllText(Path.Combine(SourceTree.ProjectDirectory, "..", "..", "docs", "architecture.md"));
        var section = doc[doc.IndexOf("## The life of a completion", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var block = section[section.IndexOf($"**{path}**", StringComparison.Ordinal)..];
        var next = block.IndexOf("\n**", 3, StringComparison.Ordinal);
        block = next < 0 ? block : block[..next];

        // A step is a numbered line and its indented continuation lines.
        var steps = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            if (Step().IsMatch(line))
            {
                steps.Add(line);
            }
            else if (steps.Count > 0 && line.StartsWith("   ", StringComparison.Ordinal))
            {
                steps[^1] += " " + line.Trim();
            }
        }

        return steps;
    }

    [GeneratedRegex(@"`([A-Za-z]\w*(?:\.\w+)?)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^\d+\. ")]
    private static partial Regex Step();
}
