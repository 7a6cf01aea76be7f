using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.UserJourneys;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.IntegrationTests.Inbound;

/// The inbound queue's follow-up: an answer that may change is retried on the queue, not dropped.
[Collection(GatewayCollection.Name)]
public sealed class InboundFollowUpTests(GatewayFactory factory) : GatewayTest(factory)
{
    private UserJourneysSimulator Simulator => Factory.Services.GetRequiredService<UserJourneysSimulator>();

    [Fact]
    public async Task A_follow_up_the_store_answers_409_is_put_back_and_its_retry_completes_the_interview()
    {
        // Issue 17 item 6: the old follow-up job took every 4xx as final, and a 409 (the interview changing
        // too often to update) is our own store's contention, gone a moment later.
        var id = Simulator.Respond(Guid.NewGuid().ToString(), "user_started");
        Assert.Equal(202, await SendAsync(id));
        await WaitForAsync(async () =>
            (await Client.GetAsync($"/v1/interviews/userjourneys_{id}")).IsSuccessStatusCode);
        await Factory.WaitUntilIdleAsync();
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);

        Factory.StoreFaults.LoseRaces(10); // every compare-and-swap attempt of one update
        Assert.Equal(202, await SendAsync(id, "interview.completed"));

        await WaitForAsync(async () => (await Client.GetOkAsync(
            $"/v1/events?type=interview.completed&interview_id=userjourneys_{id}")).GetProperty("data")
            .GetArrayLength() == 1);
        Assert.Contains(Factory.Logs.Entries, e => e.EventId.Id == 6000
            && e.Message.Contains("409", StringComparison.Ordinal) && e.Message.Contains(id, StringComparison.Ordinal));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_follow_up_that_tracks_a_new_interview_reads_the_store_once()
    {
        // Issue 20: the follow-up looked the interview up, then tracking looked it up again.
        var id = Simulator.Respond(Guid.NewGuid().ToString(), "user_started");
        Assert.Equal(202, await SendAsync(id));
        await Factory.WaitUntilIdleAsync(); // the follow-up is done (no queue holds it)

        Assert.Equal(1, Factory.StoreFaults.ReadsOf($"userjourneys_{id}"));
        Assert.True((await Client.GetAsync($"/v1/interviews/userjourneys_{id}")).IsSuccessStatusCode);
        // Nor does the routine path log a line per webhook or per event at Information (the inbound log, the
        // event log and the timeline keep them).
        Assert.DoesNotContain(Factory.Logs.Entries, e => e.Level >= LogLevel.Information
            && e.EventId.Id is 6100 or 3000 && e.Message.Contains(id, StringComparison.Ordinal));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    private Task<int> SendAsync(string id, string eventName = "interview.started")
    {
        var (body, headers) = Simulator.BuildWebhook(id);
        var text = System.Text.Encoding.UTF8.GetString(body).Replace(
            "interview.completed", eventName, StringComparison.Ordinal);
        var signed = System.Text.Encoding.UTF8.GetBytes(text);
        headers[UserJourneysWebhookReceiver.SignatureHeader] =
            "sha256=" + Vendors.Webhooks.WebhookSignatures.SignHex(Simulator.SigningSecret, signed);
        return Factory.SendVendorWebhookAsync("userjourneys", signed, headers, CancellationToken.None);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }
}
