using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Infrastructure.Redis;

/// Every Redis key the gateway uses, under one prefix (`Redis:KeyPrefix`), so several deployments or
/// test classes can share a server. Laid out for Redis Cluster (issue 21; docs/redis.md): every atomic
/// operation touches one hash slot. An entity (interview, event, subscription, operation, owed follow-up)
/// belongs to partition `RoutingCode % Partitions`; its keys and its entries in the shared structures
/// (indexes, outbox, retries, active queues) carry that partition's hash tag, so one script reaches them
/// all. A vendor's keys share the vendor's tag; the subscription catalog has one tag. Keys only ever used
/// alone have none. Hangfire keeps its own keys under `{prefix}{hangfire}:`.
internal sealed class RedisKeys
{
    private readonly string[] _tags;

    public RedisKeys(string prefix, int partitions = RedisOptions.DefaultPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Prefix = prefix;
        Partitions = partitions;
        _tags = RedisSlots.SpreadTags(partitions);
    }

    public string Prefix { get; }

    public int Partitions { get; }

    /// 0 .. Partitions - 1, for readers that merge every partition of a shared structure.
    public IEnumerable<int> AllPartitions => Enumerable.Range(0, Partitions);

    public int PartitionOf(string entityId) => RoutingCode.Of(entityId) % Partitions;

    /// An event's partition, from the interview code its id carries (DetectedEvent), else from the id.
    public int PartitionOfEvent(string eventId) =>
        (eventId.StartsWith("evt_", StringComparison.Ordinal) ? RoutingCode.Parse(eventId, 4) : null)
            is { } code ? code % Partitions : PartitionOf(eventId);

    /// An owed vendor webhook follow-up's partition (its dedupe mark, trace and queue entry).
    /// That of the interview it is about (its id is `{vendor}_{vendor's id}`, Interview.MakeId), so one
    /// accept script reaches the mark, the queue, the inbound log and the interview's timeline.
    public int PartitionOfFollowUp(string vendor, string vendorInterviewId) =>
        PartitionOf($"{vendor}_{vendorInterviewId}");

    /// The hash tag every key of the partition starts with, after the prefix.
    public string Tag(int partition) => $"{{{_tags[partition]}}}";

    private string In(int partition) => $"{Prefix}{Tag(partition)}:";

    private string Of(string entityId) => In(PartitionOf(entityId));

    private string OfVendor(string vendor) => $"{Prefix}{{v:{vendor}}}:";

    private string Catalog => $"{Prefix}{{subscriptions}}:";

    /// Never written: the key that routes the shared clock's `TIME` to one node (RedisSharedClock).
    public string Clock => $"{Prefix}{{clock}}";

    public string Interview(string id) => $"{Of(id)}interview:{id}";

    public string InterviewIndex(int partition) => $"{In(partition)}interviews:index";

    public string Idempotency(string scopedKey) => $"{Prefix}idem:{scopedKey}";

    public string BudgetBucket(string vendor, string window) => $"{OfVendor(vendor)}budget:{window}";

    public string BudgetUsage(string vendor, string window, string period)
        => $"{OfVendor(vendor)}budget-use:{window}:{period}";

    public string VendorPause(string vendor) => $"{OfVendor(vendor)}vendor-pause";

    public string PollDue(string vendor, int tier) => $"{OfVendor(vendor)}poll:due:{tier}";

    public string PollAge(string vendor) => $"{OfVendor(vendor)}poll:age";

    public string PollStats(string vendor) => $"{OfVendor(vendor)}poll:stats";

    public string Event(string eventId) => $"{In(PartitionOfEvent(eventId))}event:{eventId}";

    public string EventIndex(int partition) => $"{In(partition)}events:index";

    /// Events not fanned out yet (member: event id, score: recorded Unix ms).
    public string EventOutbox(int partition) => $"{In(partition)}events:outbox";

    /// One interview's events, in the same recorded order as EventIndex.
    public string EventsOfInterview(string interviewId) => $"{Of(interviewId)}events:of:{interviewId}";

    /// Accepted vendor webhooks whose interview is owed a re-read (member: vendor|id, score: due Unix ms).
    public string InboundFollowUps(int partition) => $"{In(partition)}inbound:follow-ups";

    /// Hash of follow-up member → failed attempts so far, for its backoff.
    public string InboundFollowUpFailures(int partition) =>
        $"{In(partition)}inbound:follow-up-failures";

    /// Hash of follow-up member → the W3C trace context of the webhook that owed it, read when it runs.
    public string InboundFollowUpTraces(int partition) => $"{In(partition)}inbound:follow-up-traces";

    /// Written by the durable-accept wait just before WAIT/WAITAOF, so the wait covers every earlier write.
    public string InboundDurabilityMark(int partition) => $"{In(partition)}inbound:durability-mark";

