using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// Webhook dedupe marks and vendor secrets: the first writer wins until the value expires or is deleted.
public abstract class KeyValueStoreContract
{
    /// How long a value with a TTL lives: short where ElapseAsync really waits, long (so no pause of a loaded
    /// host expires a value before the test reads it back) where it shortens TTLs (ShortenTtlsAsync).
    protected virtual TimeSpan Ttl => TimeSpan.FromMilliseconds(300);

    internal abstract IKeyValueStore Store { get; }

    /// Lets `span` pass on the store's clock.
    protected abstract Task ElapseAsync(TimeSpan span);

    private const string KeyPrefix = "kv-test:";

    private static string NewKey() => $"{KeyPrefix}{Guid.NewGuid():N}";

    /// What passing time does to a Redis value: its TTL shortens (zero or less deletes it, as expiry would).
    /// A value stored without its TTL has none to shorten. Only this contract's keys, on every primary.
    protected static async Task ShortenTtlsAsync(StackExchange.Redis.IConnectionMultiplexer redis, TimeSpan span)
    {
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
            {
                if (await db.KeyTimeToLiveAsync(key) is { } left)
                {
                    await db.KeyExpireAsync(key, left - span);
                }
            }
        }
    }

    [Fact]
    public async Task The_first_writer_wins_and_a_delete_frees_the_key()
    {
        var key = NewKey();
        Assert.Null(await Store.GetAsync(key, default));
        Assert.True(await Store.SetIfAbsentAsync(key, "first", null, default));
        Assert.False(await Store.SetIfAbsentAsync(key, "first", null, default)); // an equal value loses too
        Assert.False(await Store.SetIfAbsentAsync(key, "second", null, default));
        Assert.Equal("first", await Store.GetAsync(key, default));

        await Store.SetAsync(key, "overwritten", null, default);
        Assert.Equal("overwritten", await Store.GetAsync(key, default));

        await Store.DeleteAsync(key, default);
        Assert.Null(await Store.GetAsync(key, default));
        Assert.True(await Store.SetIfAbsentAsync(key, "again", null, default));
        Assert.Null(await Store.GetAsync(NewKey(), default)); // keys do not share values
    }

    [Fact]
    public async Task A_value_with_a_ttl_expires_and_its_key_can_be_taken_again()
    {
        var (marked, secret, kept) = (NewKey(), NewKey(), NewKey());
        Assert.True(await Store.SetIfAbsentAsync(marked, "mark", Ttl, default));
        await Store.SetAsync(secret, "secret", Ttl, default);
        await Store.SetAsync(kept, "kept", null, default);
        Assert.Equal("mark", await Store.GetAsync(marked, default));

        await ElapseAsync(Ttl + TimeSpan.FromMilliseconds(200));

        Assert.Null(await Store.GetAsync(marked, default));
        Assert.Null(await Store.GetAsync(secret, default));
        Assert.Equal("kept", await Store.GetAsync(kept, default));
        Assert.True(await Store.SetIfAbsentAsync(marked, "new mark", Ttl, default));
        Assert.Equal("new mark", await Store.GetAsync(marked, default));
    }
}

public sealed class InMemoryKeyValueStoreTests : KeyValueStoreContract
{
    private readonly FakeTimeProvider _time = new();

    public InMemoryKeyValueStoreTests() => Store = new InMemoryKeyValueStore(_time);

    internal override IKeyValueStore Store { get; }

    protected override Task ElapseAsync(TimeSpan span)
    {
        _time.Advance(span);
        return Task.CompletedTask;
    }
}

public sealed class RedisKeyValueStoreTests(RedisServerFixture redis)
    : KeyValueStoreContract, IClassFixture<RedisServerFixture>
{
    internal override IKeyValueStore Store { get; } = new RedisKeyValueStore(redis.Connection);

    protected override TimeSpan Ttl => TimeSpan.FromMinutes(1);

    // Redis expires keys by its own clock, which a test cannot move, and waiting for it made the test fail
    // under load (a 300-ms value expired before it was read back).
    protected override Task ElapseAsync(TimeSpan span) => ShortenTtlsAsync(redis.Connection, span);
}
