using System.Net;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;
using static InterviewGateway.Tests.Client.StubGateway;

namespace InterviewGateway.Tests.Client;

/// Retries: Retry-After is honoured, a create keeps one Idempotency-Key across its retries, and requests
/// that are not safe to repeat are never repeated. Fake time drives every wait.
public sealed class ClientResilienceTests
{
    private static readonly CreateInterviewRequest Create = new("sandbox", new ParticipantInput(Email: "a@b.example"));

    [Fact]
    public async Task A_create_retried_after_a_503_waits_for_Retry_After_and_reuses_its_generated_key()
    {
        var stub = Start(Problem(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(8)),
            Json(HttpStatusCode.Created, Samples.InterviewJson));
        var call = stub.Client.CreateInterviewAsync(Create);
        await stub.SeenAsync(1);

        // The default backoff (about 2 s) would have retried by now; Retry-After says 8 s.
        stub.Time.Advance(TimeSpan.FromSeconds(7));
        await Task.Delay(200);
        Assert.Single(stub.Requests);
        stub.Time.Advance(TimeSpan.FromSeconds(1));
        var interview = await call;

        Assert.Equal("sandbox_1", interview.Id);
        var keys = stub.Requests.Select(r => r.Request.Headers.GetValues("Idempotency-Key").Single()).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.Matches("^[0-9a-f]{32}$", keys[0]);
    }

    [Fact]
    public async Task Each_create_gets_its_own_key_unless_the_caller_gives_one()
    {
        var stub = Start(Json(HttpStatusCode.Created, Samples.InterviewJson),
            Json(HttpStatusCode.Created, Samples.InterviewJson), Json(HttpStatusCode.Created, Samples.InterviewJson));
        await stub.Client.CreateInterviewAsync(Create);
        await stub.Client.CreateInterviewAsync(Create);
        await stub.Client.CreateInterviewAsync(Create, "order-4711");

        var keys = stub.Requests.Select(r => r.Request.Headers.GetValues("Idempotency-Key").Single()).ToList();
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal("order-4711", keys[2]);
    }

    [Fact]
    public async Task A_post_without_an_idempotency_key_is_not_repeated_after_a_503()
    {
        var stub = Start(Problem(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1)),
            Json(HttpStatusCode.Created, "{}"));
        var call = stub.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest("https://hooks.example.com/a"));
        await stub.SeenAsync(1);
        stub.Time.Advance(TimeSpan.FromSeconds(10));

        var problem = await Assert.ThrowsAsync<InterviewGatewayProblemException>(() => call);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), problem.RetryAfter);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_429_is_repeated_even_for_a_post_because_the_gateway_refused_it_unread()
    {
        var stub = Start(Problem(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)),
            Json(HttpStatusCode.Accepted, Samples.OperationJson("running", 3)));
        var call = stub.Client.RecoverSubscriptionAsync("sub_1", DateTimeOffset.UnixEpoch);
        await stub.SeenAsync(1);
        stub.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(3, (await call).Enqueued);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_half_the_call_budget_is_surfaced_at_once()
    {
        var stub = Start(Problem(HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(5)));

        var problem = await Assert.ThrowsAsync<InterviewGatewayProblemException>(
            () => stub.Client.GetInterviewAsync("sandbox_1"));

        Assert.Equal(TimeSpan.FromMinutes(5), problem.RetryAfter);
        Assert.Single(stub.Requests);
    }
}
