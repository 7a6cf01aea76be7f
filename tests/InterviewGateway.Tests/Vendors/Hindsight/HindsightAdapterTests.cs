using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Hindsight;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Tests.Vendors.Hindsight;

/// The Hindsight adapter on the payloads recorded in vendor-docs 000 (GET) and 002 (POST).
public sealed class HindsightAdapterTests
{
    // GET /interviews/{id}, the "completed" example of vendor-docs 000 (its OpenAPI text).
    private const string DocCompleted = """
        {
          "interview_request_id": 4821,
          "contact_id": "contact_abc123",
          "deal_id": "deal_xyz789",
          "survey_url": "https://app.usehindsight.com/survey?token=tok_xyz",
          "status": "completed",
          "objective": "Understand why we lost to Competitor X",
          "email_sent_at": "2026-05-15T10:00:00Z",
          "created_at": "2026-05-15T09:00:00Z",
          "transcript": {
            "document_id": "doc_abc123",
            "content": "**Paige:** Thanks for taking the time today...\n\n**Jane:** Happy to help...",
            "created_at": "2026-05-16T14:30:00Z"
          }
        }
        """;

    // GET /interviews/{id}, the "pending" example of vendor-docs 000.
    private const string DocPending = """
        {
          "interview_request_id": 4821,
          "contact_id": "contact_abc123",
          "deal_id": "deal_xyz789",
          "survey_url": "https://app.usehindsight.com/survey?token=tok_xyz",
          "status": "sent",
          "objective": "Understand why we lost to Competitor X",
          "email_sent_at": "2026-05-15T10:00:00Z",
          "created_at": "2026-05-15T09:00:00Z",
          "transcript": null
        }
        """;

    // POST /interviews, the reply fields of vendor-docs 002 (sequence path: `sent`).
    private const string DocCreated = """
        {
          "interview_request_id": 4821,
          "contact_id": "contact_abc123",
          "deal_id": "deal_xyz789",
          "survey_url": "https://app.usehindsight.com/survey?token=tok_xyz",
          "survey_token": "tok_xyz",
          "status": "sent"
        }
        """;

    private readonly FakeLogger<UnknownStatusLog> _log = new();
    private readonly RecordedApi _api = new();
    private readonly UnknownStatusLog _unknown;

    public HindsightAdapterTests() => _unknown = new UnknownStatusLog(_log);

    [Fact]
    public async Task Maps_the_documented_completed_interview()
    {
        _api.Reply = DocCompleted;

        var mapped = await Adapter().GetAsync("4821", CancellationToken.None);

        Assert.Equal(4821, _api.LastId);
        Assert.Equal("4821", mapped.VendorInterviewId);
        Assert.Equal(("completed", InterviewStatus.Completed), (mapped.VendorStatus, mapped.Status));
        Assert.Equal(new Participant(VendorParticipantId: "contact_abc123"), mapped.Participant);
        Assert.Equal("Understand why we lost to Competitor X", mapped.Objective);
        Assert.Equal("https://app.usehindsight.com/survey?token=tok_xyz", mapped.InterviewUrl);
        Assert.Equal(At("2026-05-15T09:00:00Z"), mapped.CreatedAt);
        Assert.Equal(At("2026-05-16T14:30:00Z"), mapped.CompletedAt); // when the transcript was saved
        Assert.Equal("deal_xyz789", mapped.Raw!.Value.GetProperty("deal_id").GetString());
    }

    [Fact]
    public async Task The_markdown_transcript_becomes_turns_and_is_kept_as_sent()
    {
        _api.Reply = DocCompleted;

        var transcript = (await Adapter().GetAsync("4821", CancellationToken.None)).Transcript!;

        Assert.Equal("en", transcript.Language);
        Assert.Equal(
            [
                new TranscriptTurn(Speaker.Interviewer, "Paige", "Thanks for taking the time today...", null, null),
                new TranscriptTurn(Speaker.Participant, "Jane", "Happy to help...", null, null),
            ],
            transcript.Turns);
        Assert.Equal("**Paige:** Thanks for taking the time today...\n\n**Jane:** Happy to help...",
            transcript.RawMarkdown);
    }

    [Fact]
    public async Task Maps_the_documented_pending_interview()
    {
        _api.Reply = DocPending;

        var mapped = await Adapter().GetAsync("4821", CancellationToken.None);

        Assert.Equal(("sent", InterviewStatus.Invited), (mapped.VendorStatus, mapped.Status));
        Assert.Null(mapped.Transcript);
        Assert.Null(mapped.CompletedAt);
    }

    /// The docs say a completed interview has its transcript; until it does (vendor-docs README: complete
    /// only when `completed` and the transcript is non-null) the interview is processing, not completed.
    [Fact]
    public async Task Completed_without_a_transcript_is_processing()
    {
        var reply = JsonNode.Parse(DocCompleted)!;
        reply["transcript"] = null;
        _api.Reply = reply.ToJsonString();

        var mapped = await Adapter().GetAsync("4821", CancellationToken.None);

        Assert.Equal(("completed", InterviewStatus.Processing), (mapped.VendorStatus, mapped.Status));
        Assert.Null(mapped.Transcript);
        Assert.Null(mapped.CompletedAt);
        Assert.Empty(_log.Collector.GetSnapshot());
    }

