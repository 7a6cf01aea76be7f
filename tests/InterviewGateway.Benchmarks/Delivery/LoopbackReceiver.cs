using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace InterviewGateway.Benchmarks.Delivery;

/// A subscriber on a loopback port answering 204: it checks every Standard Webhooks signature (HMAC with
/// the subscription's secret) and counts each webhook-id, so a run can prove all N arrived once, signed.
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _interviews = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> _samples = new();
    private byte[] _key = [];
    private int _invalid;
    private long _lastArrivalTicks;

    private LoopbackReceiver(WebApplication app) => _app = app;

    public string Url =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        + "/hooks";

    public int Invalid => _invalid;

    public long LastArrivalTicks => Interlocked.Read(ref _lastArrivalTicks);

    /// Signed requests kept for the independent check with the StandardWebhooks package.
    public IReadOnlyCollection<(string Id, string Timestamp, string Signature, string Body)> Samples => _samples;

    public event Action<string>? Arrived;

    public string Secret
    {
        set => _key = Convert.FromBase64String(value["whsec_".Length..]);
    }

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.MapPost("/hooks", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// When each interview's first event arrived (Stopwatch ticks), keyed by `data.interview.id`.
    public IReadOnlyDictionary<string, long> InterviewArrivals => _interviews;

    public int Count(string prefix) => _ids.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public int Duplicates(string prefix) => _ids.Where(k => k.Key.StartsWith(prefix,
        StringComparison.Ordinal)).Sum(k => k.Value - 1);

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key,
            Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        if (!signature.Split(' ').Contains(expected))
        {
            Interlocked.Increment(ref _invalid);
        }

        _samples.Enqueue((id, timestamp, signature, body)); // the latest 200
        while (_samples.Count > 200 && _samples.TryDequeue(out _))
        {
        }

        _ids.AddOrUpdate(id, 1, (_, n) => n + 1);
        var now = Stopwatch.GetTimestamp();
        if (body.Contains("\"instaview_", StringComparison.Ordinal))
        {
            var data = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("data");
            var interview = data.GetProperty("interview").GetProperty("id").GetString()!;
            _interviews.TryAdd(interview, now);
        }

        Interlocked.Exchange(ref _lastArrivalTicks, now);
        Arrived?.Invoke(id);
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
