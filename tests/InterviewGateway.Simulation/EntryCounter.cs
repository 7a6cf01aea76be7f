using System.Collections;
using System.Reflection;

namespace InterviewGateway.Simulation;

/// Counts what an in-memory store holds: the entries of every collection it keeps, and of the
/// collections inside its per-key parts (a delivery lane's states, a subscription's attempts).
internal static class EntryCounter
{
    public static long Count(object store) => Count(store, 0);

    private static long Count(object value, int depth)
    {
        var total = 0L;
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
        {
            if (field.GetValue(value) is { } held && CountOf(held) is { } count)
            {
                total += count + (depth < 2 ? Inside(held, depth) : 0);
            }
        }

        return total;
    }

    private static long Inside(object collection, int depth)
    {
        var total = 0L;
        if (collection is not IEnumerable items || collection is string)
        {
            return 0;
        }

        foreach (var item in items)
        {
            var element = item?.GetType() is { IsGenericType: true } t
                && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                    ? t.GetProperty("Value")!.GetValue(item) : item;
            if (element is null or string)
            {
                continue;
            }

            if (CountOf(element) is { } count)
            {
                total += count;
            }
            else if (element.GetType().Name.StartsWith("InMemory", StringComparison.Ordinal))
            {
                total += Count(element, depth + 1);
            }
        }

        return total;
    }

    private static int? CountOf(object value) =>
        value is ICollection collection ? collection.Count
        : value.GetType().Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true
            && value.GetType().GetProperty("Count")?.GetValue(value) is int count ? count
        : null;
}
