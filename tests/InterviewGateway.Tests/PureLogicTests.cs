using System.Net;
using System.Text.Json;
using InterviewGateway.Api;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Http;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.Hindsight;

namespace InterviewGateway.Tests;

public sealed class HindsightTranscriptParserTests
{
    [Fact]
    public void Parses_multi_line_turns_preamble_and_speakers()
    {
        var turns = HindsightTranscriptParser.Parse(
            "Recorded 2026-01-05\r\n\r\n**Paige:** Hello\n**Jane Doe:** First line\nsecond line\n\n**paige:** Bye",
            "Paige");
        Assert.Equal(4, turns.Count);
        Assert.Equal((Speaker.Interviewer, (string?)null, "Recorded 2026-01-05"),
            (turns[0].Speaker, turns[0].Name, turns[0].Text));
        Assert.Equal((Speaker.Interviewer, "Paige", "Hello"), (turns[1].Speaker, turns[1].Name, turns[1].Text));
        Assert.Equal((Speaker.Participant, "Jane Doe", "First line\nsecond line"),
            (turns[2].Speaker, turns[2].Name, turns[2].Text));
        Assert.Equal(Speaker.Interviewer, turns[3].Speaker);
    }

    [Fact]
    public void Uses_the_configured_interviewer_name()
    {
        var turns = HindsightTranscriptParser.Parse("**Alex:** Hi\n**Paige:** Hello", "Alex");
        Assert.Equal([Speaker.Interviewer, Speaker.Participant], turns.Select(t => t.Speaker));
    }
}

public sealed class InterviewStatusRulesTests
{
    [Theory]
    [InlineData("Invited", "Created", "Invited")]
    [InlineData("Invited", "Completed", "Completed")]
    [InlineData("Completed", "InProgress", "Completed")]
    [InlineData("Completed", "Cancelled", "Completed")]
    [InlineData("Cancelled", "Completed", "Cancelled")]
    [InlineData("Failed", "Unknown", "Failed")]
    [InlineData("Processing", "Unknown", "Processing")]
    [InlineData("Unknown", "Invited", "Invited")]
    [InlineData("Processing", "Completed", "Completed")]
    public void Advance_never_goes_back_out_of_final_or_to_unknown(string current, string observed, string expected) =>
        Assert.Equal(Enum.Parse<InterviewStatus>(expected),
        InterviewStatusRules.Advance(Enum.Parse<InterviewStatus>(current), Enum.Parse<InterviewStatus>(observed)));
}

public sealed class InterviewServiceApplyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static Interview Current() => new()
    {
        Id = "hindsight_1", Vendor = "hindsight", VendorInterviewId = "1", Status = InterviewStatus.Invited,
        Participant = new Participant("Jane", "jane@example.com"), Objective = "caller objective",
        InterviewUrl = "https://old",
        CreatedAt = T0, UpdatedAt = T0, TrackedSince = T0, Metadata = new Dictionary<string, string> { ["k"] = "v" },
        Tracking = new Tracking(TrackingMode.Poll, TrackingState.Active, null, T0.AddMinutes(5)),
    };

    [Fact]
    public void Caller_values_survive_vendor_gaps_and_terminal_stops_tracking()
    {
        var transcript = new Transcript("en", [new TranscriptTurn(Speaker.Interviewer, "Paige", "Hi", null, null)],
            "**Paige:** Hi");
        var snapshot = new VendorInterview
        {
            VendorInterviewId = "1", VendorStatus = "completed", Status = InterviewStatus.Completed,
            Participant = new Participant(VendorParticipantId: "contact_1"), CompletedAt = T0.AddHours(1),
            Transcript = transcript,
        };
        var now = T0.AddHours(2);
        var applied = SnapshotMerge.Apply(Current(), snapshot, now);
        Assert.Equal(InterviewStatus.Completed, applied.Status);
        Assert.Equal(InterviewStatus.Invited, applied.PreviousStatus);
        Assert.Equal(("Jane", "jane@example.com", "contact_1"),
            (applied.Participant.Name, applied.Participant.Email, applied.Participant.VendorParticipantId));
        Assert.Equal("caller objective", applied.Objective);
        Assert.Equal("https://old", applied.InterviewUrl);
        Assert.Equal(T0.AddHours(1), applied.CompletedAt);
        Assert.Same(transcript, applied.Transcript);
        Assert.Equal("v", applied.Metadata["k"]);
        Assert.Equal((TrackingState.Stopped, (DateTimeOffset?)null, (DateTimeOffset?)now),
            (applied.Tracking.State, applied.Tracking.NextCheckAt, applied.Tracking.LastCheckedAt));

        var later = SnapshotMerge.Apply(applied,
            snapshot with { Status = InterviewStatus.Unknown, VendorStatus = "weird", Transcript = null },
            now.AddHours(1));
        Assert.Equal(InterviewStatus.Completed, later.Status);
        Assert.Equal(InterviewStatus.Invited, later.PreviousStatus);
        Assert.Equal("weird", later.VendorStatus);
        Assert.Same(transcript, later.Transcript);
    }
}

