using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace InterviewGateway.IntegrationTests.Infrastructure;

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body);

/// A Hindsight-compatible server that answers what the test scripts and records every request. While
/// `Active`, the shared host's Hindsight options point at it (a real API key, https://hindsight.test),
/// so calls go through the real adapter, Refit client, budget gate and resilience pipeline.
public sealed class ScriptedVendor
{
    public const string Host = "hindsight.test";
    public const string BaseUrl = "https://hindsight.test/api/v1";
    public const string ApiKey = "hs_live_scripted_test_key";
    public const string SecretMarker = "VENDOR-INTERNAL-DETAIL-7f3a";

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public bool Active { get; set; }

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } = NotScripted;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void Reset()
    {
        _requests.Clear();
        Respond = NotScripted;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!,
            request.Headers.Authorization?.ToString(), body));
        var response = await Respond(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Error(HttpStatusCode status) =>
        Json(status, $$$"""{"error":{"code":"scripted","message":"{{{SecretMarker}}}"}}""");

    private static Task<HttpResponseMessage> NotScripted(HttpRequestMessage request,
        CancellationToken cancellationToken) =>
            throw new InvalidOperationException(
                $"The scripted vendor has no answer for {request.Method} {request.RequestUri}.");
}
