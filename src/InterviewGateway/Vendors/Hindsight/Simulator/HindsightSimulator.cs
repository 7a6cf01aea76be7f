using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.Hindsight.Simulator;

/// An in-process Hindsight API, faithful to vendor-docs 000/002/003: bearer auth, `{"error":{code,message}}`
/// bodies, 400/401/404/429 with X-RateLimit-* and Retry-After, PATCH semantics and markdown transcripts.
internal sealed class HindsightSimulator(
    IOptions<HindsightSimulatorOptions> options, TimeProvider time, SandboxCredentials credentials)
{
    private readonly ConcurrentDictionary<long, SimInterview> _interviews = new();
    private readonly SimulatorGate _gate = new(GateRules(options), credentials, time);
    private long _nextId = 4820;

    public SimulatorRequestLog Requests => _gate.Requests;

    public static void Map(RouteGroupBuilder group)
    {
        // The vendor API authenticates with the sandbox key, as Hindsight does with its own keys.
        var api = group.MapGroup("/api/v1").AllowAnonymous();
        api.MapPost("/interviews", (HttpContext http, HindsightSimulator sim) =>
            sim._gate.HandleAsync(http, sim.CreateAsync));
        api.MapGet("/interviews/{id}", (HttpContext http, string id, HindsightSimulator sim) =>
            sim._gate.HandleAsync(http, () => sim.Get(id)));
        api.MapPatch("/interviews/{id}", (HttpContext http, string id, HindsightSimulator sim) =>
            sim._gate.HandleAsync(http, h => sim.UpdateAsync(h, id)));
    }

    /// Lets a test decide exactly when one sandbox interview completes.
    public void CompleteAt(long id, DateTimeOffset at) => _interviews[id].CompletesAt = at;

    public int Count => _interviews.Count;

    /// Bearer auth, `{"error":{...}}` bodies, and one per-minute window with X-RateLimit-* headers.
    private static SimulatorGateRules GateRules(IOptions<HindsightSimulatorOptions> options) =>
        new(HindsightVendor.VendorKey,
            () => Error(401, "unauthorized", "Invalid API key"),
            () => Error(503, "internal_error", "Service temporarily unavailable"))
        {
            Windows = () => [new("minute", options.Value.RequestsPerMinute, TimeSpan.FromMinutes(1))],
            ApplyRateDecision = ApplyRateDecision,
        };

    private static IResult? ApplyRateDecision(HttpResponse response, SimulatorRateDecision decision)
    {
        var minute = decision.Windows[0];
        var reset = decision.Allowed ? decision.Now + minute.Window.Length : decision.Now + decision.RetryAfter;
        response.Headers["X-RateLimit-Limit"] = Invariant(minute.Window.Limit);
        response.Headers["X-RateLimit-Remaining"] = Invariant(minute.Remaining);
        response.Headers["X-RateLimit-Reset"] = Invariant(reset.ToUnixTimeSeconds());
        if (decision.Allowed)
        {
            return null;
        }

        response.Headers.RetryAfter = Invariant(Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)));
        return Error(429, "rate_limit_exceeded", "Rate limit exceeded. Limits are 10/min on Essentials, "
            + "60/min on Growth, and 300/min on Enterprise. Check the Retry-After header.");
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await SimulatorRequests.ReadObjectAsync(http);
        var email = body?["contact_email"]?.GetValueKind() == JsonValueKind.String ? (string?)body["contact_email"]
            : null;
        var sequence = (string?)body?["sequence_id"];
        var type = (string?)body?["interview_type_id"];
        if (body is null || string.IsNullOrWhiteSpace(email) || (sequence is null && type is null))
        {
            return Error(400, "bad_request", "contact_email and one of sequence_id or interview_type_id are required");
        }

        if ((sequence ?? type)!.Contains("unknown", StringComparison.Ordinal))
        {
            return Error(400, "bad_request", "sequence_id or interview_type_id not found in your org");
        }

        var id = Interlocked.Increment(ref _nextId);
        var now = time.GetUtcNow();
        var interview = new SimInterview
        {
            Id = id,
            ContactId = $"contact_{id}",
            ContactName = (string?)body["contact_name"] ?? email.Split('@')[0],
            DealId = (string?)body["deal_id"],
            Objective = (string?)body["objective"],
            Context = body["contact_context"]?.ToJsonString(),
            Status = sequence is not null ? "sent" : "created",
            CreatedAt = now,
            CompletesAt = now + options.Value.CompletionDelay,
        };
        _interviews[id] = interview;
        var response = Render(interview, now);
        response["survey_token"] = $"tok_{id}";
        response.Remove("transcript");
        return Results.Json(response, statusCode: 201);
    }

    private IResult Get(string rawId)
    {
        if (!long.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Error(400, "bad_request", "id must be an integer");
        }

        return _interviews.TryGetValue(id, out var interview)
            ? Results.Json(Render(interview, time.GetUtcNow()))
            : Error(404, "not_found", "Interview request not found");
    }

    private async Task<IResult> UpdateAsync(HttpContext http, string rawId)
    {
        if (!long.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !_interviews.TryGetValue(id, out var interview))
        {
            return Error(404, "not_found", "Interview request not found");
        }

        var body = await SimulatorRequests.ReadObjectAsync(http);
        if (body is null
            || !(body.ContainsKey("contact_context") || body.ContainsKey("contact_name")
                || body.ContainsKey("objective")))
        {
            return Error(400, "bad_request", "At least one of contact_context, contact_name or objective is required");
        }

        lock (interview)
        {
            interview.ContactName = body.ContainsKey("contact_name") ? (string?)body["contact_name"]
                : interview.ContactName;
            interview.Objective = body.ContainsKey("objective") ? (string?)body["objective"] : interview.Objective;
            interview.Context = body.ContainsKey("contact_context") ? body["contact_context"]?.ToJsonString()
                : interview.Context;
        }

        return Results.Json(new JsonObject { ["interview_request_id"] = id });
    }

    private static JsonObject Render(SimInterview i, DateTimeOffset now)
    {
        var completed = now >= i.CompletesAt;
        return new JsonObject
        {
            ["interview_request_id"] = i.Id,
            ["contact_id"] = i.ContactId,
            ["deal_id"] = i.DealId,
            ["survey_url"] = $"https://app.usehindsight.com/survey?token=tok_{i.Id}",
            ["status"] = completed ? "completed" : i.Status,
            ["objective"] = i.Objective,
            ["email_sent_at"] = i.Status == "sent" ? Stamp(i.CreatedAt.AddMinutes(1)) : null,
            ["created_at"] = Stamp(i.CreatedAt),
            ["transcript"] = completed
                ? new JsonObject
                {
                    ["document_id"] = $"doc_{i.Id}",
                    ["content"] = SampleTranscript(i.ContactName ?? "Jane"),
                    ["created_at"] = Stamp(i.CompletesAt),
                }
                : null,
        };
    }

    // Indented less than the code around it so its longest turn stays on one line (a line break is text).
    public static string SampleTranscript(string contactName) => $"""
    **Paige:** Thanks for taking the time today. I'd love to hear how your evaluation went.

    **{contactName}:** Happy to help. We looked at three vendors over about six weeks.
    Pricing was the deciding factor in the end.

    **Paige:** What made pricing decisive compared with the product itself?

    **{contactName}:** Your product was stronger on integrations, but the per-seat model didn't fit our growth plans.

    **Paige:** That's really useful. Is there anything that would have changed the outcome?

    **{contactName}:** A usage-based tier, or a longer pilot with the Jira integration.
    """;

    private static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);


    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    private sealed class SimInterview
    {
        public long Id { get; init; }
        public required string ContactId { get; init; }
        public string? ContactName { get; set; }
        public string? DealId { get; init; }
        public string? Objective { get; set; }
        public string? Context { get; set; }
        public required string Status { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset CompletesAt { get; set; }
    }
}
