using System.Text;

namespace InterviewGateway.Infrastructure.Redis;

/// Redis Cluster's key slot (CRC16/XMODEM of the key's hash tag, mod 16384), to choose partition tags
/// whose slots spread evenly over the slot range (clusters split it into contiguous ranges per shard).
internal static class RedisSlots
{
    public const int Count = 16384;

    public static int Of(string tag)
    {
        var crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(tag))
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return (crc & 0xFFFF) % Count;
    }

    /// For each of `partitions` partitions, a hash tag whose slot lies in the partition's share of the range.
    public static string[] SpreadTags(int partitions) =>
    [
        .. Enumerable.Range(0, partitions).Select(p =>
        {
            var (low, high) = ((long)p * Count / partitions, (long)(p + 1) * Count / partitions);
            return Enumerable.Range(0, int.MaxValue).Select(j => $"p{p}.{j}")
                .First(tag => Of(tag) is var slot && slot >= low && slot < high);
        }),
    ];
}
