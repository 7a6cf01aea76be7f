using System.Security.Cryptography;
using System.Text;

namespace InterviewGateway.Vendors.Webhooks;

/// HMAC-SHA256 over the raw body, as vendors document it loosely: hex or base64, with or without a
/// `sha256=` prefix. Compared in constant time; the key bytes are cleared after use.
internal static class WebhookSignatures
{
    public static bool VerifyHmacSha256(string secret, byte[] body, string? presented)
    {
        if (string.IsNullOrWhiteSpace(secret) || string.IsNullOrWhiteSpace(presented))
        {
            return false;
        }

        var value = presented.Trim();
        if (value.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            value = value["sha256=".Length..];
        }

        var key = Encoding.UTF8.GetBytes(secret);
        Span<byte> expected = stackalloc byte[32];
        try
        {
            HMACSHA256.HashData(key, body, expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return Decode(value) is { Length: 32 } candidate
            && CryptographicOperations.FixedTimeEquals(expected, candidate);
    }

    public static bool TokenEquals(string? expected, string? presented) =>
        !string.IsNullOrEmpty(expected) && presented is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    public static string SignHex(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static byte[]? Decode(string value)
    {
        if (value.Length == 64 && value.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(value);
        }

        var buffer = new byte[48];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
