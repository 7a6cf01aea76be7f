using InterviewGateway.Contracts;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace InterviewGateway.IntegrationTests.Stores;

/// The inbound webhook log stays bounded in count (Redis trims approximately, a stream node at a time)
/// and pages newest first with filters.
public abstract class InboundWebhookLogContract
{
    private protected static readonly IOptions<InboundWebhookLogOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new InboundWebhookLogOptions { MaxEntries = 100 });

    internal abstract IInboundWebhookLog Log { get; }

    [Fact]
    public async Task Keeps_the_newest_entries_up_to_its_bound_and_pages_them_newest_first()
    {
        var recorded = new List<InboundWebhook>();
        for (var i = 0; i < 1000; i++)
        {
            recorded.Add(await Log.RecordAsync(InboundWebhook.Of(i % 2 == 0 ? "instaview" : "userjourneys", [1, 2, 3],
                i % 3 == 0 ? InboundWebhookOutcome.Rejected : InboundWebhookOutcome.Accepted,
                i % 3 == 0 ? InboundWebhookRejection.BadSignature : null), default));
        }

        var kept = new List<InboundWebhook>();
        string? cursor = null;
        do
        {
            var (items, next) = await Log.ListAsync(new(100, cursor, null, null, null, null), default);
            kept.AddRange(items);
            cursor = next;
        }
        while (cursor is not null);

        Assert.InRange(kept.Count, 100, 200);
        // The newest entries, newest first; within one millisecond, entries of different partitions (Redis) have
        // no order of their own.
        Assert.Equal(recorded.AsEnumerable().Reverse().Take(kept.Count).Select(e => e.Id).Order(StringComparer.Ordinal),
            kept.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(kept.Select(e => e.ReceivedAt).OrderDescending(), kept.Select(e => e.ReceivedAt));
        Assert.Null(await Log.GetAsync(recorded[0].Id, default));
        Assert.Equal(recorded[^1], await Log.GetAsync(recorded[^1].Id, default));
        Assert.Equal(3, recorded[^1].BodyBytes);

        var (rejected, _) = await Log.ListAsync(new(100, null, "instaview", InboundWebhookOutcome.Rejected, null,
            null), default);
        Assert.Equal(kept.Where(e => e is { Vendor: "instaview", Outcome: InboundWebhookOutcome.Rejected })
            .Select(e => e.Id), rejected.Select(e => e.Id));
        Assert.All(rejected, e => Assert.Equal(InboundWebhookRejection.BadSignature, e.Reason));
    }
}

public sealed class InMemoryInboundWebhookLogTests : InboundWebhookLogContract
{
    internal override IInboundWebhookLog Log { get; } = new InMemoryInboundWebhookLog(Options, TimeProvider.System);

    [Fact]
    public async Task Keeps_exactly_its_bound()
    {
        for (var i = 0; i < 150; i++)
        {
            await Log.RecordAsync(InboundWebhook.Of("instaview", [], InboundWebhookOutcome.Accepted), default);
        }

        Assert.Equal(100, (await Log.ListAsync(new(100, null, null, null, null, null), default)).Items.Count);
    }
}

public sealed class RedisInboundWebhookLogTests(RedisServerFixture redis) : InboundWebhookLogContract,
    IClassFixture<RedisServerFixture>
{
    internal override IInboundWebhookLog Log { get; } = new RedisInboundWebhookLog(redis.Connection,
        new RedisKeys($"t-{Guid.NewGuid():N}:"), Options, TimeProvider.System);
}
