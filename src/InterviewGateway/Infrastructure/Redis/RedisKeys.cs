namespace InterviewGateway.Infrastructure.Redis;

/// Every Redis key the gateway uses, under one prefix (`Redis:KeyPrefix`), so several deployments or
/// test classes can share a server. Hangfire keeps its own keys under `{prefix}hangfire:`.
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Interview(string id) => $"{Prefix}interview:{id}";

    public string InterviewIndex => $"{Prefix}interviews:index";

    public string Idempotency(string scopedKey) => $"{Prefix}idem:{scopedKey}";

    public string BudgetBucket(string vendor, string window) => $"{Prefix}budget:{vendor}:{window}";

    public string BudgetUsage(string vendor, string window, string period)
        => $"{Prefix}budget-use:{vendor}:{window}:{period}";

    public string VendorPause(string vendor) => $"{Prefix}vendor-pause:{vendor}";

    public string PollDue(string vendor, int tier) => $"{Prefix}poll:due:{vendor}:{tier}";

    public string PollAge(string vendor) => $"{Prefix}poll:age:{vendor}";

    public string PollStats(string vendor) => $"{Prefix}poll:stats:{vendor}";

    public string Event(string eventId) => $"{Prefix}event:{eventId}";

    public string EventIndex => $"{Prefix}events:index";

    /// Events not fanned out yet (member: event id, score: recorded Unix ms).
    public string EventOutbox => $"{Prefix}events:outbox";

    /// One interview's events, in the same recorded order as EventIndex.
    public string EventsOfInterview(string interviewId) => $"{Prefix}events:of:{interviewId}";

    /// Accepted vendor webhooks whose interview is owed a re-read (member: vendor|id, score: due Unix ms).
    public string InboundFollowUps => $"{Prefix}inbound:follow-ups";

    /// Hash of follow-up member → failed attempts so far, for its backoff.
    public string InboundFollowUpFailures => $"{Prefix}inbound:follow-up-failures";

    /// Hash of follow-up member → the W3C trace context of the webhook that owed it, read when it runs.
    public string InboundFollowUpTraces => $"{Prefix}inbound:follow-up-traces";

    /// Written by the durable-accept wait just before WAIT/WAITAOF, so the wait covers every earlier write.
    public string InboundDurabilityMark => $"{Prefix}inbound:durability-mark";

    /// Every inbound vendor webhook request (a stream, bounded in count and age).
    public string VendorWebhookLog => $"{Prefix}vendor-webhook-log";

    public string Subscription(string id) => $"{Prefix}subscription:{id}";

    public string SubscriptionIndex => $"{Prefix}subscriptions:index";

    /// Counts subscription changes, so a reader can tell whether its copy of the list is current.
    public string SubscriptionsVersion => $"{Prefix}subscriptions:version";

    /// Hash of event id → attempt, for deliveries held back while the subscription is disabled.
    public string DeliveryHeld(string subscriptionId) => $"{Prefix}delivery-held:{subscriptionId}";

    /// Unix milliseconds of the first failed attempt since the subscription's last success.
    public string SubscriptionFailingSince(string subscriptionId) => $"{Prefix}failing-since:{subscriptionId}";

    /// Hash of instance → delivery slots it holds for a subscription, and a sorted set of when each lease ends.
    public string DeliverySlots(string subscriptionId) => $"{Prefix}dslots:{subscriptionId}";

    public string DeliverySlotLeases(string subscriptionId) => $"{Prefix}dslots-exp:{subscriptionId}";

    /// The subscription's delivery queue: a stream with consumer group `delivery`.
    public string DeliveryStream(string subscriptionId) => $"{Prefix}dq:{subscriptionId}";

    /// Prefix of every delivery stream, for scripts that build the key from a subscription id.
    public string DeliveryStreamPrefix => $"{Prefix}dq:";

    /// Set of subscriptions whose stream may hold unfinished messages; also the channel that wakes dispatchers.
    public string DeliveryActive => $"{Prefix}dq-active";

    /// Hash of event id → DeliveryState for one subscription.
    public string DeliveryStates(string subscriptionId) => $"{Prefix}dstate:{subscriptionId}";

    /// Sorted set of scheduled retries (member: subscription|event|attempt, score: due Unix ms).
    public string DeliveryRetries => $"{Prefix}dq-retries";

    /// Deleted subscriptions (member: id, score: Redis time of the delete), so retention purges only their
    /// queues, never one of a subscription it did not see in a list.
    public string DeletedSubscriptions => $"{Prefix}subscriptions:deleted";

    public string DeliveryAttempts(string subscriptionId) => $"{Prefix}attempts:{subscriptionId}";

    /// A vendor delivery's dedupe mark; `deliveryHash` is a hash of what identifies the delivery (bounded length).
    public string VendorWebhookSeen(string vendor, string deliveryHash)
        => $"{Prefix}vendor-webhook:{vendor}:{deliveryHash}";

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

    /// One interview's timeline (a list, oldest first).
    public string Timeline(string interviewId) => $"{Prefix}timeline:{interviewId}";


    /// A tracked operation (JSON, 7 days); the lease ends (sorted set) and owners (hash) of running ones.
    public string Operation(string id) => $"{Prefix}operation:{id}";

    public string OperationLeases => $"{Prefix}operations:leases";

    public string OperationOwners => $"{Prefix}operations:owners";

    public string HangfirePrefix => $"{Prefix}hangfire:";
}
