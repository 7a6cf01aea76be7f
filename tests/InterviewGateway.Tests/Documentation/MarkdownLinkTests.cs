namespace InterviewGateway.Tests.Documentation;

/// Issue 18: the docs live in the repository, so their links must lead somewhere in it.
public sealed class MarkdownLinkTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("igw-md-").FullName;

    private static string Repository { get; } =
        Directory.GetParent(Architecture.SourceTree.ProjectDirectory)!.Parent!.FullName;

    [Fact]
    public void Every_relative_link_in_the_repositorys_markdown_leads_to_a_file_and_heading()
    {
        Assert.Contains(MarkdownLinks.MarkdownFiles(Repository),
            f => f.EndsWith("README.md", StringComparison.Ordinal));
        var broken = MarkdownLinks.Broken(Repository).ToList();
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void No_document_points_outside_the_repository_to_the_contract()
    {
        var citing = MarkdownLinks.MarkdownFiles(Repository)
            .Where(f => File.ReadAllText(f).Contains("CONTRACT.md", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(citing.Count == 0, "Cites CONTRACT.md: " + string.Join(", ", citing));
    }

    [Fact]
    public void A_missing_file_or_heading_is_reported_and_code_is_not_read_as_links()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "docs"));
        File.WriteAllText(Path.Combine(_scratch, "docs", "guide.md"), """
            # The `Guide`
            ## Rate limits: 429 & Retry-After
            ## Rate limits: 429 & Retry-After
            """);
        File.WriteAllText(Path.Combine(_scratch, "README.md"), """
            [ok](docs/guide.md) [ok](docs/guide.md#the-guide) [ok](docs/guide.md#rate-limits-429--retry-after-1)
            [ok](#top) [web](https://example.com/missing.md) [dir](docs)
            # Top
            [gone](docs/missing.md) [no heading](docs/guide.md#nothing)
            `[in code](nowhere.md)`
            ```
            [in a block](nowhere.md)
            ```
            """);

        Assert.Equal(
            ["README.md: docs/missing.md (no such file)", "README.md: docs/guide.md#nothing (no such heading)"],
            MarkdownLinks.Broken(_scratch));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
