namespace InterviewGateway.Tests.Architecture;

/// The production project's source files, read from the repository (tests run from bin/, below it).
internal static class SourceTree
{
    public static string ProjectDirectory { get; } = Find();

    /// Every .cs file of src/InterviewGateway (no bin/obj), as a path relative to the project, with '/'.
    public static IReadOnlyList<string> Files { get; } =
    [
        .. Directory.EnumerateFiles(ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ProjectDirectory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal)
                && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    /// The top-level folder a file is in, or "(root)" for GatewayBuilder.cs and Program.cs.
    public static string FolderOf(string file) => file.Contains('/', StringComparison.Ordinal)
        ? file[..file.IndexOf('/', StringComparison.Ordinal)]
        : Root;

    public const string Root = "(root)";

    public static string Read(string file) => File.ReadAllText(Path.Combine(ProjectDirectory, file));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "src", "InterviewGateway");
            if (File.Exists(Path.Combine(dir.FullName, "InterviewGateway.sln")) && Directory.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException("src/InterviewGateway not found above " + AppContext.BaseDirectory);
    }
}
