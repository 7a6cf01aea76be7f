using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.UserJourneys.Simulator;

/// An in-process userjourneys.ai API, faithful to vendor-docs 004 and the public webhook page: bearer
/// auth, study-scoped cursor lists, detail with transcript and question answers, `PUT /webhooks`, and a
/// signed `interview.completed` webhook. The error body shape is undocumented; `{"error": "..."}` is a guess.
internal sealed partial class UserJourneysSimulator(
    IOptions<UserJourneysSimulatorOptions> options, IHttpClientFactory clients, TimeProvider time,
    ILogger<UserJourneysSimulator> logger, SandboxCredentials credentials)
{
    private static readonly VendorKey Key = UserJourneysVendor.VendorKey;
    private readonly ConcurrentDictionary<string, SimInterview> _interviews = new(StringComparer.Ordinal);

    /// Each study's interviews in the order they started (a list reads only its study, from the newest end).
    private readonly ConcurrentDictionary<string, List<SimInterview>> _byStudy = new(StringComparer.Ordinal);
    private readonly SimulatorGate _gate = new(
        new(Key, () => Error(401, "Invalid API key"), () => Error(503, "Service temporarily unavailable")),
        credentials, time);
    private string? _issuedSecret;

    public SimulatorRequestLog Requests => _gate.Requests;

    /// The secret webhooks are signed with: this deployment's sandbox secret until `PUT /webhooks` issues one.
    public string SigningSecret => _issuedSecret ?? credentials.WebhookSecret(Key);

    public static void Map(RouteGroupBuilder group)
    {
        // The vendor API authenticates with the sandbox key, as userjourneys.ai does with its own keys.
        var api = group.MapGroup("/api/v1").AllowAnonymous();
        api.MapGet("/interviews", (HttpContext http, UserJourneysSimulator sim) =>
            sim._gate.HandleAsync(http, () => sim.List(http.Request.Query)));
        api.MapGet("/interviews/{id}", (HttpContext http, string id, UserJourneysSimulator sim) =>
            sim._gate.HandleAsync(http, () => sim.Get(id)));
        api.MapPut("/webhooks", async (HttpContext http, UserJourneysSimulator sim) =>
        {
            var body = await SimulatorRequests.ReadObjectAsync(http);
            return await sim._gate.HandleAsync(http, () => sim.PutWebhook(body));
        });
        // Sandbox only: what a respondent opening `{interview_link}?reference_id=...` would start. It ends
        // in a real interview.completed to real subscribers, so it takes a gateway key that may create interviews.
        group.MapPost("/studies/{studyId}/respond", (string studyId, string? reference_id, UserJourneysSimulator sim) =>
            Results.Json(new JsonObject { ["id"] = sim.Respond(studyId, reference_id) }, statusCode: 201))
            .RequireAuthorization(Scopes.InterviewsWrite);
    }

    /// A respondent starts an interview; it completes by itself after `CompletionDelay`.
    public string Respond(string studyId, string? referenceId)
    {
        var now = time.GetUtcNow();
        var interview = new SimInterview
        {
            Id = Guid.NewGuid().ToString(),
            StudyId = studyId,
            ReferenceId = referenceId,
            CreatedAt = now,
        };
        _interviews[interview.Id] = interview;
        var study = _byStudy.GetOrAdd(studyId, _ => []);
        lock (study)
        {
            study.Add(interview);
        }

        var half = options.Value.CompletionDelay / 2;
        interview.Timer = time.CreateTimer(_ => Advance(interview, half), null, half, Timeout.InfiniteTimeSpan);
        return interview.Id;
    }

    /// Completes an interview now (or `ago` in the past). `sendWebhook: false` simulates a lost webhook.
    /// Returns the gateway's answer to the webhook, or null when none was sent (or it was already completed).
    public async Task<int?> CompleteAsync(string id, bool sendWebhook, CancellationToken cancellationToken,
        TimeSpan ago = default)
    {
        var interview = _interviews[id];
        lock (interview)
        {
            if (interview.Status == "completed")
            {
                return null;
            }

            interview.Status = "completed";
            interview.CompletedAt = time.GetUtcNow() - ago;
            interview.Timer?.Dispose();
        }

        return sendWebhook ? await SendWebhookAsync(id, cancellationToken) : null;
    }

    /// The next `count` detail/list reads answer 503, as if the vendor were down.
    public void FailNextGets(int count) => _gate.FailNextGets(count);

    /// The webhook as userjourneys sends it, with its event and signature headers.
    public (byte[] Body, Dictionary<string, string> Headers) BuildWebhook(string id)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject { ["event"] = "interview.completed", ["interview_id"] = id });
        return (body, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [UserJourneysWebhookReceiver.EventHeader] = "interview.completed",
            [UserJourneysWebhookReceiver.SignatureHeader] = "sha256=" + WebhookSignatures.SignHex(SigningSecret, body),
        });
    }

    private void Advance(SimInterview interview, TimeSpan rest)
    {
        lock (interview)
        {
            if (interview.Status == "started")
            {
                interview.Status = "processing";
                interview.Timer?.Change(rest, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        _ = CompleteInBackgroundAsync(interview.Id);
    }

    private async Task CompleteInBackgroundAsync(string id)
    {
        try
        {
            await CompleteAsync(id, sendWebhook: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            Log.WebhookFailed(logger, id, ex.Message);
        }
    }

    private async Task<int> SendWebhookAsync(string id, CancellationToken cancellationToken)
    {
        var (body, headers) = BuildWebhook(id);
        return await SandboxCallbacks.SendAsync(clients, Key, body, headers, cancellationToken);
    }

    private IResult List(IQueryCollection query)
    {
        var studyId = query["study_id"].ToString();
        if (studyId.Length == 0)
        {
            return Error(400, "study_id is required");
        }

        var limit = 20;
        if (query["limit"].ToString() is { Length: > 0 } rawLimit
            && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit)
                || limit is < 1 or > 100))
        {
            return Error(400, "limit must be between 1 and 100");
        }

        // Newest first: vendor-docs 004 does not say the order; this is the convention of `starting_after`
        // cursor lists (Stripe's), and the reconciler works with either order (docs/api.md). Read from the
        // study's newest end and rendered only for the page: a study's list grows without bound, and
        // filtering and sorting all of it for every page made a long sandbox (or simulation) quadratic.
        var after = query["starting_after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        var matching = new List<(SimInterview Interview, string Status, DateTimeOffset? CompletedAt)>();
        var found = after is null;
        if (_byStudy.TryGetValue(studyId, out var study))
        {
            lock (study)
            {
                for (var i = study.Count - 1; i >= 0 && matching.Count <= limit; i--)
                {
                    if (!found)
                    {
                        found = study[i].Id == after;
                        if (found && !Matches(Snapshot(study[i]), query))
                        {
                            found = false;
                            break;
                        }

                        continue;
                    }

                    if (Snapshot(study[i]) is var x && Matches(x, query))
                    {
                        matching.Add(x);
                    }
                }
            }
        }

        if (!found)
        {
            return Error(400, "starting_after does not name an interview in this list");
        }

        var now = time.GetUtcNow();
        var page = new JsonArray([.. matching.Take(limit).Select(x => (JsonNode)Render(x, now, detail: false))]);
        return Results.Json(
            new JsonObject { ["object"] = "list", ["data"] = page, ["has_more"] = matching.Count > limit });
    }

    private static bool Matches((SimInterview Interview, string Status, DateTimeOffset? CompletedAt) x,
        IQueryCollection query) =>
        Matches(x.Status, query["status"]) && Matches(x.Interview.ReferenceId, query["reference_id"])
        && Matches(QualityScore(x.Status), query["quality_score"]);

    private static bool Matches(string? field, Microsoft.Extensions.Primitives.StringValues wanted) =>
        wanted.ToString() is not { Length: > 0 } value || field == value;

    private static string? QualityScore(string status) => status == "completed" ? "insightful" : null;

    /// An interview with its status and completion read together (a completion may be under way).
    private static (SimInterview Interview, string Status, DateTimeOffset? CompletedAt) Snapshot(SimInterview i)
    {
        lock (i)
        {
            return (i, i.Status, i.CompletedAt);
        }
    }

    private IResult Get(string id) =>
        _interviews.TryGetValue(id, out var interview)
            ? Results.Json(Render(Snapshot(interview), time.GetUtcNow(), detail: true))
            : Error(404, "Interview not found");

    private IResult PutWebhook(JsonObject? body)
    {
        if (body?["url"]?.GetValueKind() != JsonValueKind.String || body["events"] is not JsonArray events
            || events.Count == 0)
        {
            return Error(400, "url and events are required");
        }

        _issuedSecret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return Results.Json(new JsonObject
        {
            ["url"] = (string?)body["url"],
            ["events"] = events.DeepClone(),
            ["signing_secret"] = SigningSecret,
        }, statusCode: 201);
    }

    private static JsonObject Render((SimInterview Interview, string Status, DateTimeOffset? CompletedAt) snapshot,
        DateTimeOffset now, bool detail)
    {
        var (i, status, completedAt) = snapshot;
        var done = status == "completed";
        var json = new JsonObject
        {
            ["id"] = i.Id,
            ["object"] = "interview",
            ["study_id"] = i.StudyId,
            ["status"] = status,
            ["reference_id"] = i.ReferenceId,
            ["respondent_email"] = null,
            ["language"] = "es",
            ["quality_score"] = QualityScore(status),
            ["duration_secs"] = completedAt is { } end ? (int)(end - i.CreatedAt).TotalSeconds : null,
            ["headline"] = done ? "User loves the onboarding but struggles with payment" : null,
            ["summary"] = done
                ? "The respondent had a positive first impression of the product but hit a snag at the payment step."
                : null,
            ["started_at"] = Stamp(i.CreatedAt),
            ["completed_at"] = completedAt is { } at ? Stamp(at) : null,
            ["created_at"] = Stamp(i.CreatedAt),
        };
        if (detail)
        {
            json["transcript"] = new JsonArray(
                Turn("agent", "Gracias por unirte hoy. Cuéntame sobre tu experiencia.",
                    "Thanks for joining today. Tell me about your experience.", 0),
                Turn("user", "El proceso fue bastante sencillo al principio...",
                    "The process was pretty straightforward at first...", 4));
            json["question_answers"] = done
                ? new JsonArray(new JsonObject
                {
                    ["question_index"] = 0,
                    ["question_text"] = "What was your first impression of the product?",
                    ["answer_summary"] = "Found it intuitive but hit a snag at the payment step",
                    ["answer_excerpt"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["message"] = "It was pretty smooth until..." }),
                })
                : new JsonArray();
        }

        return json;
    }

    private static JsonObject Turn(string role, string message, string translated, double at) =>
        new() { ["role"] = role, ["message"] = message, ["translated"] = translated, ["time_in_call_secs"] = at };

    private static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IResult Error(int status, string message) =>
        Results.Json(new { error = message }, statusCode: status);


    private sealed class SimInterview
    {
        public required string Id { get; init; }
        public required string StudyId { get; init; }
        public string? ReferenceId { get; init; }
        public string Status { get; set; } = "started";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; set; }
        public ITimer? Timer { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(
            7100, LogLevel.Warning, "Sandbox userjourneys webhook for {InterviewId} could not be sent: {Reason}")]
        public static partial void WebhookFailed(ILogger logger, string interviewId, string reason);
    }
}
