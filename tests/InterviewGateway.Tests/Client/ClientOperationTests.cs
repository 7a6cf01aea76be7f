using System.Net;
using InterviewGateway.Client.Models;
using static InterviewGateway.Tests.Client.StubGateway;

namespace InterviewGateway.Tests.Client;

/// The methods the merged server added: the recovery as an operation and the wait for its end, the timeline,
/// the inbound log and its replay, vendor usage.
public sealed class ClientOperationTests
{
    [Fact]
    public async Task A_recover_returns_its_operation_and_the_wait_polls_it_once_per_interval_until_it_ends()
    {
        var stub = Start(Json(HttpStatusCode.Accepted, Samples.OperationJson("running", 0)),
            Json(HttpStatusCode.OK, Samples.OperationJson("running", 1)),
            Json(HttpStatusCode.OK, Samples.OperationJson("running", 2)),
            Json(HttpStatusCode.OK, Samples.OperationJson("completed", 3)));

        var started = await stub.Client.RecoverSubscriptionAsync("sub_1", DateTimeOffset.UnixEpoch);
        Assert.Equal(OperationState.Running, started.State);
        Assert.False(started.IsFinished);
        var wait = stub.Client.WaitForOperationAsync(started.Id, TimeSpan.FromSeconds(2));
        await stub.SeenAsync(2);
        stub.Time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Delay(50);
        Assert.Equal(2, stub.Requests.Count);
        stub.Time.Advance(TimeSpan.FromSeconds(0.1));
        await stub.SeenAsync(3);
        stub.Time.Advance(TimeSpan.FromSeconds(2));

        var finished = await wait;
        Assert.Equal(OperationState.Completed, finished.State);
        Assert.Equal(3, finished.Enqueued);
        Assert.Equal(6, finished.Scanned);
        var urls = stub.Requests.Select(r => $"{r.Request.Method} {r.Request.RequestUri!.AbsolutePath}").ToList();
        Assert.Equal(["POST /v1/subscriptions/sub_1/recover", "GET /v1/operations/op_1", "GET /v1/operations/op_1",
            "GET /v1/operations/op_1"], urls);
    }

    [Fact]
    public async Task A_failed_operation_is_returned_with_its_error_not_thrown()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.OperationJson("failed", 1)));

        var failed = await stub.Client.WaitForOperationAsync("op_1");

        Assert.Equal(OperationState.Failed, failed.State);
        Assert.True(failed.IsFinished);
        Assert.Equal("log unreadable", failed.Error);
    }

    [Fact]
    public async Task Cancelling_the_wait_stops_polling()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.OperationJson("running", 0)));
        using var cancel = new CancellationTokenSource();

        var wait = stub.Client.WaitForOperationAsync("op_1", TimeSpan.FromSeconds(1), cancel.Token);
        await stub.SeenAsync(1);
        await cancel.CancelAsync();
        stub.Time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task The_timeline_follows_next_cursor()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.Page(Samples.TimelineEntryJson, "t/2")),
            Json(HttpStatusCode.OK, Samples.Page(Samples.TimelineEntryJson, null)));

        var entries = await stub.Client.GetInterviewTimelineAsync("sandbox_1", pageSize: 1).ToListAsync();

        Assert.Equal(2, entries.Count);
        Assert.Equal(TimelineEntryKind.StoredChange, entries[0].Kind);
        Assert.Equal(InterviewStatus.InProgress, entries[0].ToStatus);
        var urls = stub.Requests.Select(r => Uri.UnescapeDataString(r.Request.RequestUri!.PathAndQuery)).ToList();
        Assert.Equal(
            ["/v1/interviews/sandbox_1/timeline?limit=1", "/v1/interviews/sandbox_1/timeline?limit=1&cursor=t/2"],
            urls);
    }

    [Fact]
    public async Task The_inbound_log_sends_its_filters_as_the_gateway_parses_them_and_follows_next_cursor()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.Page(Samples.VendorWebhookJson, "w1")),
            Json(HttpStatusCode.OK, Samples.Page(Samples.VendorWebhookJson, null)));
        var query = new VendorWebhookQuery("userjourneys", InboundWebhookOutcome.Rejected,
            new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(1)),
            new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero), 5);

        var logged = await stub.Client.ListVendorWebhooksAsync(query).ToListAsync();

        Assert.Equal(2, logged.Count);
        Assert.Equal(InboundWebhookRejection.BadSignature, logged[0].Reason);
        var urls = stub.Requests.Select(r => Uri.UnescapeDataString(r.Request.RequestUri!.Query)).ToList();
        Assert.Equal("?vendor=userjourneys&outcome=rejected&since=2026-11-02T09:00:00Z&until=2026-11-03T09:00:00Z"
            + "&limit=5", urls[0]);
        Assert.EndsWith("&cursor=w1", urls[1]);
    }

    [Fact]
    public async Task A_replay_posts_to_the_log_entry_and_reads_it_back()
    {
        var stub = Start(Json(HttpStatusCode.Accepted, Samples.VendorWebhookJson));

        var replayed = await stub.Client.ReplayVendorWebhookAsync("vwh_1");

        Assert.Equal("vwh_1", replayed.Id);
        var (request, _) = stub.Requests.Single();
        Assert.Equal($"{HttpMethod.Post} /v1/vendor-webhooks/vwh_1/replay",
            $"{request.Method} {request.RequestUri!.AbsolutePath}");
    }

    [Fact]
    public async Task Vendor_usage_reads_its_buckets()
    {
        var stub = Start(Json(HttpStatusCode.OK, """
            {"vendor":"hindsight","last_hour":[{"start":"2026-11-02T09:00:00Z","count":4}],"last_day":[],
             "last_month":[{"start":"2026-11-02T00:00:00Z","count":40}]}
            """));

        var usage = await stub.Client.GetVendorUsageAsync("hindsight");

        Assert.Equal(4, usage.LastHour.Single().Count);
        Assert.Empty(usage.LastDay);
        Assert.Equal(40, usage.LastMonth.Single().Count);
        Assert.Equal("/v1/vendors/hindsight/usage", stub.Requests.Single().Request.RequestUri!.AbsolutePath);
    }
}
