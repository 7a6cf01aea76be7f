using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewGateway.Sandbox;

internal static class SimulatorRequests
{
    /// The request body as a JSON object, or null when it is not one (simulators answer 400 then).
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// A sliding-window limiter, the way vendors count: at most `limit` accepted requests in any `window`.
internal sealed class SimulatorRateLimiter(TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly Lock _gate = new();

    public (bool Allowed, int Remaining, TimeSpan RetryAfter) TryTake(int limit, TimeSpan window)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            while (_accepted.Count > 0 && _accepted.Peek() <= now - window)
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count >= limit)
            {
                return (false, 0, _accepted.Peek() + window - now);
            }

            _accepted.Enqueue(now);
            return (true, limit - _accepted.Count, window);
        }
    }
}

internal sealed record SimulatedRequest(DateTimeOffset At, string Method, string Path, int Status);

/// What a simulator was asked, for tests and for the sandbox's own diagnostics.
internal sealed class SimulatorRequestLog
{
    private readonly List<SimulatedRequest> _requests = [];
    private readonly Lock _gate = new();

    public void Add(DateTimeOffset at, string method, string path, int status)
    {
        lock (_gate)
        {
            _requests.Add(new SimulatedRequest(at, method, path, status));
        }
    }

    public IReadOnlyList<SimulatedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// The most accepted (non-429) requests seen in any span of `window`.
    public int MaxInAnyWindow(TimeSpan window)
    {
        var accepted = Snapshot().Where(r => r.Status != 429).Select(r => r.At).Order().ToArray();
        var max = 0;
        for (int start = 0, end = 0; end < accepted.Length; end++)
        {
            while (accepted[end] - accepted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