    /// Inbound vendor webhook requests (a stream per partition, each bounded in count and age): a webhook
    /// about an interview goes to the interview's partition, so its accept script stays on one slot.
    public string VendorWebhookLog(int partition) => $"{In(partition)}vendor-webhook-log";

    public string Subscription(string id) => $"{Catalog}subscription:{id}";

    public string SubscriptionIndex => $"{Catalog}index";

    /// Counts subscription changes, so a reader can tell whether its copy of the list is current.
    public string SubscriptionsVersion => $"{Catalog}version";

    /// Hash of event id → attempt, for deliveries held back while the subscription is disabled.
    public string DeliveryHeld(string subscriptionId) => $"{Of(subscriptionId)}delivery-held:{subscriptionId}";

    /// Unix milliseconds of the first failed attempt since the subscription's last success.
    public string SubscriptionFailingSince(string subscriptionId) =>
        $"{Of(subscriptionId)}failing-since:{subscriptionId}";

    /// Hash of instance → delivery slots it holds for a subscription, and a sorted set of when each lease ends.
    public string DeliverySlots(string subscriptionId) => $"{Of(subscriptionId)}dslots:{subscriptionId}";

    public string DeliverySlotLeases(string subscriptionId) => $"{Of(subscriptionId)}dslots-exp:{subscriptionId}";

    /// The subscription's delivery queue: a stream with consumer group `delivery`.
    public string DeliveryStream(string subscriptionId) => $"{Of(subscriptionId)}dq:{subscriptionId}";

    /// Per partition, the set of subscriptions whose stream may hold unfinished messages.
    public string DeliveryActive(int partition) => $"{In(partition)}dq-active";

    /// Hash of event id → DeliveryState for one subscription.
    /// The channel a first enqueue to an idle queue publishes on, to wake every instance's dispatcher.
    public string DeliveryWake => $"{Prefix}dq-wake";

    public string DeliveryStates(string subscriptionId) => $"{Of(subscriptionId)}dstate:{subscriptionId}";

    /// Sorted set of scheduled retries (member: subscription|event|attempt, score: due Unix ms).
    public string DeliveryRetries(int partition) => $"{In(partition)}dq-retries";

    /// Deleted subscriptions (member: id, score: Redis time of the delete), so retention purges only their
    /// queues, never one of a subscription it did not see in a list.
    public string DeletedSubscriptions(int partition) =>
        $"{In(partition)}subscriptions:deleted";

    public string DeliveryAttempts(string subscriptionId) => $"{Of(subscriptionId)}attempts:{subscriptionId}";

    /// A vendor delivery's dedupe mark; `deliveryHash` is a hash of what identifies the delivery (bounded length).
    /// It shares the partition of the follow-up it queues.
    public string VendorWebhookSeen(string vendor, string vendorInterviewId, string deliveryHash)
        => $"{In(PartitionOfFollowUp(vendor, vendorInterviewId))}vendor-webhook:{vendor}:{deliveryHash}";

    public string VendorSecret(string vendor) => $"{Prefix}vendor-secret:{vendor}";

    /// The sandbox simulators' per-deployment key and webhook secret, Data Protection-encrypted.
    public string SandboxCredentials(string vendor) => $"{Prefix}sandbox-credentials:{vendor}";

    /// A caller API key's token bucket (hash: tokens, at), shared by every instance.
    public string CallerRate(string keyName) => $"{Prefix}caller-rate:{keyName}";

    /// Held while an instance creates the first Data Protection key, so instances agree on one.
    public string DataProtectionLock => $"{Prefix}dataprotection-lock";

    public string DataProtectionKeys => $"{Prefix}dataprotection-keys";

    /// Held by the instance running the outbox sweep (JobLease).
    public string OutboxSweepLease => $"{Prefix}lease:outbox-sweep";

    /// Held by the running reconciliation of one vendor (JobLease).
    public string ReconcileLease(string vendor) => $"{Prefix}lease:reconcile:{vendor}";

    /// Where a vendor's reconciliation resumes listing one scope (a study) whose list is oldest first.
    public string ReconcileCursor(string vendor, string scope) => $"{Prefix}reconcile-cursor:{vendor}:{scope}";

    /// One interview's timeline (a list, oldest first).
    public string Timeline(string interviewId) => $"{Of(interviewId)}timeline:{interviewId}";

    /// A tracked operation (JSON, 7 days); the lease ends (sorted set) and owners (hash) of running ones.
    public string Operation(string id) => $"{Of(id)}operation:{id}";

    public string OperationLeases(int partition) => $"{In(partition)}operations:leases";

    public string OperationOwners(int partition) => $"{In(partition)}operations:owners";

    /// Hangfire.Redis.StackExchange runs multi-key commands over its keys: on a cluster they must share a
    /// slot, so its prefix carries one hash tag (as its docs say for clusters).
    public string HangfirePrefix => $"{Prefix}{{hangfire}}:";
}
