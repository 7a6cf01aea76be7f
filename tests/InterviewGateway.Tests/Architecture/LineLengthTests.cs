namespace InterviewGateway.Tests.Architecture;

/// `.editorconfig` sets `max_line_length = 120` for C#; no analyzer enforces it, so this does: every .cs
/// file of the repository (sources, tests, samples; no bin/obj) keeps its lines within 120 characters.
public sealed class LineLengthTests
{
    private const int MaxLength = 120;

    [Fact]
    public void No_source_line_is_longer_than_120_characters()
    {
        var repository = Directory.GetParent(SourceTree.ProjectDirectory)!.Parent!.FullName;
        var tooLong = Directory.EnumerateFiles(repository, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repository, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or ".git" or "TestResults"))
            .SelectMany(f => File.ReadLines(Path.Combine(repository, f))
                .Select((line, i) => (File: f, Line: i + 1, line.Length)))
            .Where(l => l.Length > MaxLength)
            .Select(l => $"{l.File}:{l.Line} ({l.Length})")
            .ToList();

        Assert.True(tooLong.Count == 0, $"{tooLong.Count} lines over {MaxLength} characters:\n"
            + string.Join('\n', tooLong.Take(50)));
    }
}
