using System.Net;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.Tests.Vendors.UserJourneys;

public sealed class UserJourneysSimulatorTests
{
    [Fact]
    public async Task A_respondent_interview_processes_then_completes_and_sends_one_signed_webhook()
    {
        var time = new FakeTimeProvider();
        var hook = new CapturingHandler();
        var credentials = Simulators.SandboxCredentialsTests.Create(new InMemoryKeyValueStore(time));
        var sim = new UserJourneysSimulator(
            Options.Create(new UserJourneysSimulatorOptions { CompletionDelay = TimeSpan.FromSeconds(30) }),
            new SingleClientFactory(hook), time, NullLogger<UserJourneysSimulator>.Instance, credentials);

        var id = sim.Respond("study-1", "user_1");
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.False(hook.Received.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(15));
        var request = await hook.Received.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.EndsWith("/v1/vendor-webhooks/userjourneys", request.Uri.AbsolutePath, StringComparison.Ordinal);
        var headers = new HeaderDictionary
        {
            [UserJourneysWebhookReceiver.SignatureHeader] = request.Signature,
            [UserJourneysWebhookReceiver.EventHeader] = request.Event,
        };
        var verdict = UserJourneysWebhookReceiver.Verify(
            credentials.WebhookSecret(UserJourneysVendor.VendorKey), headers, request.Body);
        Assert.Equal((WebhookAuth.Valid, id, "interview.completed"),
            (verdict.Auth, verdict.VendorInterviewId, verdict.EventName));
        // already completed: no second webhook
        Assert.Null(await sim.CompleteAsync(id, sendWebhook: true, CancellationToken.None));
        Assert.Equal(1, hook.Count);
    }

    private sealed record Captured(Uri Uri, byte[] Body, string Signature, string Event);

    private sealed class CapturingHandler : HttpMessageHandler
    {
        private int _count;

        public TaskCompletionSource<Captured> Received { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            Received.TrySetResult(new Captured(request.RequestUri!,
                await request.Content!.ReadAsByteArrayAsync(cancellationToken),
                request.Headers.GetValues(UserJourneysWebhookReceiver.SignatureHeader).Single(),
                request.Headers.GetValues(UserJourneysWebhookReceiver.EventHeader).Single()));
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) =>
            new(handler, disposeHandler: false) { BaseAddress = InterviewGateway.Vendors.VendorCatalog.SandboxHost };
    }
}
