using System.Net;
using System.Net.Sockets;
using InterviewGateway.Api.Errors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Keeps subscriber URLs from pointing the gateway at itself or its network (SSRF): https only, and no
/// loopback, private, link-local, CGNAT, multicast or IPv4-mapped forms of those.
internal sealed class SubscriberUrlGuard(IOptionsMonitor<WebhookOptions> options)
{
    public async Task<Uri> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url!.Length > 2000)
        {
            throw ApiProblemException.Validation("url", "url must be an absolute https URL of at most 2000 characters.");
        }

        if (uri.Scheme == "http" && !options.CurrentValue.AllowInsecureUrls)
        {
            throw ApiProblemException.Validation("url", "url must use https (plain http needs Webhooks:AllowInsecureUrls).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ApiProblemException.Validation("url", "url must not carry credentials.");
        }

        if (options.CurrentValue.AllowPrivateNetworks)
        {
            return uri;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            throw ApiProblemException.Validation("url", $"The host '{uri.Host}' does not resolve.");
        }

        if (addresses.Length == 0 || addresses.Any(IsForbidden))
        {
            throw ApiProblemException.Validation("url", "url resolves to a private, loopback or otherwise internal address.");
        }

        return uri;
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127)
            || b[0] >= 224
            || b[0] == 0;
    }
}
