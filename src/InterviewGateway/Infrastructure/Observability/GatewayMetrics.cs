using System.Diagnostics.Metrics;

namespace InterviewGateway.Infrastructure.Observability;

/// The gateway's own metrics (contract section 10), exported with OpenTelemetry as meter
/// `InterviewGateway`: deliveries and attempts by outcome, vendor requests by status, budget use,
/// poll lag and the due-queue depth.
internal sealed class GatewayMetrics
{
    public const string MeterName = "InterviewGateway";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _vendorRequests;
    private readonly Counter<long> _budgetSpent;
    private readonly Histogram<double> _pollLag;
    private readonly Counter<long> _events;
    private long _queueDepth;
    private readonly Histogram<double> _deliveryLag;
    private long _deliveryQueueDepth;
    private long _deliveryRetriesScheduled;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attempts = meter.CreateCounter<long>("gateway.delivery.attempts",
            description: "Webhook delivery attempts by outcome");
        _vendorRequests = meter.CreateCounter<long>("gateway.vendor.requests",
            description: "Vendor requests by vendor and HTTP status");
        _budgetSpent = meter.CreateCounter<long>("gateway.vendor.budget.spent",
            description: "Vendor budget tokens spent, by priority");
        _pollLag = meter.CreateHistogram<double>("gateway.poll.lag", unit: "s",
            description: "How late a poll ran after it was due");
        _events = meter.CreateCounter<long>("gateway.events.published",
            description: "Events stored and fanned out, by type");
        _deliveryLag = meter.CreateHistogram<double>("gateway.delivery.lag", unit: "s",
            description: "How late a delivery attempt started after it was due");
        meter.CreateObservableGauge("gateway.delivery.queue_depth", () => Interlocked.Read(ref _deliveryQueueDepth),
            description: "Delivery attempts queued or in flight, over the subscriptions (refreshed every 5 s)");
        meter.CreateObservableGauge("gateway.delivery.retries_scheduled", () =>
            Interlocked.Read(ref _deliveryRetriesScheduled),
            description: "Delivery retries scheduled for later");
        meter.CreateObservableGauge("gateway.poll.queue_depth", () => Interlocked.Read(ref _queueDepth),
            description: "Tracked interviews in the due queue (last plan)");
    }

    public void DeliveryAttempt(string outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void VendorRequest(string vendor, int status) =>
        _vendorRequests.Add(1, new("vendor", vendor), new("status_code", status));

    public void BudgetSpent(string vendor, string priority) => _budgetSpent.Add(1, new("vendor", vendor),
        new("priority", priority));

    public void PollLag(string vendor, TimeSpan lag) => _pollLag.Record(Math.Max(0, lag.TotalSeconds),
        new KeyValuePair<string, object?>("vendor", vendor));

    public void EventPublished(string type) => _events.Add(1, new KeyValuePair<string, object?>("type", type));

    public void QueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public void DeliveryLag(TimeSpan lag) => _deliveryLag.Record(Math.Max(0, lag.TotalSeconds));

    public void DeliveryQueueDepth(long queuedOrInFlight, long retriesScheduled)
    {
        Interlocked.Exchange(ref _deliveryQueueDepth, queuedOrInFlight);
        Interlocked.Exchange(ref _deliveryRetriesScheduled, retriesScheduled);
    }
}
