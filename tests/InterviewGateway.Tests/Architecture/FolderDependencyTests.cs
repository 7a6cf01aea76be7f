using System.Text.RegularExpressions;

namespace InterviewGateway.Tests.Architecture;

/// Folders depend one way (issue 13): Api on top, the domain folders below it, Infrastructure at the
/// bottom, Contracts (wire shapes) a leaf beside it. A reference is a `using InterviewGateway.X`, a
/// qualified `InterviewGateway.X.…` name, or a partly qualified `X.Type` naming a type declared in X.
public sealed partial class FolderDependencyTests
{
    /// The layers that are not domain folders; every other top-level folder (Interviews, Events, Delivery,
    /// Vendors, Polling, Sandbox, and any new one) is a domain folder.
    private static readonly string[] Layers = ["Api", "Contracts", "Infrastructure"];

    private static readonly string[] Domain =
    [
        .. Directory.EnumerateDirectories(SourceTree.ProjectDirectory)
            .Select(d => Path.GetFileName(d))
            .Where(d => !Layers.Contains(d) && d is not ("bin" or "obj" or "Properties"))
            .Order(StringComparer.Ordinal),
    ];

    /// Which folders each folder may reference. Domain folders may use each other as long as no cycle
    /// forms (checked separately), but never Api.
    private static readonly Dictionary<string, string[]> Allowed = new(
        Domain.ToDictionary(d => d, _ => (string[])["Contracts", "Infrastructure", .. Domain]), StringComparer.Ordinal)
    {
        [SourceTree.Root] = [.. Layers, .. Domain],
        ["Api"] = ["Contracts", "Infrastructure", .. Domain],
        ["Contracts"] = ["Infrastructure"],
        ["Infrastructure"] = [],
    };

