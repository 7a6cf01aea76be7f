using System.Globalization;
using System.Text.Json;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// The typed counterparts of `Api`'s helpers, through the first-party client.
public static class GatewayClientExtensions
{
    /// A sandbox Hindsight create, with a fresh email unless one is given.
    public static CreateInterviewRequest SandboxInterview(string? email = null, string? name = "Jane Doe",
        IReadOnlyDictionary<string, string>? metadata = null) =>
        new("hindsight", new ParticipantInput(name, email ?? $"{Guid.NewGuid():N}@example.com"), "Why did we lose?",
            JsonSerializer.SerializeToElement(new { deal = "Acme" }),
            JsonSerializer.SerializeToElement(new { sequence_id = "seq_1" }), metadata);

    public static Task<Interview> CreateSandboxInterviewAsync(this IInterviewGatewayClient gateway,
        string? email = null, string? name = "Jane Doe", IReadOnlyDictionary<string, string>? metadata = null) =>
        gateway.CreateInterviewAsync(SandboxInterview(email, name, metadata));

    /// Creates a sandbox Hindsight interview and completes it by a refresh (asserted); returns its id.
    internal static async Task<string> CompleteSandboxInterviewAsync(this IInterviewGatewayClient gateway,
        GatewayFactory factory)
    {
        var created = await gateway.CreateSandboxInterviewAsync();
        factory.Simulator.CompleteAt(long.Parse(created.VendorInterviewId, CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(InterviewStatus.Completed, (await gateway.GetInterviewAsync(created.Id, refresh: true)).Status);
        return created.Id;
    }

    /// Registers `subscriber` (the request's url is replaced by the subscriber's), hands it the signing
    /// secret, and returns the subscription id.
    public static async Task<string> SubscribeAsync(this IInterviewGatewayClient gateway, TestSubscriber subscriber,
        CreateSubscriptionRequest? request = null)
    {
        var created = await gateway.CreateSubscriptionAsync((request ?? new CreateSubscriptionRequest("")) with
        {
            Url = subscriber.Url,
        });
        Assert.StartsWith("whsec_", created.Secret);
        subscriber.Secret = created.Secret;
        return created.Id;
    }
}