    [Theory]
    [InlineData("created", "Created")]
    [InlineData("sent", "Invited")]
    [InlineData("expired", "Unknown")]
    [InlineData("COMPLETED", "Unknown")]
    public async Task Maps_statuses(string vendorStatus, string expectedStatus)
    {
        _api.Reply = With(DocPending, "\"status\": \"sent\"", $"\"status\": \"{vendorStatus}\"");

        var mapped = await Adapter().GetAsync("4821", CancellationToken.None);

        Assert.Equal((vendorStatus, Enum.Parse<InterviewStatus>(expectedStatus)), (mapped.VendorStatus, mapped.Status));
    }

    [Fact]
    public async Task An_unknown_status_is_logged_once_per_value()
    {
        _api.Reply = With(DocPending, "\"status\": \"sent\"", "\"status\": \"expired\"");

        await Adapter().GetAsync("4821", CancellationToken.None);
        await Adapter().GetAsync("4821", CancellationToken.None);

        var entry = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("expired", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_sends_the_documented_fields_and_maps_the_documented_reply()
    {
        _api.Reply = DocCreated;
        var command = new CreateInterviewCommand(
            new Participant(Name: "Jane Doe", Email: "jane@example.com"), "Why did we lose?",
            Json("""{"deal":"Acme"}"""), Json("""{"sequence_id":"seq_123","deal_id":"deal_xyz789"}"""));

        var created = await Adapter().CreateAsync(command, CancellationToken.None);

        var sent = _api.LastCreate!;
        Assert.Equal(("jane@example.com", "Jane Doe", "seq_123", null, "deal_xyz789", "Why did we lose?"),
            (sent.ContactEmail, sent.ContactName, sent.SequenceId, sent.InterviewTypeId, sent.DealId, sent.Objective));
        Assert.Equal("Acme", sent.ContactContext!.Value.GetProperty("deal").GetString());
        Assert.Equal(("4821", "sent", InterviewStatus.Invited),
            (created.VendorInterviewId, created.VendorStatus, created.Status));
        Assert.Equal("https://app.usehindsight.com/survey?token=tok_xyz", created.InterviewUrl);
        Assert.Null(created.Transcript);
    }

    [Theory]
    [InlineData("""{"sequence_id":"seq_1","interview_type_id":"type_1"}""")]
    [InlineData("""{"deal_id":"deal_1"}""")]
    [InlineData("""{"sequence_id":1}""")]
    public async Task Create_needs_exactly_one_of_sequence_or_interview_type_before_any_request(string options)
    {
        var command = new CreateInterviewCommand(new Participant(Email: "jane@example.com"), null, null, Json(options));

        var ex = await Assert.ThrowsAsync<ProblemException>(
            () => Adapter().CreateAsync(command, CancellationToken.None));

        Assert.Equal(400, ex.Status);
        Assert.Null(_api.LastCreate);
    }

    [Fact]
    public async Task A_reply_that_is_not_an_interview_is_a_bad_gateway()
    {
        _api.Reply = """{"interview_request_id": "x", "status": 5}""";

        var ex = await Assert.ThrowsAsync<VendorException>(() => Adapter().GetAsync("4821", CancellationToken.None));

        Assert.Equal(502, ex.Status);
    }

    [Theory]
    [InlineData("4821", true)]
    [InlineData("0", false)]
    [InlineData("-4", false)]
    [InlineData("a1b2c3d4-5678-90ab-cdef-111111111111", false)]
    public void Interview_ids_are_positive_integers(string id, bool valid) =>
        Assert.Equal(valid, Adapter().IsValidInterviewId(id));

    private HindsightAdapter Adapter() =>
        new(_api, Options.Create(new HindsightOptions()), _unknown, TimeProvider.System);

    private static DateTimeOffset At(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string With(string json, string from, string to)
    {
        Assert.Contains(from, json, StringComparison.Ordinal);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    /// Answers every read with the recorded payload and remembers what was asked.
    private sealed class RecordedApi : IHindsightApi
    {
        public string Reply { get; set; } = "{}";

        public long? LastId { get; private set; }

        public HindsightCreateRequest? LastCreate { get; private set; }

        public Task<JsonElement> CreateInterviewAsync(
            HindsightCreateRequest request, CancellationToken cancellationToken)
        {
            LastCreate = request;
            return Task.FromResult(Json(Reply));
        }

        public Task<JsonElement> GetInterviewAsync(long id, CancellationToken cancellationToken)
        {
            LastId = id;
            return Task.FromResult(Json(Reply));
        }

        public Task<HindsightUpdateResponse> UpdateInterviewAsync(
            long id, HindsightUpdateRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
