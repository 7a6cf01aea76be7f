using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.UserJourneys;
using Microsoft.Extensions.Logging.Testing;

namespace InterviewGateway.Tests.Vendors.UserJourneys;

public sealed class UserJourneysAdapterTests
{
    private const string Id = "a1b2c3d4-5678-90ab-cdef-111111111111";

    // GET /v1/interviews/:id as recorded in vendor-docs 004.
    private const string DocDetail = """
        {
          "id": "a1b2c3d4-5678-90ab-cdef-111111111111",
          "object": "interview",
          "study_id": "e5f6a7b8-1234-56cd-ef78-222222222222",
          "status": "completed",
          "reference_id": "user_12345",
          "respondent_email": null,
          "language": "es",
          "quality_score": "insightful",
          "duration_secs": 580,
          "headline": "User loves the onboarding but struggles with payment",
          "summary": "The respondent had a positive first impression of the product...",
          "started_at": "2026-03-11T14:20:00.000Z",
          "completed_at": "2026-03-11T14:30:00.456Z",
          "created_at": "2026-03-11T14:20:00.000Z",
          "transcript": [
            { "role": "agent", "message": "Gracias por unirte hoy. Cuéntame sobre tu experiencia.",
              "translated": "Thanks for joining today. Tell me about your experience.", "time_in_call_secs": 0 },
            { "role": "user", "message": "El proceso fue bastante sencillo al principio...",
              "translated": "The process was pretty straightforward at first...", "time_in_call_secs": 4 }
          ],
          "question_answers": [
            { "question_index": 0, "question_text": "What was your first impression of the product?",
              "answer_summary": "Found it intuitive but hit a snag at the payment step",
              "answer_excerpt": [ { "role": "user", "message": "It was pretty smooth until..." } ] }
          ]
        }
        """;

    private readonly FakeLogger<UnknownStatusLog> _log = new();
    private readonly UnknownStatusLog _unknown;

    public UserJourneysAdapterTests() => _unknown = new UnknownStatusLog(_log);

