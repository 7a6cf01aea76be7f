using System.Net;
using System.Net.Sockets;
using InterviewGateway.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Keeps subscriber URLs from pointing the gateway at itself or its network (SSRF): https only, and no
/// loopback, private, link-local, CGNAT, multicast, any other IANA special-purpose range or IPv4 forms of
/// those embedded in IPv6, checked when a URL is
/// registered (CheckAsync) and again on every connection the delivery client opens (ConnectAsync).
internal sealed class SubscriberUrlGuard(IOptionsMonitor<WebhookOptions> options)
{
    public async Task<Uri> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || url!.Length > 2000)
        {
            throw ProblemException.Validation("url", "url must be an absolute https URL of at most 2000 characters.");
        }

        if (uri.Scheme == "http" && !options.CurrentValue.AllowInsecureUrls)
        {
            throw ProblemException.Validation("url",
                "url must use https (plain http needs Webhooks:AllowInsecureUrls).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ProblemException.Validation("url", "url must not carry credentials.");
        }

        if (options.CurrentValue.AllowPrivateNetworks)
        {
            return uri;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            throw ProblemException.Validation("url", $"The host '{uri.Host}' does not resolve.");
        }

        if (addresses.Length == 0 || addresses.Any(IsForbidden))
        {
            throw ProblemException.Validation("url",
                "url resolves to a private, loopback or otherwise internal address.");
        }

        return uri;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// The connect-time half of the guard, used as the delivery handler's ConnectCallback: resolves the
    /// host itself and refuses to connect when any of its addresses is internal, so a name that resolved
    /// to a public address at registration cannot be rebound to an internal one before a delivery. The
    /// socket goes to an address that was checked, not to whatever a second lookup would return.
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.StartsWith('[') && endPoint.Host.EndsWith(']') ? endPoint.Host[1..^1] : endPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!options.CurrentValue.AllowPrivateNetworks && Array.Find(addresses, IsForbidden) is { } forbidden)
        {
            throw new ForbiddenAddressException(host, forbidden);
        }

        for (var i = 0; ; i++)
        {
            var socket = new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses[i], endPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException) when (i < addresses.Length - 1)
            {
                socket.Dispose(); // try the next address, as the default connect does
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// IANA's IPv4 special-purpose registry (RFC 6890 and later), every entry: none of them is a
    /// subscriber on the internet. 240.0.0.0/4 includes the limited broadcast address.
    private static readonly Prefix[] ForbiddenIPv4 = Parse(
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

    /// IANA's IPv6 special-purpose registry, refused whole (plus multicast and the deprecated site-local
    /// and IPv4-translated (SIIT) prefixes). The three prefixes that embed an IPv4 destination
    /// (::/96 IPv4-compatible, 64:ff9b::/96 NAT64, 2002::/16 6to4) are judged by that destination instead.
    private static readonly Prefix[] ForbiddenIPv6 = Parse(
        "::ffff:0:0/96", // IPv4-mapped: a socket to it reaches the IPv4 host; DNS answers IPv4 as IPv4
        "::ffff:0:0:0/96", // SIIT IPv4-translated (RFC 2765)
        "64:ff9b:1::/48", // NAT64 local use (RFC 8215): translated by a local translator to anything
        "100::/64", // discard-only
        "100:0:0:1::/64", // dummy prefix (RFC 9780)
        "2001::/23", // IETF protocol assignments: Teredo 2001::/32, benchmarking, AMT, AS112, ORCHID, DET
        "2001:db8::/32", "3fff::/20", // documentation
        "2620:4f:8000::/48", // AS112 direct delegation
        "5f00::/16", // SRv6 SIDs
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    private static readonly Prefix Nat64WellKnown = Prefix.Parse("64:ff9b::/96");

    public static bool IsForbidden(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return IsForbiddenIPv4(address.GetAddressBytes());
        }

        var b = address.GetAddressBytes();
        if (Array.Exists(ForbiddenIPv6, n => n.Contains(b)))
        {
            return true;
        }

        // IPv4-compatible ::a.b.c.d (this also covers :: and ::1, whose "embedded" 0.0.0.0 and 0.0.0.1 are in 0/8).
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsForbiddenIPv4(b.AsSpan(12, 4));
        }

        // NAT64 64:ff9b::/96: the gateway's NAT64 would translate it to the embedded IPv4 address.
        if (Nat64WellKnown.Contains(b))
        {
            return IsForbiddenIPv4(b.AsSpan(12, 4));
        }

        // 6to4 2002::/16: the embedded IPv4 address (bytes 2-5) is the relay's destination.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsForbiddenIPv4(b.AsSpan(2, 4));
        }

        return false;
    }

    private static bool IsForbiddenIPv4(ReadOnlySpan<byte> b)
    {
        foreach (var prefix in ForbiddenIPv4)
        {
            if (prefix.Contains(b))
            {
                return true;
            }
        }

        return false;
    }

    private static Prefix[] Parse(params string[] networks) => [.. networks.Select(Prefix.Parse)];

    /// A CIDR prefix compared on raw bytes (System.Net.IPNetwork special-cases IPv4-mapped addresses).
    private readonly record struct Prefix(byte[] Bytes, int Bits)
    {
        public static Prefix Parse(string cidr)
        {
            var slash = cidr.IndexOf('/', StringComparison.Ordinal);
            var bits = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return new(IPAddress.Parse(cidr[..slash]).GetAddressBytes(), bits);
        }

        public bool Contains(ReadOnlySpan<byte> address)
        {
            if (address.Length != Bytes.Length)
            {
                return false;
            }

            var whole = Bits / 8;
            var rest = Bits % 8;
            return address[..whole].SequenceEqual(Bytes.AsSpan(0, whole))
                && (rest == 0 || ((address[whole] ^ Bytes[whole]) & (0xFF << (8 - rest)) & 0xFF) == 0);
        }
    }
}
