using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors;

/// The registered vendors, looked up by key. Shared code asks here instead of naming vendors.
internal sealed class VendorCatalog(
    IEnumerable<VendorDescriptor> descriptors,
    IOptionsMonitor<VendorOptions> vendorOptions,
    IOptions<SandboxOptions> sandbox,
    SandboxCredentials? sandboxCredentials = null,
    IEnumerable<IVendorSandbox>? sandboxes = null)
{
    // Sandbox calls go to the gateway itself; SandboxLoopbackHandler swaps in the real listening address.
    public static readonly Uri SandboxHost = new("http://sandbox.invalid/");

    private readonly Dictionary<string, IVendorSandbox> _sandboxes =
        (sandboxes ?? []).ToDictionary(s => s.Key.Value, StringComparer.Ordinal);

    public IReadOnlyList<VendorDescriptor> All { get; } = [.. descriptors];

    public bool TryGet(string? value, out VendorDescriptor descriptor)
    {
        descriptor = All.FirstOrDefault(d => string.Equals(d.Key.Value, value, StringComparison.Ordinal))!;
        return descriptor is not null;
    }

    public VendorDescriptor Get(string value) =>
        TryGet(value, out var descriptor) ? descriptor
            : throw new InvalidOperationException($"Unknown vendor '{value}'.");

    public VendorOptions Options(VendorKey key) => vendorOptions.Get(key.Value);

    public VendorConnection Connection(VendorKey key)
    {
        var options = Options(key);
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new VendorConnection(true, false, WithTrailingSlash(options.BaseUrl), options.ApiKey);
        }

        return sandbox.Value.Enabled && _sandboxes.TryGetValue(key.Value, out var simulator)
            ? new VendorConnection(true, true,
                new Uri(SandboxHost, $"sandbox/{key.Value}/{simulator.ApiPath}/"), Credentials.ApiKey(key))
            : new VendorConnection(false, false, WithTrailingSlash(options.BaseUrl), null);
    }

    /// The webhook secret (or token) of this vendor's simulator when the sandbox serves it, else null.
    public string? SandboxWebhookSecret(VendorKey key) =>
        Connection(key).Sandbox ? Credentials.WebhookSecret(key) : null;

    private SandboxCredentials Credentials =>
        sandboxCredentials
        ?? throw new InvalidOperationException("The sandbox is enabled but its credentials are not registered.");

    private static Uri WithTrailingSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
}
