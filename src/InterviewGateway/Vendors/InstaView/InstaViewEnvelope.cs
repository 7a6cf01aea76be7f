using System.Text.Json;

namespace InterviewGateway.Vendors.InstaView;

/// InstaView answers either bare objects or `{success, data, error, timestamp}` (guides/error-handling),
/// and lists in three shapes (guides/pagination, api-reference/webhooks): `data.items` + `data.pagination`,
/// `{data:[…], total, page, limit, totalPages}` and `{success, data:{data:[…], total}}`.
internal static class InstaViewEnvelope
{
    /// `data` when the reply is enveloped, else the reply itself. A `success:false` reply is a vendor error.
    public static JsonElement Unwrap(JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object || !reply.TryGetProperty("success", out var success))
        {
            return reply;
        }

        if (success.ValueKind == JsonValueKind.False)
        {
            throw VendorException.BadGateway(InstaViewVendor.VendorKey, "the reply reported success=false.");
        }

        return reply.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null
            ? data
            : throw VendorException.BadGateway(InstaViewVendor.VendorKey, "the reply had no data.");
    }

    public static InstaViewPage ParsePage(JsonElement reply, int page, int limit)
    {
        var node = reply;
        int? total = null, totalPages = null;
        for (var depth = 0; depth < 4; depth++)
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                return Page([.. node.EnumerateArray()], page, limit, total, totalPages);
            }

            if (node.ValueKind != JsonValueKind.Object)
            {
                break;
            }

            total = Int(node, "total") ?? total;
            totalPages = Int(node, "totalPages") ?? totalPages;
            if (node.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
            {
                total = Int(pagination, "total") ?? total;
                totalPages = Int(pagination, "totalPages") ?? totalPages;
            }

            if (node.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                return Page([.. items.EnumerateArray()], page, limit, total, totalPages);
            }

            if (!node.TryGetProperty("data", out node))
            {
                break;
            }
        }

        throw VendorException.BadGateway(InstaViewVendor.VendorKey, "the interview list had an unexpected shape.");
    }

    private static InstaViewPage Page(
        IReadOnlyList<JsonElement> items, int page, int limit, int? total, int? totalPages)
    {
        var hasMore = totalPages is { } pages ? page < pages
            : total is { } count ? page * limit < count
            : items.Count >= limit;
        return new InstaViewPage(items, hasMore);
    }

    private static int? Int(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var n) ? n : null;
}
