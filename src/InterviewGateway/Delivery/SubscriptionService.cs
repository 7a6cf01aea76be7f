using System.Security.Cryptography;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Operations;
using InterviewGateway.Vendors;

namespace InterviewGateway.Delivery;

/// What the subscription endpoints do: create, change, rotate and delete subscriptions, and hand the
/// delivery operations (test, retry, recover) to the services that own them.
internal sealed class SubscriptionService(
    ISubscriptionStore store,
    IEventStore events,
    SubscriberUrlGuard urlGuard,
    SubscriptionSecrets secrets,
    HeldDeliveries held,
    ManualDelivery manual,
    SubscriptionRecovery recovery,
    IDeliveryQueueAdmin queue,
    SubscriptionSnapshot snapshot,
    VendorCatalog catalog,
    ISharedClock clock,
    TimeProvider time)
{
    public async Task<(Subscription Subscription, string Secret)> CreateAsync(CreateSubscriptionRequest request,
        CancellationToken cancellationToken)
    {
        var url = await urlGuard.CheckAsync(request.Url, cancellationToken);
        var secret = StandardWebhookSigner.NewSecret();
        // The shared clock, as events' StoredAt: CreatedAt is compared with it (Subscription.WantsStored).
        var now = await clock.GetUtcNowAsync(cancellationToken);
        var subscription = new Subscription
        {
            Id = $"sub_{now.ToUnixTimeMilliseconds():x11}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            Url = url.AbsoluteUri, // ToString() would unescape the URL
            EventTypes = CheckEventTypes(request.EventTypes) ?? [EventTypes.Completed],
            Vendors = CheckVendors(request.Vendors),
            Payload = request.Payload ?? PayloadMode.Thin,
            Description = request.Description,
            MaxConcurrency = request.MaxConcurrency ?? 10,
            CreatedAt = now,
            UpdatedAt = now,
            Secrets = [new StoredSecret(secrets.Protect(secret), null)],
        };
        await store.SaveAsync(subscription, cancellationToken);
        snapshot.Invalidate();
        return (subscription, secret);
    }

    public async Task<Subscription> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) ?? throw NotFound(id);

    public async Task<Subscription> UpdateAsync(string id, UpdateSubscriptionRequest request,
        CancellationToken cancellationToken)
    {
        // Everything that can fail validation is checked before the compare-and-swap loop.
        var url = request.Url is null ? null : (await urlGuard.CheckAsync(request.Url, cancellationToken)).AbsoluteUri;
        var eventTypes = CheckEventTypes(request.EventTypes);
        var vendors = request.Vendors is null ? null : CheckVendors(request.Vendors);
        var wasDisabled = false;
        var updated = await store.UpdateAsync(id, current =>
        {
            var enabled = request.Enabled ?? current.Enabled;
            wasDisabled = !current.Enabled;
            return current with
            {
                Url = url ?? current.Url,
                EventTypes = eventTypes ?? current.EventTypes,
                Vendors = request.Vendors is null ? current.Vendors : vendors,
                Payload = request.Payload ?? current.Payload,
                Description = request.Description ?? current.Description,
                MaxConcurrency = request.MaxConcurrency ?? current.MaxConcurrency,
                Enabled = enabled,
                DisabledReason = enabled ? null : current.DisabledReason ?? "Disabled through the API.",
                DisabledAt = enabled ? null : current.DisabledAt ?? time.GetUtcNow(),
                UpdatedAt = time.GetUtcNow(),
                Secrets = SecretRotation.Prune(current.Secrets, time.GetUtcNow()),
            };
        }, cancellationToken) ?? throw NotFound(id);
        snapshot.Invalidate();
        if (request.Enabled == true)
        {
            await held.OnEnabledAsync(id, wasDisabled, cancellationToken);
        }

        return updated;
    }

    /// A new current secret; the previous one keeps signing (a second signature) for 24 h.
    public async Task<(string Secret, DateTimeOffset? PreviousExpiresAt)> RotateSecretAsync(string id,
        CancellationToken cancellationToken)
    {
        var secret = StandardWebhookSigner.NewSecret();
        var protectedSecret = secrets.Protect(secret);
        var now = time.GetUtcNow();
        var updated = await store.UpdateAsync(id,
            current => current with
            {
                Secrets = SecretRotation.Rotate(current.Secrets, protectedSecret, now),
                UpdatedAt = now,
            },
            cancellationToken) ?? throw NotFound(id);
        return (secret, updated.Secrets.Skip(1).Select(s => s.ExpiresAt).FirstOrDefault());
    }

    /// The secrets that sign deliveries now, current first, decrypted for an operator who lost them.
    public async Task<IReadOnlyList<(string Secret, DateTimeOffset? ExpiresAt)>> GetSecretsAsync(string id,
        CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        try
        {
            return [.. SecretRotation.Prune(current.Secrets, time.GetUtcNow())
                .Select(s => (secrets.Unprotect(s.Protected), s.ExpiresAt))];
        }
        catch (CryptographicException)
        {
            throw ProblemException.Conflict("The signing secret can no longer be decrypted (the Data Protection "
                + "keys are gone); rotate it to issue a new one.");
        }
    }

    public async Task<DeliveryBacklogResponse> BacklogAsync(string id, CancellationToken cancellationToken)
    {
        var backlog = await queue.BacklogAsync(id, cancellationToken);
        var lag = backlog.OldestDueAt is { } due ? Math.Max(0, (time.GetUtcNow() - due).TotalSeconds) : 0;
        return new DeliveryBacklogResponse(backlog.Queued, backlog.InFlight, Math.Round(lag, 1));
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            throw NotFound(id);
        }

        snapshot.Invalidate();
        await queue.PurgeAsync(id, cancellationToken);
    }

    /// Sends a realistic sample marked `data.sample: true`, now, once; its id is random.
    public async Task<DeliveryAttempt> SendTestAsync(string id, string? eventType, CancellationToken cancellationToken)
    {
        var subscription = await GetAsync(id, cancellationToken);
        var type = eventType ?? EventTypes.Completed;
        if (!EventTypes.All.Contains(type))
        {
            throw ProblemException.Validation("event_type",
                $"event_type must be one of: {string.Join(", ", EventTypes.All)}.");
        }

        var sample = SampleEvent.Create(subscription, type, time.GetUtcNow());
        return await manual.SendSampleAsync(subscription, sample.Id, type, sample.Body, cancellationToken);
    }

    /// Redelivers one stored event now (manual retry); it does not start a new retry schedule.
    public async Task<DeliveryAttempt> RetryAsync(string id, string eventId, CancellationToken cancellationToken)
    {
        if (!(await GetAsync(id, cancellationToken)).Enabled)
        {
            throw ProblemException.Conflict(
                "The subscription is disabled and nothing is sent to it; enable it first (PATCH enabled: true).");
        }

        var stored = await events.GetAsync(eventId, cancellationToken)
            ?? throw ProblemException.NotFound($"No event has the id '{eventId}'.");
        var attempts = await store.ListAttemptsAsync(id, cancellationToken);
        var attempt = attempts.Where(a => a.EventId == stored.Id).Select(a => a.Attempt).DefaultIfEmpty(0).Max() + 1;
        return await manual.RetryNowAsync(stored.Id, id, attempt, cancellationToken)
            ?? throw ProblemException.Conflict("The subscription or event is no longer available.");
    }

    /// Queues again what this subscription wants since `since` and has not received (SubscriptionRecovery).
    public async Task<Operation> RecoverAsync(string id, string? since, CancellationToken cancellationToken) =>
        await recovery.StartAsync(await GetAsync(id, cancellationToken), since, cancellationToken);

    private static ProblemException NotFound(string id) =>
        ProblemException.NotFound($"No subscription has the id '{id}'.");

    private static List<string>? CheckEventTypes(List<string>? types)
    {
        if (types is null)
        {
            return null;
        }

        var unknown = types.Where(t => !EventTypes.All.Contains(t)).ToList();
        return types.Count == 0 || unknown.Count > 0
            ? throw ProblemException.Validation("event_types",
                $"event_types must be a non-empty list of: {string.Join(", ", EventTypes.All)}.")
            : [.. types.Distinct()];
    }

    private List<string>? CheckVendors(List<string>? vendors) =>
        vendors is null ? null
        : vendors.Count > 0 && vendors.All(v => catalog.TryGet(v, out _)) ? [.. vendors.Distinct()]
        : throw ProblemException.Validation("vendors",
            $"vendors must list known vendors: {string.Join(", ", catalog.All.Select(d => d.Key.Value))}.");
}
