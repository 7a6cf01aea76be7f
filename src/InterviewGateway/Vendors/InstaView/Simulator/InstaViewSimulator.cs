using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.InstaView.Simulator;

/// An in-process InstaView API after vendor-docs section 4: bearer auth, the `{success, data, timestamp}`
/// envelope and `{success:false, error{code, message}}` errors, 403 across companies, per-minute and
/// per-hour sliding windows with an un-enveloped 429, and `interview.completed` webhooks carrying the
/// `X-Gateway-Token` header the gateway registers.
internal sealed partial class InstaViewSimulator(
    IOptions<InstaViewSimulatorOptions> options, IHttpClientFactory clients, TimeProvider time,
    ILogger<InstaViewSimulator> logger, SandboxCredentials credentials) : IDisposable
{
    public const string Company = "sandbox-company";

    private readonly ConcurrentDictionary<string, InstaViewSimulatedInterview> _interviews =
        new(StringComparer.OrdinalIgnoreCase);

    /// The interviews of each candidate: a list call reads only them, not every interview ever created.
    private readonly ConcurrentDictionary<string, ConcurrentQueue<InstaViewSimulatedInterview>> _byCandidate =
        new(StringComparer.Ordinal);
    private readonly SimulatorGate _gate = new(GateRules(options, time), credentials, time);
    private readonly CancellationTokenSource _stopping = new();

    public SimulatorRequestLog Requests => _gate.Requests;

    /// Where webhooks go; by default the gateway itself through SandboxCallbacks. Tests may route them.
    public Func<byte[], IReadOnlyDictionary<string, string>, CancellationToken, Task<int>>? WebhookSender { get; set; }

    public static void Map(RouteGroupBuilder group)
    {
        // The vendor API authenticates with the sandbox key, as InstaView does with its own keys.
        var api = group.MapGroup("/v1").AllowAnonymous();
        api.MapPost("/interviews", (HttpContext http, InstaViewSimulator sim) =>
            sim._gate.HandleAsync(http, sim.CreateAsync));
        api.MapGet("/interviews", (HttpContext http, InstaViewSimulator sim) =>
            sim._gate.HandleAsync(http, () => sim.List(http)));
        api.MapGet("/interviews/{id}", (HttpContext http, string id, InstaViewSimulator sim) =>
            sim._gate.HandleAsync(http, () => sim.Get(http, id)));
        api.MapPost("/webhooks", (HttpContext http, InstaViewSimulator sim) =>
            sim._gate.HandleAsync(http, sim.CreateWebhookAsync));
    }

    /// The next `count` GETs answer 503 (0 clears it), to play a vendor outage.
    public void FailNextGets(int count) => _gate.FailNextGets(count);

    /// Adds an interview as if created outside the gateway (another app, another company).
    public string Seed(
        string? candidateId = null, string status = "SCHEDULED", string company = Company, bool isTest = false)
    {
        var interview = NewInterview(
            candidateId ?? Guid.NewGuid().ToString(), "agent_sandbox", null, isTest, null, company);
        interview.Status = status;
        Add(interview);
        if (status == "COMPLETED")
        {
            interview.Finish(time.GetUtcNow());
        }

        return interview.Id;
    }

    /// Completes an interview now (once: a completed one stays as it is) and optionally sends its webhook.
    /// Returns the webhook's delivery id, or null when none was sent.
    public async Task<string?> CompleteAsync(string id, bool sendWebhook, CancellationToken cancellationToken = default)
    {
        var interview = _interviews[id];
        lock (interview)
        {
            if (interview.Status == "COMPLETED")
            {
                return null;
            }

            interview.Finish(time.GetUtcNow());
        }

        return sendWebhook ? (await SendWebhookAsync(id, cancellationToken: cancellationToken)).DeliveryId : null;
    }

    /// Sends one webhook about an interview; pass an earlier delivery id to replay that delivery.
    public async Task<(int Status, string DeliveryId)> SendWebhookAsync(
        string id, string eventName = "interview.completed", string? deliveryId = null, string? token = null,
            CancellationToken cancellationToken = default)
    {
        var interview = _interviews[id];
        deliveryId ??= $"dlv_{Guid.NewGuid():N}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["event"] = eventName,
            ["timestamp"] = Stamp(time.GetUtcNow()),
            ["deliveryId"] = deliveryId,
            ["data"] = new JsonObject
            {
                ["interviewId"] = interview.Id,
                ["candidateId"] = interview.CandidateId,
                ["jobId"] = interview.JobId,
                ["status"] = interview.Status,
            },
        });
        var headers = new Dictionary<string, string>
        {
            [InstaViewWebhookReceiver.TokenHeader] = token ?? credentials.WebhookSecret(InstaViewVendor.VendorKey),
        };
        var status = WebhookSender is { } send
            ? await send(body, headers, cancellationToken)
            : await SandboxCallbacks.SendAsync(clients, InstaViewVendor.VendorKey, body, headers, cancellationToken);
        return (status, deliveryId);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// Bearer auth, enveloped errors, and per-minute and per-hour windows with their
    /// X-RateLimit-{Limit,Remaining,Reset}-{Minute,Hour} headers and an un-enveloped 429.
    private static SimulatorGateRules GateRules(IOptions<InstaViewSimulatorOptions> options, TimeProvider time) =>
        new(InstaViewVendor.VendorKey,
            () => Error(time, 401, "INVALID_API_KEY", "Invalid or missing API key"),
            () => Error(time, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable"))
        {
            Windows = () =>
            [
                new("Minute", options.Value.RequestsPerMinute, TimeSpan.FromMinutes(1)),
                new("Hour", options.Value.RequestsPerHour, TimeSpan.FromHours(1)),
            ],
            ApplyRateDecision = ApplyRateDecision,
        };

    private static IResult? ApplyRateDecision(HttpResponse response, SimulatorRateDecision decision)
    {
        foreach (var state in decision.Windows)
        {
            var window = state.Window.Name;
            response.Headers[$"X-RateLimit-Limit-{window}"] = Invariant(state.Window.Limit);
            response.Headers[$"X-RateLimit-Remaining-{window}"] = Invariant(state.Remaining);
            response.Headers[$"X-RateLimit-Reset-{window}"] = Invariant(state.ResetAt.ToUnixTimeSeconds());
        }

        if (decision.Allowed)
        {
            return null;
        }

        // Un-enveloped, as documented, and with the documented disagreement: the header says 60, the body 30.
        response.Headers.RetryAfter = "60";
        var body = new { statusCode = 429, message = "Too many requests, please try again later.", retryAfter = 30 };
        return Results.Json(body, statusCode: 429);
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await SimulatorRequests.ReadObjectAsync(http);
        var agentId = Text(body?["agentId"]);
        var candidateId = Text(body?["candidateId"]);
        var candidate = body?["candidate"] as JsonObject;
        if (body is null || string.IsNullOrWhiteSpace(agentId)
            || (candidateId is null && string.IsNullOrWhiteSpace(Text(candidate?["firstName"]))))
        {
            return Error(400, "VALIDATION_ERROR", "agentId and either candidateId or candidate.firstName are required");
        }

        var scheduledAt = Text(body["scheduledAt"]) is { } at
            && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        var isTest = body["isTest"]?.GetValueKind() == JsonValueKind.True;
        var interview = NewInterview(
            candidateId ?? Guid.NewGuid().ToString(), agentId, Text(body["jobId"]), isTest, scheduledAt, Company);
        Add(interview);
        var answer = Envelope(interview.ToJson(), 201);
        _ = CompleteLaterAsync(interview.Id, isTest ? options.Value.TestWebhookDelay : options.Value.CompletionDelay);
        return answer;
    }

    private IResult Get(HttpContext http, string id)
    {
        if (!_interviews.TryGetValue(id, out var interview))
        {
            return Error(404, "RESOURCE_NOT_FOUND", "Interview not found");
        }

        if (!string.Equals(interview.Company, CompanyOf(http), StringComparison.Ordinal))
        {
            return Error(403, "FORBIDDEN", "Access denied: the interview belongs to a different company");
        }

        lock (interview)
        {
            return Envelope(interview.ToJson());
        }
    }

    private IResult List(HttpContext http)
    {
        var query = http.Request.Query;
        if (string.IsNullOrWhiteSpace(query["candidateId"]))
        {
            return Error(400, "VALIDATION_ERROR", "candidateId is required");
        }

        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l is > 0 and <= 100 ? l
            : 20;
        var company = CompanyOf(http);
        var status = query["status"].ToString();
        var candidate = query["candidateId"].ToString();
        IEnumerable<InstaViewSimulatedInterview> ofCandidate =
            _byCandidate.TryGetValue(candidate, out var queue) ? queue : [];
        var matching = ofCandidate
            .Where(i =>
                i.Company == company
                && (status.Length == 0 || string.Equals(i.Status, status, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(i => i.CreatedAt)
            .ToArray();
        var items = new JsonArray(
            [.. matching.Skip((page - 1) * limit).Take(limit)
                .Select(i => { lock (i) { return (JsonNode)i.ToJson(); } })]);
        return Envelope(new JsonObject
        {
            ["items"] = items,
            ["pagination"] = new JsonObject
            {
                ["page"] = page,
                ["limit"] = limit,
                ["total"] = matching.Length,
                ["totalPages"] = (matching.Length + limit - 1) / limit,
            },
        });
    }

    private async Task<IResult> CreateWebhookAsync(HttpContext http)
    {
        var body = await SimulatorRequests.ReadObjectAsync(http);
        if (body is null || string.IsNullOrWhiteSpace(Text(body["url"]))
            || body["events"] is not JsonArray { Count: > 0 } events)
        {
            return Error(400, "VALIDATION_ERROR", "url and a non-empty events array are required");
        }

        return Envelope(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["url"] = Text(body["url"]),
            ["events"] = events.DeepClone(),
            ["companyId"] = Text(body["companyId"]),
            ["maxRetries"] = 3,
            ["timeoutMs"] = 30000,
            ["signingSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        }, 201);
    }

    private async Task CompleteLaterAsync(string id, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _stopping.Token);
            await CompleteAsync(id, sendWebhook: true, _stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
            or HttpRequestException or InvalidOperationException)
        {
            Log.WebhookNotSent(logger, id, ex.GetType().Name);
        }
    }

    private void Add(InstaViewSimulatedInterview interview)
    {
        _interviews[interview.Id] = interview;
        _byCandidate.GetOrAdd(interview.CandidateId, _ => new()).Enqueue(interview);
    }

    private InstaViewSimulatedInterview NewInterview(
        string candidateId, string agentId, string? jobId, bool isTest, DateTimeOffset? scheduledAt, string company)
    {
        var now = time.GetUtcNow();
        return new InstaViewSimulatedInterview
        {
            Id = Guid.NewGuid().ToString(),
            CandidateId = candidateId,
            AgentId = agentId,
            JobId = jobId,
            IsTest = isTest,
            Company = company,
            Status = "SCHEDULED",
            ScheduledAt = scheduledAt ?? now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static string CompanyOf(HttpContext http) =>
        http.Request.Query["companyId"].ToString() is { Length: > 0 } company ? company : Company;

    private IResult Envelope(JsonNode data, int status = 200) =>
        Results.Json(
            new JsonObject { ["success"] = true, ["data"] = data, ["timestamp"] = Stamp(time.GetUtcNow()) },
            statusCode: status);

    private IResult Error(int status, string code, string message) => Error(time, status, code, message);

    private static IResult Error(TimeProvider time, int status, string code, string message) =>
        Results.Json(new JsonObject
        {
            ["success"] = false,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
            ["timestamp"] = Stamp(time.GetUtcNow()),
        }, statusCode: status);

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? (string?)node : null;

    private static string Stamp(DateTimeOffset at) => InstaViewSimulatedInterview.Stamp(at);

    private static partial class Log
    {
        [LoggerMessage(
            7300, LogLevel.Debug, "InstaView simulator did not send the webhook for {InterviewId}: {Reason}")]
        public static partial void WebhookNotSent(ILogger logger, string interviewId, string reason);
    }
}
