using System.Globalization;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Durable detection: a stored change and its events commit together, so a failure right after the
/// commit (a Redis timeout on the reply, a crash) still delivers the completion, once.
[Collection(GatewayCollection.Name)]
public sealed class OutboxTests(GatewayFactory factory)
    : SubscribedTest(factory, new CreateSubscriptionRequest("", Vendors: ["hindsight"]))
{
    protected override Task CleanUpAsync()
    {
        Factory.StoreFaults.FailAfterCommit(0);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_completion_whose_commit_fails_after_storing_still_arrives_once_sequenced_by_the_stored_version()
    {
        var created = await Gateway.CreateSandboxInterviewAsync();
        var id = created.Id;
        Factory.Simulator.CompleteAt(long.Parse(created.VendorInterviewId, CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1));

        // Raw HTTP: the client would retry the failed read, and the fault must reach the caller here.
        Factory.StoreFaults.FailAfterCommit(1);
        using (var refresh = await Client.GetAsync($"/v1/interviews/{id}?refresh=true"))
        {
            Assert.False(refresh.IsSuccessStatusCode,
                "the injected fault must reach the caller, or this test proves nothing");
        }

        // The interview is stored as completed; nothing detects it again (polling skips final interviews).
        var stored = await Gateway.GetInterviewAsync(id);
        Assert.Equal(InterviewStatus.Completed, stored.Status);

        await Subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        await Factory.WaitUntilIdleAsync(); // a second copy would have been sent by now
        var completed = Assert.Single(Subscriber.Received, d => d.InterviewId == id
            && d.Type == "interview.completed");
        Assert.True(completed.SignatureValid);
        var sequence = completed.Json.GetProperty("sequence").GetInt64();
        Assert.True(sequence >= 2, "the completion is at least the interview's second stored version");

        var events = await Gateway.ListEventsAsync(new EventQuery(InterviewId: id)).ToListAsync();
        Assert.Equal(["interview.completed", "interview.status_changed"], events.Select(e => e.Type).Order());
        Assert.IsType<InterviewCompleted>(events.Single(e => e.Type == "interview.completed"));
        Assert.All(events, e => Assert.Equal(sequence, e.Sequence)); // one change, one version
    }
}