public sealed class JsonMergeTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"d":"e"}}""", """{"a":{"b":"c","d":"e"}}""")]
    [InlineData("\"text\"", """{"a":"b"}""", """{"a":"b"}""")]
    [InlineData("""{"a":"b"}""", "\"text\"", "\"text\"")]
    public void Follows_RFC_7396(string target, string patch, string expected)
    {
        var merged = JsonMerge.Merge(JsonDocument.Parse(target).RootElement, JsonDocument.Parse(patch).RootElement);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, merged), merged.GetRawText());
    }
}

public sealed class GcraTests
{
    [Fact]
    public void Interval_spreads_the_limit_over_the_period()
    {
        var window = new BudgetWindow("minute", 10, TimeSpan.FromMinutes(1), 2);
        Assert.Equal(TimeSpan.FromMinutes(1) / 9, window.Interval);
        Assert.Equal(window.Interval, window.Tolerance(BudgetPriority.Interactive));
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 37)]
    [InlineData(600, 50)]
    public void A_steady_stream_never_exceeds_the_limit_in_any_period(int limit, int stepMs)
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = limit });
        var tats = new long[windows.Count];
        var taken = new List<long>();
        for (long now = 1_000_000; now < 1_000_000 + 5 * 60_000; now += stepMs)
        {
            if (Gcra.TryTake(tats, new long[3], windows, BudgetPriority.Interactive, now) == 0)
            {
                taken.Add(now);
            }
        }

        var max = 0;
        for (int start = 0, end = 0; end < taken.Count; end++)
        {
            while (taken[end] - taken[start] >= 60_000) start++;
            max = Math.Max(max, end - start + 1);
        }

        Assert.True(max <= limit, $"{max} requests in one minute, limit {limit}");
        Assert.True(taken.Count >= limit * 4, $"only {taken.Count} taken in 5 minutes"); // and it does not starve
    }

    [Fact]
    public void A_refused_take_reports_the_wait_and_changes_nothing()
    {
        var windows = new[] { new BudgetWindow("minute", 2, TimeSpan.FromMinutes(1), 1) };
        var tats = new long[1];
        Assert.Equal(0, Gcra.TryTake(tats, new long[3], windows, BudgetPriority.Interactive, 0));
        var wait = Gcra.TryTake(tats, new long[3], windows, BudgetPriority.Interactive, 1_000);
        Assert.Equal(29_000, wait);
        Assert.Equal(30_000, tats[0]);
        Assert.Equal(0, Gcra.TryTake(tats, new long[3], windows, BudgetPriority.Interactive, 30_000));
    }
}

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_seconds_dates_and_rate_limit_resets()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.Add("Retry-After", "7");
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Parse(seconds, Now));

        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.Add("Retry-After", Now.AddSeconds(30).ToString("R"));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterHeader.Parse(date, Now));

        using var unix = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        unix.Headers.Add("X-RateLimit-Reset",
            Now.AddSeconds(45).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfterHeader.Parse(unix, Now));

        using var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delta.Headers.Add("X-RateLimit-Reset-Minute", "12");
        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfterHeader.Parse(delta, Now));

        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(RetryAfterHeader.Parse(none, Now));
    }
}

public sealed class QueryParsingTests
{
    [Fact]
    public void Parses_valid_values()
    {
        Assert.Equal(20, QueryParsing.Limit(null));
        Assert.Equal(100, QueryParsing.Limit("100"));
        Assert.True(QueryParsing.Flag("refresh", "true"));
        Assert.False(QueryParsing.Flag("refresh", null));
        Assert.Equal(InterviewStatus.InProgress, QueryParsing.Enum<InterviewStatus>("status", "in_progress"));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
            QueryParsing.Timestamp("t", "2026-01-05T10:00:00+01:00"));
        var member = $"{long.MaxValue - 5:D19}|hindsight_1";
        Assert.Equal(member, QueryParsing.InterviewCursor(InterviewIndex.EncodeCursor(member)));
    }

    [Theory]
    [InlineData("limit", "0")]
    [InlineData("limit", "101")]
    [InlineData("limit", "-1")]
    [InlineData("limit", " 5")]
    [InlineData("refresh", "yes")]
    [InlineData("status", "InProgress")]
    [InlineData("updated_after", "soon")]
    [InlineData("cursor", "abc")]
    public void Rejects_bad_values_with_a_keyed_validation_problem(string name, string value)
    {
        Action parse = name switch
        {
            "limit" => () => QueryParsing.Limit(value),
            "refresh" => () => QueryParsing.Flag(name, value),
            "status" => () => QueryParsing.Enum<InterviewStatus>(name, value),
            "updated_after" => () => QueryParsing.Timestamp(name, value),
            _ => () => QueryParsing.InterviewCursor(value),
        };
        var problem = Assert.Throws<ProblemException>(parse);
        Assert.Equal(400, problem.Status);
        Assert.True(problem.Errors!.ContainsKey(name));
    }
}
