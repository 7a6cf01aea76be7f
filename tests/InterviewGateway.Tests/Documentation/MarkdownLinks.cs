using System.Text;
using System.Text.RegularExpressions;

namespace InterviewGateway.Tests.Documentation;

/// Relative links in the repository's Markdown files: each must name an existing file and, with a
/// `#fragment` into a Markdown file, one of its headings (as GitHub makes heading anchors).
internal static partial class MarkdownLinks
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules", "TestResults", "out"];

    public static IEnumerable<string> MarkdownFiles(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(Skipped.Contains))
            .Order(StringComparer.Ordinal);

    /// Every broken relative link under `root`, as "file: target (why)".
    public static IEnumerable<string> Broken(string root)
    {
        foreach (var file in MarkdownFiles(root))
        {
            foreach (var target in Links(File.ReadAllText(file)))
            {
                if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.Length > 1)
                {
                    continue; // https:, mailto:, ...: not a file of the repository
                }

                var (path, fragment) = target.IndexOf('#', StringComparison.Ordinal) is var at and >= 0
                    ? (target[..at], target[(at + 1)..])
                    : (target, "");
                var resolved = path.Length == 0
                    ? file
                    : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                var name = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    yield return $"{name}: {target} (no such file)";
                }
                else if (fragment.Length > 0 && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                    && !Anchors(File.ReadAllText(resolved)).Contains(fragment))
                {
                    yield return $"{name}: {target} (no such heading)";
                }
            }
        }
    }

    /// Inline link and image targets outside code blocks and code spans.
    public static IEnumerable<string> Links(string markdown) =>
        Prose(markdown).SelectMany(line => InlineLink().Matches(CodeSpan().Replace(line, ""))
            .Select(m => m.Groups["target"].Value));

    /// GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered.
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Prose(markdown))
        {
            if (Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var text = CodeSpan().Replace(heading.Groups["text"].Value, m => m.Value.Trim('`'));
            var slug = new StringBuilder();
            foreach (var c in text.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
