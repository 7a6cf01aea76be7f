namespace InterviewGateway.Delivery;

/// The subscriptions as this instance sees them. The delivery dispatcher reads them at most once a second
/// (`GetAsync`: another instance's change shows within a second; the list is reloaded only when the
/// store's change counter moved). Fan-out must not miss a subscription
/// created just before the event was committed, on any instance, so it asks for `GetCurrentAsync`: one
/// read of the store's change counter, and a reload only when it moved.
internal sealed class SubscriptionSnapshot(ISubscriptionStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private Loaded _loaded = new(new Dictionary<string, Subscription>(), Version: -1, ReadAtMs: 0);

    /// At most `MaxAge` old.
    public async Task<IReadOnlyDictionary<string, Subscription>> GetAsync(CancellationToken cancellationToken)
    {
        var loaded = Volatile.Read(ref _loaded);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - loaded.ReadAtMs < (long)MaxAge.TotalMilliseconds)
        {
            return loaded.Subscriptions;
        }

        // Unchanged (the usual case): one read of the counter, not a reload of every subscription (issue 20:
        // with 1,000 subscriptions that was 1,000 GETs a second per idle instance).
        var version = await store.GetVersionAsync(cancellationToken);
        if (version == loaded.Version)
        {
            Volatile.Write(ref _loaded, loaded with { ReadAtMs = now });
            return loaded.Subscriptions;
        }

        return (await LoadAsync(version, cancellationToken)).Subscriptions;
    }

    /// Holds every subscription change committed before the call.
    public async Task<IReadOnlyDictionary<string, Subscription>> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetVersionAsync(cancellationToken);
        var loaded = Volatile.Read(ref _loaded);
        return loaded.Version == version
            ? loaded.Subscriptions
            : (await LoadAsync(version, cancellationToken)).Subscriptions;
    }

    public void Invalidate() => Volatile.Write(ref _loaded, _loaded with { Version = -1, ReadAtMs = 0 });

    /// The version is read before the list, so the list holds at least every change up to it.
    private async Task<Loaded> LoadAsync(long version, CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(cancellationToken);
        var loaded = new Loaded(list.ToDictionary(s => s.Id, StringComparer.Ordinal), version,
            time.GetUtcNow().ToUnixTimeMilliseconds());
        Volatile.Write(ref _loaded, loaded);
        return loaded;
    }

    private sealed record Loaded(IReadOnlyDictionary<string, Subscription> Subscriptions, long Version, long ReadAtMs);
}
