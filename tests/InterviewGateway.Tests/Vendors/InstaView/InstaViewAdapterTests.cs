using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.InstaView;
using Microsoft.Extensions.Logging.Testing;

namespace InterviewGateway.Tests.Vendors.InstaView;

public sealed class InstaViewAdapterTests
{
    private const string Id = "123e4567-e89b-12d3-a456-426614174000";
    private readonly FakeLogger<UnknownStatusLog> _logger = new();

    [Theory]
    [InlineData("UNDEFINED", "Created")]
    [InlineData("SCHEDULED", "Scheduled")]
    [InlineData("in_progress", "InProgress")]
    [InlineData("COMPLETED", "Completed")]
    [InlineData("FAILED", "Failed")]
    [InlineData("CANCELLED", "Cancelled")]
    [InlineData("CANCELED", "Cancelled")]
    [InlineData("canceled", "Cancelled")]
    public void Maps_every_documented_status_case_insensitively(string vendor, string expected)
    {
        Assert.Equal(Enum.Parse<InterviewStatus>(expected),
            InstaViewAdapter.MapStatus(vendor, new UnknownStatusLog(_logger)));
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void An_unknown_status_maps_to_unknown_and_is_logged_once()
    {
        var log = new UnknownStatusLog(_logger);
        Assert.Equal(InterviewStatus.Unknown, InstaViewAdapter.MapStatus("PAUSED", log));
        Assert.Equal(InterviewStatus.Unknown, InstaViewAdapter.MapStatus("PAUSED", log));
        Assert.Equal(InterviewStatus.Unknown, InstaViewAdapter.MapStatus(null, log));
        Assert.Equal(2, _logger.Collector.Count);
    }

    [Fact]
    public void Reads_an_enveloped_completed_interview()
    {
        var reply = Parse($$$"""
            {"success":true,"timestamp":"2025-11-20T10:16:00Z","data":{
              "id":"{{{Id}}}","candidateId":"cand-1","agentId":"agent-1","jobId":null,"status":"COMPLETED",
              "scheduledAt":"2025-11-20T10:00:00Z","createdAt":"2024-11-16T10:30:00Z",
              "updatedAt":"2025-11-20T10:15:00Z",
              "durationMinutes":15,"finishedDate":"2025-11-20T10:15:00Z","metadata":{"externalInterviewId":"INT-789"},
              "callAttempts":[],"isTest":true,
              "analysis":{"general":{"score":80,"overallSummary":"Solid candidate."},"specific":null},
              "transcript":[{"role":"agent","text":"Hi there","start":0},
                            {"role":"candidate","text":"Hello","start":2.5}]}}
            """);
        var interview = InstaViewAdapter.Map(InstaViewEnvelope.Unwrap(reply), new UnknownStatusLog(_logger));

        Assert.Equal(Id, interview.VendorInterviewId);
        Assert.Equal(InterviewStatus.Completed, interview.Status);
        Assert.Equal("COMPLETED", interview.VendorStatus);
        Assert.Equal("cand-1", interview.Participant?.VendorParticipantId);
        Assert.True(interview.IsTest);
        Assert.Equal(900, interview.DurationSeconds);
        Assert.Equal(DateTimeOffset.Parse("2025-11-20T10:15:00Z", System.Globalization.CultureInfo.InvariantCulture),
            interview.CompletedAt);
        Assert.Equal(DateTimeOffset.Parse("2025-11-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            interview.StartedAt);
        Assert.Equal("Solid candidate.", interview.Summary);
        Assert.Equal(80, interview.Analysis!.Value.GetProperty("general").GetProperty("score").GetInt32());
        Assert.Equal([Speaker.Interviewer, Speaker.Participant], interview.Transcript!.Turns.Select(t => t.Speaker));
        Assert.Equal(2.5, interview.Transcript.Turns[1].OffsetSeconds);
    }

    [Fact]
    public void Reads_a_bare_interview_without_analysis_or_transcript()
    {
        var reply =
            Parse($$"""{"id":"{{Id}}","candidateId":"cand-1","status":"SCHEDULED","analysis":null,"isTest":false}""");
        var interview = InstaViewAdapter.Map(InstaViewEnvelope.Unwrap(reply), new UnknownStatusLog(_logger));

        Assert.Equal(InterviewStatus.Scheduled, interview.Status);
        Assert.Null(interview.Analysis);
        Assert.Null(interview.Summary);
        Assert.Null(interview.Transcript);
        Assert.Null(interview.StartedAt);
        Assert.Null(interview.DurationSeconds);
    }

    [Fact]
    public void A_string_transcript_is_kept_raw_and_split_into_turns()
    {
        var transcript = InstaViewContent.ReadTranscript(Parse("\"AI: Hello\\nJane: Hi\\nmore\""));
        Assert.Equal("AI: Hello\nJane: Hi\nmore", transcript!.RawMarkdown);
        Assert.Equal([(Speaker.Interviewer, "Hello"), (Speaker.Participant, "Hi\nmore")],
            transcript.Turns.Select(t => (t.Speaker, t.Text)));
    }

    [Fact]
    public void The_first_call_attempt_is_the_start()
    {
        var started =
            InstaViewContent
            .StartedAt(Parse("""[{"startedAt":"2025-11-20T10:02:00Z"},{"startedAt":"2025-11-20T10:01:00Z"}]"""), null,
            null);
        Assert.Equal(DateTimeOffset.Parse("2025-11-20T10:01:00Z", System.Globalization.CultureInfo.InvariantCulture),
            started);
    }

    [Fact]
    public void A_success_false_envelope_is_a_vendor_error()
    {
        var ex =
            Assert.Throws<VendorException>(() =>
                InstaViewEnvelope.Unwrap(Parse("""{"success":false,"error":{"code":"INTERNAL","message":"x"}}""")));
        Assert.Equal(502, ex.Status);
    }

    [Theory]
    [InlineData("""
        {"success":true,"data":{"items":[{"id":"a"},{"id":"b"}],
         "pagination":{"page":1,"limit":2,"total":5,"totalPages":3}}}
        """, true)]
    [InlineData("""{"data":[{"id":"a"},{"id":"b"}],"total":2,"page":1,"limit":2,"totalPages":1}""", false)]
    [InlineData("""{"success":true,"data":{"data":[{"id":"a"},{"id":"b"}],"total":4}}""", true)]
    [InlineData("""[{"id":"a"},{"id":"b"}]""", true)]
    public void Reads_all_three_list_shapes(string json, bool hasMore)
    {
        var page = InstaViewEnvelope.ParsePage(Parse(json), 1, 2);
        Assert.Equal(["a", "b"], page.Items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(hasMore, page.HasMore);
    }

    [Fact]
    public void Create_requires_an_agent_before_calling_the_vendor()
    {
        var ex =
            Assert.Throws<ProblemException>(() => InstaViewAdapter.BuildCreateRequest(Command("""{"isTest":true}""")));
        Assert.Equal(400, ex.Status);
        Assert.True(ex.Errors!.ContainsKey("options.agentId"));
    }

    [Fact]
    public void Create_rejects_unknown_options()
    {
        var ex =
            Assert.Throws<ProblemException>(() =>
                InstaViewAdapter.BuildCreateRequest(Command("""{"agentId":"a","agent_id":"b"}""")));
        Assert.True(ex.Errors!.ContainsKey("options"));
    }

    [Fact]
    public void Create_inlines_the_candidate_from_the_participant()
    {
        var request =
            InstaViewAdapter.BuildCreateRequest(Command("""{"agentId":"agent-1","isTest":true}""", "Jane Mary Doe"));
        Assert.Equal(new InstaViewCandidate("Jane", "Mary Doe", "jane@example.com", "+421900000000"),
            request.Candidate);
        Assert.Equal(("agent-1", true, (DateTimeOffset?)null), (request.AgentId, request.IsTest, request.ScheduledAt));
        var json = JsonSerializer.Serialize(request, InstaViewVendor.Json);
        Assert.DoesNotContain("scheduledAt", json, StringComparison.Ordinal);
        Assert.Contains("\"firstName\":\"Jane\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_a_candidate_id_sends_no_inline_candidate()
    {
        var request =
            InstaViewAdapter.BuildCreateRequest(Command("""{"agentId":"agent-1","candidateId":"cand-9"}""", null));
        Assert.Null(request.Candidate);
        Assert.Equal("cand-9", request.CandidateId);
    }

    [Fact]
    public void Ids_are_uuids()
    {
        var adapter = new InstaViewAdapter(null!, null!, new UnknownStatusLog(_logger), TimeProvider.System);
        Assert.True(adapter.IsValidInterviewId(Id));
        Assert.False(adapter.IsValidInterviewId("../interviews"));
    }

    private static CreateInterviewCommand Command(string options, string? name = "Jane Doe") =>
        new(new Participant(name, "jane@example.com", "+421900000000"), null, null, Parse(options));

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
