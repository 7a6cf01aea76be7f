using System.Net;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// The first-party client against the real gateway: problems arrive as the typed exception with every
/// member, a caller's idempotency key replays, and lists follow the server's cursors to the end.
[Collection(GatewayCollection.Name)]
public sealed class ClientTests(GatewayFactory factory) : GatewayTest(factory)
{
    [Fact]
    public async Task A_validation_problem_and_a_bad_key_arrive_as_the_typed_exception()
    {
        var invalid = GatewayClientExtensions.SandboxInterview(email: "not-an-email");
        var problem = await Assert.ThrowsAsync<InterviewGatewayProblemException>(
            () => Gateway.CreateInterviewAsync(invalid));
        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal(Infrastructure.Api.ProblemBase + "validation", problem.Type);
        Assert.Contains("participant.email", problem.Errors.Keys);
        Assert.False(string.IsNullOrEmpty(problem.Title) || string.IsNullOrEmpty(problem.TraceId));

        var stranger = Factory.CreateGatewayClient("igw_not_a_key_at_all_000000");
        var unauthorized = await Assert.ThrowsAsync<InterviewGatewayProblemException>(
            () => stranger.ListVendorsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.DoesNotContain("igw_not_a_key", unauthorized.Message, StringComparison.Ordinal);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_callers_idempotency_key_replays_the_first_create_and_refuses_another_body()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var request = GatewayClientExtensions.SandboxInterview();

        var first = await Gateway.CreateInterviewAsync(request, key);
        var replay = await Gateway.CreateInterviewAsync(request, key);
        Assert.Equal(first.Id, replay.Id);

        var reused = await Assert.ThrowsAsync<InterviewGatewayProblemException>(
            () => Gateway.CreateInterviewAsync(GatewayClientExtensions.SandboxInterview(), key));
        Assert.True(reused.Status is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, reused.Message);
    }

    [Fact]
    public async Task Lists_follow_the_servers_cursors_to_the_last_page()
    {
        var subscriber = await StartSubscriberAsync();
        for (var i = 0; i < 3; i++)
        {
            Subscriptions.Add(await Gateway.SubscribeAsync(subscriber, new CreateSubscriptionRequest("")));
        }

        var listed = await Gateway.ListSubscriptionsAsync(pageSize: 1).Select(s => s.Id).ToListAsync();

        Assert.Superset(Subscriptions.ToHashSet(), listed.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task A_recover_through_the_client_is_an_operation_it_waits_for()
    {
        var subscriber = await StartSubscriberAsync();
        var subscription = await Gateway.SubscribeAsync(subscriber);
        Subscriptions.Add(subscription);

        var started = await Gateway.RecoverSubscriptionAsync(subscription, DateTimeOffset.UtcNow.AddHours(-1));
        var finished = await Gateway.WaitForOperationAsync(started.Id, TimeSpan.FromMilliseconds(100));

        Assert.Equal(("subscription.recover", subscription), (started.Kind, started.SubscriptionId));
        Assert.Equal((started.Id, OperationState.Completed, 0L), (finished.Id, finished.State, finished.Enqueued));
        Assert.Equal(finished, await Gateway.GetOperationAsync(started.Id));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task The_timeline_usage_and_inbound_log_read_through_the_client()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var created = await Gateway.CreateSandboxInterviewAsync();

        var timeline = await Gateway.GetInterviewTimelineAsync(created.Id, pageSize: 1).ToListAsync();
        Assert.Contains(timeline, e => e is { Kind: TimelineEntryKind.Created, ApiKey: "all" });
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.VendorCall);
        Assert.Equal(timeline.Select(e => e.At).Order(), timeline.Select(e => e.At));

        var usage = await Gateway.GetVendorUsageAsync("hindsight");
        Assert.Equal((60, 24, 30), (usage.LastHour.Count, usage.LastDay.Count, usage.LastMonth.Count));
        Assert.True(usage.LastHour.Sum(b => b.Count) >= 1, "the create's vendor call is not counted");

        var logged = await Gateway.ListVendorWebhooksAsync(new VendorWebhookQuery(Since: since, PageSize: 2))
            .ToListAsync();
        Assert.All(logged, w => Assert.True(w.ReceivedAt >= since, $"{w.Id} received before {since:O}"));
        Factory.Logs.AssertNoWarningsOrErrors();
    }
}
