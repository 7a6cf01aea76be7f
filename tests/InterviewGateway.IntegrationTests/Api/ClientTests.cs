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
}
