using System.Collections.Concurrent;
using System.Net;
using System.Text;
using InterviewGateway.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Client;

/// The client as AddInterviewGatewayClient registers it, with a scripted server below its handlers (so
/// the resilience handler, auth and problem handling all run) and fake time under the retry waits.
internal sealed class StubGateway : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _answers;

    private StubGateway(IEnumerable<Func<HttpRequestMessage, HttpResponseMessage>> answers) => _answers = new(answers);

    public FakeTimeProvider Time { get; } = new();

    public ConcurrentQueue<(HttpRequestMessage Request, string? Body)> Requests { get; } = new();

    public IInterviewGatewayClient Client { get; private set; } = null!;

    public static StubGateway Start(params Func<HttpRequestMessage, HttpResponseMessage>[] answers)
    {
        var stub = new StubGateway(answers);
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(stub.Time);
        services.AddInterviewGatewayClient(o =>
        {
            o.BaseAddress = new Uri("http://gateway.test");
            o.ApiKey = "igw_stub_key";
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        stub.Client = services.BuildServiceProvider().GetRequiredService<IInterviewGatewayClient>();
        return stub;
    }

    public static Func<HttpRequestMessage, HttpResponseMessage> Json(HttpStatusCode status, string json,
        string mediaType = "application/json") =>
        _ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static Func<HttpRequestMessage, HttpResponseMessage> Problem(HttpStatusCode status,
        TimeSpan? retryAfter = null) => _ =>
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""
                {"type":"https://interviewgateway.dev/problems/unavailable","title":"Unavailable",
                 "status":{{(int)status}},"detail":"Try later.","trace_id":"0af7651916cd43dd8448eb211c80319c"}
                """, Encoding.UTF8, "application/problem+json"),
        };
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return response;
    };

    /// Waits (in real time) until the scripted server has seen `count` requests.
    public async Task SeenAsync(int count)
    {
        for (var i = 0; i < 200 && Requests.Count < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, Requests.Count);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request, body));
        Assert.True(_answers.TryDequeue(out var answer), $"Unexpected request {request.Method} {request.RequestUri}");
        var response = answer(request);
        response.RequestMessage = request;
        return response;
    }
}
