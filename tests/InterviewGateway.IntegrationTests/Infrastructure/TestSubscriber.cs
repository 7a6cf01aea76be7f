using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewGateway.IntegrationTests.Infrastructure;

public sealed record ReceivedDelivery(string WebhookId, long Timestamp, string Signature, string Body,
    bool SignatureValid, int AnsweredStatus)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Type => Json.GetProperty("type").GetString()!;

    public string InterviewId => Json.GetProperty("data").GetProperty("interview").GetProperty("id").GetString()!;

    /// Which path found the change: poll, vendor_webhook, reconcile or refresh (a caller's read).
    public string? DetectedBy => Json.GetProperty("data").TryGetProperty("detected_by", out var path)
        ? path.GetString() : null;

    /// Whether one of the header's signatures was made with this secret (during a rotation there are two).
    public bool VerifiesWith(string secret) => TestSubscriber.Verify(secret, WebhookId, Timestamp, Body, Signature);
}

/// A real HTTP receiver on a loopback port, the way a subscriber runs: it verifies Standard Webhooks
/// signatures with its own code (not the gateway's signer) and answers as a test scripts it.
public sealed class TestSubscriber : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private readonly ConcurrentQueue<int> _script = new();

    private TestSubscriber(WebApplication app) => _app = app;

    public string? Secret { get; set; }

    /// While true, every delivery is answered 503 (the subscriber is down) and recorded as such.
    public bool Down { get; set; }

    /// Answers by webhook id before the script: a status, or null to fall through to `Down` and the script.
    /// A test that fails only its own events stays right when other events reach the same subscription.
    public Func<string, int?>? AnswerFor { get; set; }

    /// How long each answer takes (a slow subscriber).
    public TimeSpan Delay { get; set; }

    /// The most requests this subscriber had in flight at once.
    public int MaxInFlight => _maxInFlight;

    private int _inFlight;
    private int _maxInFlight;
    private int _arrived;
    private int _traced;

    /// Requests that arrived, answered or not yet (a slow answer is counted before it is sent).
    public int Arrived => _arrived;

    /// Requests that carried a W3C `traceparent` header (deliveries never should).
    public int Traced => _traced;

    public string Url =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First() + "/hooks";

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    /// Status codes to answer, in order; once used up, 200.
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public static async Task<TestSubscriber> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var subscriber = new TestSubscriber(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref subscriber._arrived);
            var inFlight = Interlocked.Increment(ref subscriber._inFlight);
            try
            {
                int seen;
                while ((seen = subscriber._maxInFlight) < inFlight
                    && Interlocked.CompareExchange(ref subscriber._maxInFlight, inFlight, seen) != seen)
                {
                }

                if (subscriber.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(subscriber.Delay);
                }

                return await subscriber.ReceiveAsync(request);
            }
            finally
            {
                Interlocked.Decrement(ref subscriber._inFlight);
            }
        });
        await app.StartAsync();
        return subscriber;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = long.Parse(request.Headers["webhook-timestamp"].ToString(),
            System.Globalization.CultureInfo.InvariantCulture);
        var signature = request.Headers["webhook-signature"].ToString();
        var status = AnswerFor?.Invoke(id) ?? (Down ? 503 : _script.TryDequeue(out var scripted) ? scripted : 200);
        if (request.Headers.ContainsKey("traceparent"))
        {
            Interlocked.Increment(ref _traced);
        }

        _received
            .Enqueue(new ReceivedDelivery(id, timestamp, signature, body, Verify(id, timestamp, body, signature),
            status));
        return Results.StatusCode(status);
    }

    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>,
        bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(Received))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out; received {Received.Count}: "
                + string.Join(", ", Received.Select(r => r.WebhookId + "/" + r.AnsweredStatus)));
            await Task.Delay(100);
        }

        return Received;
    }

    private bool Verify(string id, long timestamp, string body, string header) => Secret is not null
        && Verify(Secret, id, timestamp, body, header);

    internal static bool Verify(string secret, string id, long timestamp, string body, string header)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected =
            "v1," + Convert
                .ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return header.Split(' ').Any(s => s == expected);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
