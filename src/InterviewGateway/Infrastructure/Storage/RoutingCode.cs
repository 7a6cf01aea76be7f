using System.Globalization;
using System.Text;

namespace InterviewGateway.Infrastructure.Storage;

/// A stable 16-bit code of an entity id (FNV-1a over its UTF-8 bytes, folded), the same in every process
/// and release. Redis places an entity's keys by it (issue 21), and an event id carries its interview's
/// code in hex, so a store can place the event beside its interview from the event id alone.
internal static class RoutingCode
{
    public static int Of(string id)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)((hash >> 16) ^ (hash & 0xFFFF));
    }

    public static string Hex(string id) => Of(id).ToString("x4", CultureInfo.InvariantCulture);

    /// The code four hex digits at `start` of `id` spell, if they do.
    public static int? Parse(string id, int start) =>
        id.Length >= start + 4 && int.TryParse(id.AsSpan(start, 4), NumberStyles.AllowHexSpecifier,
            CultureInfo.InvariantCulture, out var code) ? code : null;
}
