namespace InterviewGateway.Client.Models;

/// <summary>One vendor: whether it is configured, what it can do and its budgets.</summary>
/// <param name="Id">The vendor's id (JSON <c>vendor</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Configured">True when it has credentials or runs in the sandbox.</param>
/// <param name="Sandbox">True when calls go to the gateway's simulator.</param>
/// <param name="Capabilities">What the gateway can do with it.</param>
/// <param name="Budgets">Request budgets and their use.</param>
/// <param name="PausedUntil">Set while the vendor rate-limited the gateway.</param>
/// <param name="Polling">The polling plan, for polled vendors.</param>
/// <param name="SandboxWarning">Set when a sandbox runs outside Development.</param>
public sealed record Vendor(
    [property: System.Text.Json.Serialization.JsonPropertyName("vendor")] string Id,
    string Name, bool Configured, bool Sandbox, VendorCapabilities Capabilities, IReadOnlyList<VendorBudget> Budgets,
    DateTimeOffset? PausedUntil, IReadOnlyList<PollingTier>? Polling, string? SandboxWarning = null);

/// <summary>What the gateway can do with a vendor.</summary>
/// <param name="Create">Create interviews.</param>
/// <param name="Update">Fields an update can change.</param>
/// <param name="List">List the vendor's interviews.</param>
/// <param name="Webhooks">The vendor sends webhooks.</param>
/// <param name="Polling">The gateway polls it.</param>
public sealed record VendorCapabilities(bool Create, IReadOnlyList<string> Update, bool List, bool Webhooks,
    bool Polling);

/// <summary>One budget window.</summary>
/// <param name="Window">minute, hour or month.</param>
/// <param name="Limit">Requests allowed in the window.</param>
/// <param name="Used">Requests used.</param>
/// <param name="SustainedPerMinute">The rate the window sustains.</param>
/// <param name="Projected">Month window: the use expected by the month's end.</param>
public sealed record VendorBudget(string Window, int Limit, long Used, double SustainedPerMinute,
    long? Projected = null);

/// <summary>One age tier of the polling plan.</summary>
/// <param name="Age">first_day, first_week or older.</param>
/// <param name="Tracked">Interviews tracked in the tier.</param>
/// <param name="WantedSeconds">How often they should be polled.</param>
/// <param name="EffectiveSeconds">How often they are polled within the budget.</param>
public sealed record PollingTier(string Age, long Tracked, double WantedSeconds, double EffectiveSeconds);

/// <summary>What <c>RegisterVendorWebhookAsync</c> did.</summary>
/// <param name="Vendor">The vendor.</param>
/// <param name="Url">The URL registered at the vendor.</param>
/// <param name="SecretStored">True when the vendor's signing secret was stored.</param>
public sealed record WebhookRegistration(string Vendor, string Url, bool SecretStored);