    [Fact]
    public void Maps_the_documented_detail()
    {
        var mapped = Map(DocDetail);

        Assert.Equal(Id, mapped.VendorInterviewId);
        Assert.Equal(("completed", InterviewStatus.Completed), (mapped.VendorStatus, mapped.Status));
        Assert.Equal(new Participant(Email: null, ExternalId: "user_12345"), mapped.Participant);
        Assert.Equal(DateTimeOffset.Parse("2026-03-11T14:20:00Z", System.Globalization.CultureInfo.InvariantCulture),
            mapped.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-03-11T14:30:00.456Z",
            System.Globalization.CultureInfo.InvariantCulture), mapped.CompletedAt);
        Assert.Equal(mapped.StartedAt, mapped.CreatedAt);
        Assert.Equal(580, mapped.DurationSeconds);
        Assert.Equal("The respondent had a positive first impression of the product...", mapped.Summary);
        Assert.Equal("completed", mapped.Raw!.Value.GetProperty("status").GetString());
        Assert.Null(mapped.InterviewUrl);
    }

    [Fact]
    public void Maps_transcript_turns_with_translations_and_offsets()
    {
        var transcript = Map(DocDetail).Transcript!;

        Assert.Equal("es", transcript.Language);
        Assert.Null(transcript.RawMarkdown);
        Assert.Equal(
            [
                new TranscriptTurn(Speaker.Interviewer, null, "Gracias por unirte hoy. Cuéntame sobre tu experiencia.",
                    "Thanks for joining today. Tell me about your experience.", 0),
                new TranscriptTurn(Speaker.Participant, null, "El proceso fue bastante sencillo al principio...",
                "The process was pretty straightforward at first...", 4),
            ],
            transcript.Turns);
    }

    [Fact]
    public void English_turns_have_no_translation()
    {
        var transcript = Map(With(DocDetail, "\"language\": \"es\",", "\"language\": \"en\",")
            .Replace("\"translated\": \"Thanks for joining today. Tell me about your experience.\", ", "",
                StringComparison.Ordinal)).Transcript!;

        Assert.Equal("en", transcript.Language);
        Assert.Null(transcript.Turns[0].TranslatedText);
    }

    [Fact]
    public void Analysis_passes_question_answers_through_with_quality_and_headline()
    {
        var analysis = Map(DocDetail).Analysis!.Value;

        Assert.Equal("insightful", analysis.GetProperty("quality_score").GetString());
        Assert.Equal("User loves the onboarding but struggles with payment",
            analysis.GetProperty("headline").GetString());
        var answer = Assert.Single(analysis.GetProperty("question_answers").EnumerateArray());
        Assert.Equal("What was your first impression of the product?", answer.GetProperty("question_text").GetString());
        Assert.Equal("It was pretty smooth until...",
            answer.GetProperty("answer_excerpt")[0].GetProperty("message").GetString());
    }

    [Fact]
    public void A_started_interview_has_no_transcript_or_analysis_yet()
    {
        var mapped = Map("""
            {"id":"a1b2c3d4-5678-90ab-cdef-111111111111","status":"started","reference_id":null,"transcript":[],
             "question_answers":[],"started_at":"2026-03-11T14:20:00Z"}
            """);

        Assert.Equal(InterviewStatus.InProgress, mapped.Status);
        Assert.Null(mapped.Transcript);
        Assert.Null(mapped.Analysis);
        Assert.Null(mapped.DurationSeconds);
    }

    [Theory]
    [InlineData("started", "InProgress")]
    [InlineData("processing", "Processing")]
    [InlineData("completed", "Completed")]
    [InlineData("abandoned", "Unknown")]
    [InlineData("COMPLETED", "Unknown")]
    public void Maps_statuses(string vendorStatus, string expectedStatus)
    {
        var expected = Enum.Parse<InterviewStatus>(expectedStatus);
        var mapped = Map(With(DocDetail, "\"status\": \"completed\"", $"\"status\": \"{vendorStatus}\""));

        Assert.Equal((vendorStatus, expected), (mapped.VendorStatus, mapped.Status));
    }

    [Fact]
    public void An_unknown_status_is_logged_once_per_value()
    {
        Map(With(DocDetail, "\"status\": \"completed\"", "\"status\": \"abandoned\""));
        Map(With(DocDetail, "\"status\": \"completed\"", "\"status\": \"abandoned\""));

        var entry = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("abandoned", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_that_is_not_an_interview_is_a_bad_gateway()
    {
        var ex = Assert.Throws<VendorException>(() => Map("""{"status": 5}"""));
        Assert.Equal(502, ex.Status);
    }

    [Theory]
    [InlineData("a1b2c3d4-5678-90ab-cdef-111111111111", true)]
    [InlineData("4821", false)]
    [InlineData("not-a-uuid", false)]
    public void Interview_ids_are_uuids(string id, bool valid) => Assert.Equal(valid, Adapter().IsValidInterviewId(id));

    [Fact]
    public async Task Create_and_update_are_unsupported()
    {
        var adapter = Adapter();
        var create = await Assert.ThrowsAnyAsync<Infrastructure.Errors.ProblemException>(() =>
            adapter.CreateAsync(new CreateInterviewCommand(new Participant(), null, null, null),
            CancellationToken.None));
        var update = await Assert.ThrowsAnyAsync<Infrastructure.Errors.ProblemException>(() =>
            adapter.UpdateAsync(Id, new VendorUpdate("x", null, null), CancellationToken.None));
        Assert.Equal((422, 422), (create.Status, update.Status));
    }

    private UserJourneysAdapter Adapter() => new(new NoApi(), _unknown, TimeProvider.System);

    private VendorInterview Map(string json) => Adapter().Map(JsonDocument.Parse(json).RootElement.Clone(), Id);

    private static string With(string json, string from, string to)
    {
        Assert.Contains(from, json, StringComparison.Ordinal);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    private sealed class NoApi : IUserJourneysApi
    {
        public Task<JsonElement> GetInterviewAsync(string id, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<UserJourneysList> ListInterviewsAsync(string studyId, string? status, int? limit,
            string? startingAfter, CancellationToken cancellationToken) =>
                throw new NotSupportedException();

        public Task<UserJourneysWebhook> PutWebhookAsync(UserJourneysWebhookRequest request,
            CancellationToken cancellationToken) =>
                throw new NotSupportedException();
    }
}
