namespace InterviewGateway.Vendors.Simulators;

/// How simulators send their webhooks to the gateway: a named client whose base address is the
/// sandbox host, rewritten to this process's listening address (or the test server) per request.
internal static class SandboxCallbacks
{
    public const string ClientName = "sandbox:callbacks";

    public static void AddSandboxCallbacks(this IServiceCollection services) =>
        services.AddHttpClient(ClientName, client => client.BaseAddress = VendorCatalog.SandboxHost)
            .AddHttpMessageHandler<SandboxLoopbackHandler>();

    /// Posts a vendor webhook to `/v1/vendor-webhooks/{vendor}` with the given headers.
    public static async Task<int> SendAsync(
        IHttpClientFactory clients, VendorKey vendor, byte[] body, IReadOnlyDictionary<string, string> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/vendor-webhooks/{vendor.Value}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
