using System.Net;
using System.Net.Sockets;
using InterviewGateway.Delivery;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Tests.Delivery;

public sealed class SubscriberUrlGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("198.18.0.1")] // benchmarking 198.18.0.0/15
    [InlineData("198.19.255.255")]
    [InlineData("192.0.0.1")] // IETF protocol assignments 192.0.0.0/24
    [InlineData("192.0.0.170")]
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::10.1.2.3")]
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    [InlineData("2002:a00:1:1::1")] // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:101::")] // 6to4 of 192.168.1.1
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::10.0.0.1")]
    [InlineData("::169.254.169.254")]
    [InlineData("::1%1")] // loopback with a scope id
    // Every other IANA special-purpose range (IPv4 and IPv6 registries), one address each.
    [InlineData("192.0.2.1")] // TEST-NET-1
    [InlineData("192.31.196.1")] // AS112-v4
    [InlineData("192.52.193.1")] // AMT
    [InlineData("192.88.99.1")] // deprecated 6to4 relay anycast
    [InlineData("192.175.48.1")] // AS112 direct delegation
    [InlineData("198.51.100.7")] // TEST-NET-2
    [InlineData("203.0.113.9")] // TEST-NET-3
    [InlineData("240.0.0.1")] // reserved
    [InlineData("255.255.255.255")] // limited broadcast
    [InlineData("::ffff:93.184.216.34")] // IPv4-mapped ::ffff:0:0/96, even of a public address
    [InlineData("::ffff:0:5db8:d822")] // SIIT IPv4-translated ::ffff:0:0:0/96
    [InlineData("64:ff9b:1::a00:1")] // NAT64 local use 64:ff9b:1::/48
    [InlineData("64:ff9b:1:ffff::5db8:d822")]
    [InlineData("100::1")] // discard-only 100::/64
    [InlineData("100:0:0:1::1")] // dummy prefix 100:0:0:1::/64
    [InlineData("2001::1")] // Teredo 2001::/32
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // a Teredo address
    [InlineData("2001:1::1")] // port control anycast (2001::/23 IETF protocol assignments)
    [InlineData("2001:2::1")] // benchmarking 2001:2::/48
    [InlineData("2001:3::1")] // AMT 2001:3::/32
    [InlineData("2001:4:112::1")] // AS112-v6
    [InlineData("2001:10::1")] // deprecated ORCHID
    [InlineData("2001:20::1")] // ORCHIDv2
    [InlineData("2001:30::1")] // drone remote ID
    [InlineData("2001:1ff::1")] // the end of 2001::/23
    [InlineData("2001:db8::a00:1")] // documentation 2001:db8::/32
    [InlineData("3fff::1")] // documentation 3fff::/20
    [InlineData("2620:4f:8000::1")] // AS112 direct delegation
    [InlineData("5f00::1")] // SRv6 SIDs 5f00::/16
    [InlineData("fec0::1")] // deprecated site-local
    public void Internal_addresses_are_forbidden(string address) =>
        Assert.True(SubscriberUrlGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.1.1")]
    [InlineData("192.0.3.1")] // just past TEST-NET-1
    [InlineData("203.0.114.1")] // just past TEST-NET-3
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of a public address
    [InlineData("64:ff9b:2::a00:1")] // past NAT64 local use 64:ff9b:1::/48
    [InlineData("2002:5db8:d822::1")] // 6to4 of a public address
    [InlineData("::93.184.216.34")] // IPv4-compatible, public
    [InlineData("2001:200::1")] // just past 2001::/23 (a real allocation)
    [InlineData("2001:db9::1")] // past documentation
    [InlineData("2620:4f:8001::1")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(SubscriberUrlGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")] // resolved by the guard itself, as a rebound name would be
    public async Task The_delivery_handler_refuses_to_connect_to_an_internal_address(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var guard = new SubscriberUrlGuard(new Monitor(new WebhookOptions { AllowPrivateNetworks = false }));
        using var client =
            new HttpClient(new SocketsHttpHandler { ConnectCallback = (c, ct) =>
                guard.ConnectAsync(c.DnsEndPoint, ct) });

        var ex =
            await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
                client.GetAsync(new Uri($"http://{host}:{port}/hooks")));

        Assert.Contains("not allowed", ex.Message, StringComparison.Ordinal);
        Assert.True(ex is ForbiddenAddressException || ex.InnerException is ForbiddenAddressException, ex.ToString());
        Assert.False(listener.Pending(), "the guard must refuse before connecting");
    }

    [Fact]
    public async Task AllowPrivateNetworks_is_read_at_connect_time()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = new DnsEndPoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        var options = new WebhookOptions { AllowPrivateNetworks = true };
        var guard = new SubscriberUrlGuard(new Monitor(options));

        await using (var stream = await guard.ConnectAsync(endPoint, CancellationToken.None))
        {
            Assert.IsType<NetworkStream>(stream);
            using var accepted = await listener.AcceptSocketAsync();
            Assert.True(((NetworkStream)stream).Socket.NoDelay);
        }

        options.AllowPrivateNetworks = false;
        var refused =
            await Assert.ThrowsAsync<ForbiddenAddressException>(() =>
                guard.ConnectAsync(endPoint, CancellationToken.None).AsTask());
        Assert.Equal(IPAddress.Loopback, refused.Address);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task A_host_too_long_for_dns_is_a_validation_error_not_a_500()
    {
        var guard = new SubscriberUrlGuard(new Monitor(new WebhookOptions { AllowPrivateNetworks = false }));
        var url = $"https://{new string('a', 60)}.{new string('b', 60)}.{new string('c', 60)}."
            + $"{new string('d', 60)}.{new string('e', 60)}.example.com/hook";

        var problem =
            await Assert.ThrowsAsync<InterviewGateway.Infrastructure.Errors.ProblemException>(() =>
                guard.CheckAsync(url, CancellationToken.None));
        Assert.Equal(400, problem.Status);
        Assert.True(problem.Errors!.ContainsKey("url"));
    }

    private sealed class Monitor(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;

        public WebhookOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
