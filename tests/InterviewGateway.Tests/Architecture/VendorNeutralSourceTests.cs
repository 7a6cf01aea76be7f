using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using Microsoft.AspNetCore.Builder;

namespace InterviewGateway.Tests.Architecture;

/// No shared file names a vendor (issue 13). Shared = every .cs file of src/InterviewGateway except a
/// registered vendor's own folder (Vendors/{Vendor}/, its simulator included) and the one list that
/// registers them (Vendors/VendorRegistrations.cs). The ids come from that list, so a fourth vendor is
/// checked without touching this test. Comments count too: they are what a newcomer reads.
public sealed class VendorNeutralSourceTests
{
    /// Known, being removed: shared files that still name a vendor, and why. Empty it as branches merge.
    private static readonly Dictionary<string, string> KnownViolations = new(StringComparer.Ordinal)
    {
        // Typed interview examples for the OpenAPI document, the event catalog and the test delivery: they
        // show one vendor's real options and ids. Follow-up: each vendor module provides its example.
        ["Contracts/OpenApiExamples.cs"] = "examples",
        ["Events/Catalog/EventCatalog.cs"] = "examples",
        ["Events/Catalog/EventExamples.cs"] = "examples",
    };

    [Fact]
    public void Shared_files_name_no_registered_vendor()
    {
        var ids = RegisteredVendorIds();
        var naming = SharedFiles(ids)
            .Where(file => !KnownViolations.ContainsKey(file))
            .SelectMany(file => ids.Where(id => SourceTree.Read(file).Contains(id, StringComparison.OrdinalIgnoreCase))
                .Select(id => $"{file} names {id}"))
            .ToList();

        Assert.True(naming.Count == 0, string.Join('\n', naming));
    }

    [Fact]
    public void Known_violations_still_name_a_vendor()
    {
        var ids = RegisteredVendorIds();

        var clean = KnownViolations.Keys
            .Where(file => !File.Exists(Path.Combine(SourceTree.ProjectDirectory, file))
                || !ids.Any(id => SourceTree.Read(file).Contains(id, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(clean.Count == 0, "Remove from KnownViolations: " + string.Join(", ", clean));
    }

    [Fact]
    public void Every_registered_vendor_has_its_own_folder()
    {
        // Otherwise the exemption below would cover nothing and the rule would read wrong.
        var folders = Directory.EnumerateDirectories(Path.Combine(SourceTree.ProjectDirectory, "Vendors"))
            .Select(d => Path.GetFileName(d).ToLowerInvariant())
            .ToHashSet();

        Assert.All(RegisteredVendorIds(), id => Assert.Contains(id, folders));
    }

    /// The ids the gateway registers, from the same AddVendors call GatewayBuilder makes.
    internal static IReadOnlyList<string> RegisteredVendorIds()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddGatewayStorage();
        return [.. builder.AddVendors().All.Select(d => d.Key.Value)];
    }

    private static IEnumerable<string> SharedFiles(IReadOnlyList<string> ids) => SourceTree.Files
        .Where(file => file != "Vendors/VendorRegistrations.cs")
        .Where(file => !ids.Any(id => file.StartsWith($"Vendors/", StringComparison.Ordinal)
            && file.Split('/') is [_, var folder, _, ..] && folder.Equals(id, StringComparison.OrdinalIgnoreCase)));
}
