using InterviewGateway.Contracts;
using InterviewGateway.Vendors;

namespace InterviewGateway.Api.OpenApi;

/// Fills the vendor placeholders of descriptions from the catalog, so a new vendor appears in the document
/// by itself.
internal static class VendorText
{
    public static string Fill(string text, VendorCatalog catalog)
    {
        var ids = catalog.All.Select(v => v.Key.Value);
        var webhookIds = catalog.All.Where(v => v.Capabilities.Webhooks).Select(v => v.Key.Value);
        return text.Replace(VendorPlaceholders.Ids, List(ids), StringComparison.Ordinal)
            .Replace(VendorPlaceholders.WebhookIds, List(webhookIds), StringComparison.Ordinal);
    }

    /// "a", "a or b", "a, b or c" (`conjunction` "and" for prose).
    public static string List(IEnumerable<string> items, string conjunction = "or")
    {
        var all = items.ToList();
        return all.Count <= 1
            ? string.Concat(all)
            : $"{string.Join(", ", all[..^1])} {conjunction} {all[^1]}";
    }
}