    [Fact]
    public void Folders_reference_only_the_folders_below_them()
    {
        var wrong = References()
            .Where(r => !Allowed[r.From].Contains(r.To))
            .Select(r => $"{r.File}: {r.From} -> {r.To} ({r.Text})")
            .ToList();

        Assert.True(wrong.Count == 0, "References against the folder order:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Folders_form_no_cycle()
    {
        var edges = References().Select(r => (r.From, r.To)).ToHashSet();

        var cycle = FindCycle(edges);

        Assert.True(cycle is null, "Folder cycle: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void Interviews_use_the_vendors_and_never_the_reverse()
    {
        // The direction chosen for the former cycle: adapters return `VendorInterview` snapshots in their
        // own and the wire vocabulary; a reconciler reaches tracked participants only through ITrackedParticipants.
        var edges = References().Select(r => (r.From, r.To)).ToHashSet();

        Assert.Contains(("Interviews", "Vendors"), edges);
        Assert.DoesNotContain(("Vendors", "Interviews"), edges);
    }

    [Fact]
    public void Inbound_sits_beside_polling_and_only_the_composition_root_and_api_use_it()
    {
        // Issue 20: both ways in (a poll, a vendor webhook) are rooms above Interviews and Vendors, so
        // neither needs an inversion to bring an interview up to date.
        var edges = References().Select(r => (r.From, r.To)).ToHashSet();

        Assert.Contains(("Inbound", "Interviews"), edges);
        Assert.Contains(("Inbound", "Vendors"), edges);
        Assert.Contains(("Polling", "Interviews"), edges);
        Assert.DoesNotContain(edges, e => e.To is "Inbound" or "Polling" && e.From is not ("Api" or SourceTree.Root));
    }

    [Fact]
    public void Simulators_are_a_sub_room_per_vendor_that_only_the_module_reaches_into()
    {
        // Issue 20: a vendor folder shows its adapter at a glance. Its simulator sits in
        // Vendors/<Vendor>/Simulator behind IVendorSandbox, and the one reference into it is the module's
        // AddSandbox line; nothing outside the sandbox rooms (that, Vendors/Simulators, Sandbox) uses one.
        string[] sandboxRooms = ["Vendors/Simulators/", "Sandbox/"];
        var misplaced = SourceTree.Files
            .Where(f => Path.GetFileName(f).Contains("Simulat", StringComparison.Ordinal)
                && !IsSimulatorRoom(f) && !sandboxRooms.Any(r => f.StartsWith(r, StringComparison.Ordinal)))
            .ToList();
        var reaching = SourceTree.Files
            .Where(f => !IsSimulatorRoom(f) && !f.EndsWith("Vendor.cs", StringComparison.Ordinal)
                && SimulatorNamespace().IsMatch(SourceTree.Read(f)))
            .ToList();

        Assert.Empty(misplaced);
        Assert.Empty(reaching);
        Assert.All(typeof(InterviewGateway.Vendors.IVendorModule).GetMembers(),
            m => Assert.DoesNotContain("Sandbox", m.Name, StringComparison.Ordinal));
    }

    private static bool IsSimulatorRoom(string file) =>
        file.Split('/') is ["Vendors", _, "Simulator", _];

    [Fact]
    public void The_cycle_finder_sees_a_cycle()
    {
        HashSet<(string From, string To)> edges =
            [("Api", "Interviews"), ("Interviews", "Vendors"), ("Vendors", "Interviews"), ("Vendors", "Contracts")];

        Assert.Equal(["Interviews", "Vendors", "Interviews"], FindCycle(edges));
        Assert.Null(FindCycle([("Api", "Interviews"), ("Interviews", "Vendors")]));
    }

    [Fact]
    public void The_scan_sees_each_kind_of_reference()
    {
        // The scanner itself, on the shapes it must catch (and a member access it must not).
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["Events"] = ["IEventStore"],
            ["Vendors"] = ["VendorKey"],
        };
        const string source = """
            using InterviewGateway.Interviews;
            namespace InterviewGateway.Infrastructure.Storage;
            class X { global::InterviewGateway.Delivery.Subscription? s; Events.IEventStore? e; int n = Vendors.Count; }
            """;

        var found = Scan("Infrastructure/X.cs", source, types).Select(r => r.To).Order().ToList();

        Assert.Equal(["Delivery", "Events", "Interviews"], found);
    }

    internal sealed record Reference(string File, string From, string To, string Text);

    internal static IReadOnlyList<Reference> References()
    {
        var folders = Allowed.Keys.Where(k => k != SourceTree.Root).ToList();
        var types = folders.ToDictionary(
            f => f,
            f => SourceTree.Files.Where(file => SourceTree.FolderOf(file) == f)
                .SelectMany(file => TypeDeclaration().Matches(SourceTree.Read(file)).Select(m => m.Groups[1].Value))
                .Concat(SubFolders(f))
                .ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

        return [.. SourceTree.Files.SelectMany(file => Scan(file, SourceTree.Read(file), types))];
    }

    internal static IEnumerable<Reference> Scan(
        string file, string source, IReadOnlyDictionary<string, HashSet<string>> types)
    {
        var from = SourceTree.FolderOf(file);
        var lines = source.Split('\n').Select(l => l.Trim());
        foreach (var line in lines.Where(l => !l.StartsWith("//", StringComparison.Ordinal)))
        {
            foreach (Match match in Qualified().Matches(line))
            {
                var to = match.Groups[1].Value;
                if (to != from && (Allowed.ContainsKey(to) || types.ContainsKey(to)))
                {
                    yield return new Reference(file, from, to, match.Value);
                }
            }

            if (line.StartsWith("namespace ", StringComparison.Ordinal)
                || line.StartsWith("using ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in PartlyQualified().Matches(line))
            {
                var to = match.Groups[1].Value;
                if (to != from && types.TryGetValue(to, out var declared) && declared.Contains(match.Groups[2].Value))
                {
                    yield return new Reference(file, from, to, match.Value);
                }
            }
        }
    }

    private static IEnumerable<string> SubFolders(string folder)
    {
        var path = Path.Combine(SourceTree.ProjectDirectory, folder);
        return Directory.Exists(path) ? Directory.EnumerateDirectories(path).Select(d => Path.GetFileName(d)) : [];
    }

    private static List<string>? FindCycle(HashSet<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order().ToList());
        var done = new HashSet<string>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            var index = path.IndexOf(node);
            if (index >= 0)
            {
                return [.. path[index..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (Visit(to) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return next.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"Vendors\.\w+\.Simulator\b")]
    private static partial Regex SimulatorNamespace();

    [GeneratedRegex(@"InterviewGateway\.(\w+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])(\w+)\.(\w+)")]
    private static partial Regex PartlyQualified();

    [GeneratedRegex(@"\b(?:class|record|interface|enum|struct)\s+(\w+)")]
    private static partial Regex TypeDeclaration();
}
