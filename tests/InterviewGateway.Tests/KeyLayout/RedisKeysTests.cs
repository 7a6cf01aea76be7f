using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Interviews;

namespace InterviewGateway.Tests.KeyLayout;

/// Issue 21's key layout: what must share a cluster slot does, and partitions spread over the slot range.
public sealed class RedisKeysTests
{
    private static readonly RedisKeys Keys = new("igw:");

    private static string TagOf(string key) => key[key.IndexOf('{', StringComparison.Ordinal)..
        (key.IndexOf('}', StringComparison.Ordinal) + 1)];

    [Fact]
    public void The_slot_is_redis_cluster_s_crc16_of_the_tag()
    {
        // The reference value from the Redis Cluster specification: CRC16("123456789") = 0x31C3.
        Assert.Equal(0x31C3, RedisSlots.Of("123456789"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(100)]
    public void Each_partition_s_tag_falls_in_its_share_of_the_slot_range(int partitions)
    {
        var tags = RedisSlots.SpreadTags(partitions);
        for (var p = 0; p < partitions; p++)
        {
            Assert.InRange(RedisSlots.Of(tags[p]), p * 16384 / partitions, ((p + 1) * 16384 / partitions) - 1);
        }
    }

    [Fact]
    public void An_interview_its_events_and_its_index_entries_share_one_tag()
    {
        foreach (var interview in Enumerable.Range(0, 200).Select(i => $"hindsight_{i}"))
        {
            var eventId = new DetectedEvent("interview.completed", "completed", default).IdFor(interview);
            var partition = Keys.PartitionOf(interview);
            string[] together =
            [
                Keys.Interview(interview), Keys.InterviewIndex(partition), Keys.Event(eventId),
                Keys.EventIndex(partition), Keys.EventOutbox(partition), Keys.EventsOfInterview(interview),
            ];
            Assert.Single(together.Select(TagOf).Distinct());
        }
    }

    [Fact]
    public void A_subscription_s_queue_keys_and_its_partition_entries_share_one_tag()
    {
        const string sub = "sub_1a2091b607a7c6fdb2d5a84";
        var partition = Keys.PartitionOf(sub);
        string[] together =
        [
            Keys.DeliveryStream(sub), Keys.DeliveryStates(sub), Keys.DeliverySlots(sub), Keys.DeliverySlotLeases(sub),
            Keys.DeliveryAttempts(sub), Keys.DeliveryHeld(sub), Keys.DeliveryActive(partition),
            Keys.DeliveryRetries(partition), Keys.DeletedSubscriptions(partition),
        ];
        Assert.Single(together.Select(TagOf).Distinct());
        var followUp = Keys.PartitionOfFollowUp("instaview", "42");
        Assert.Single(new[]
        {
            Keys.VendorWebhookSeen("instaview", "42", "h"), Keys.InboundFollowUps(followUp),
            Keys.InboundFollowUpFailures(followUp), Keys.FollowUpTrace("instaview", "42"),
        }.Select(TagOf).Distinct());
    }

    [Fact]
    public void Entities_spread_over_every_partition()
    {
        var counts = Enumerable.Range(0, 16_000).GroupBy(i => Keys.PartitionOf($"hindsight_{i}"))
            .Select(g => g.Count()).ToList();
        Assert.Equal(16, counts.Count);
        Assert.InRange(counts.Max(), 1, 1_000 * 1.2);
    }

    [Fact]
    public void Hangfire_s_prefix_has_one_tag_and_a_prefix_with_braces_is_refused()
    {
        Assert.Equal("igw:{hangfire}:", Keys.HangfirePrefix);
        var options = new InterviewGateway.Infrastructure.Storage.RedisOptions { KeyPrefix = "{igw}:" };
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            System.ComponentModel.DataAnnotations.Validator.ValidateObject(options,
                new System.ComponentModel.DataAnnotations.ValidationContext(options), validateAllProperties: true));
    }

    [Fact]
    public void Redis_below_7_0_is_refused_with_the_endpoint_and_version()
    {
        RedisVersionCheck.Check([("a:1", new Version(7, 0, 15)), ("b:2", new Version(7, 2, 4))]);
        var refused = Assert.Throws<InvalidOperationException>(() =>
            RedisVersionCheck.Check([("a:1", new Version(7, 0, 15)), ("b:2", new Version(6, 2, 14))]));
        Assert.Contains("b:2 runs 6.2.14", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a:1", refused.Message, StringComparison.Ordinal);
    }
}
