using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Durable detection: a stored change and its events commit together, so a failure right after the
/// commit (a Redis timeout on the reply, a crash) still delivers the completion, once.
[Collection(GatewayCollection.Name)]
public sealed class OutboxTests(GatewayFactory factory)
    : SubscribedTest(factory, "\"vendors\":[\"hindsight\"]")
{
    protected override Task CleanUpAsync()
    {
        Factory.StoreFaults.FailAfterCommit(0);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_completion_whose_commit_fails_after_storing_still_arrives_once_sequenced_by_the_stored_version()
    {
        var created = await Client.CreateInterviewAsync();
        var id = created.GetProperty("id").GetString()!;
        Factory.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1));

        Factory.StoreFaults.FailAfterCommit(1);
        using (var refresh = await Client.GetAsync($"/v1/interviews/{id}?refresh=true"))
        {
            Assert.False(refresh.IsSuccessStatusCode,
                "the injected fault must reach the caller, or this test proves nothing");
        }

        // The interview is stored as completed; nothing detects it again (polling skips final interviews).
        var stored = await Client.GetOkAsync($"/v1/interviews/{id}");
        Assert.Equal("completed", stored.GetProperty("status").GetString());

        await Subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        await Factory.WaitUntilIdleAsync(); // a second copy would have been sent by now
        var completed = Assert.Single(Subscriber.Received, d => d.InterviewId == id
            && d.Type == "interview.completed");
        Assert.True(completed.SignatureValid);
        var sequence = completed.Json.GetProperty("sequence").GetInt64();
        Assert.True(sequence >= 2, "the completion is at least the interview's second stored version");

        var listed = await Client.GetOkAsync($"/v1/events?interview_id={id}");
        var events = listed.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["interview.completed", "interview.status_changed"], events.Select(e =>
            e.GetProperty("type").GetString()).Order());
        Assert.All(events, e => Assert.Equal(sequence,
            e.GetProperty("sequence").GetInt64())); // one change, one version
    }
}
