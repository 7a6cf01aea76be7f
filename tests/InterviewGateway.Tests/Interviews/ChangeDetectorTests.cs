using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;

namespace InterviewGateway.Tests.Interviews;

public sealed class ChangeDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static Interview Make(InterviewStatus status, string id = "hindsight_1") => new()
    {
        Id = id, Vendor = "hindsight", VendorInterviewId = "1", Status = status, CreatedAt = T0, UpdatedAt = T0,
            TrackedSince = T0,
        Tracking = new Tracking(TrackingMode.Poll, TrackingState.Active, null, null),
    };

    private static Interview Completed(string id = "hindsight_1") =>
        Make(InterviewStatus.Completed, id) with { CompletedAt = T0.AddMinutes(30), UpdatedAt = T0.AddMinutes(40) };

    [Theory]
    [InlineData(InterviewStatus.Completed, EventTypes.Completed, "completed")]
    [InlineData(InterviewStatus.Failed, EventTypes.Failed, "failed")]
    [InlineData(InterviewStatus.Cancelled, EventTypes.Cancelled, "cancelled")]
    [InlineData(InterviewStatus.InProgress, null, "in_progress")]
    internal void A_status_change_emits_status_changed_and_the_terminal_event(InterviewStatus status, string? terminal,
        string discriminator)
    {
        var after = Make(status) with { UpdatedAt = T0.AddMinutes(40),
            CompletedAt = status == InterviewStatus.Completed ? T0.AddMinutes(30) : null };
        var events = ChangeDetector.Detect(Make(InterviewStatus.Invited), after);

        string[] expected = terminal is null ? [EventTypes.StatusChanged] : [EventTypes.StatusChanged, terminal];
        Assert.Equal(expected, events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(discriminator, e.Discriminator));
        // A completion is stamped with when the vendor completed it, not when we noticed.
        Assert.All(events,
            e => Assert.Equal(status == InterviewStatus.Completed ? T0.AddMinutes(30) : T0.AddMinutes(40),
            e.Timestamp));
    }

    [Fact]
    public void Unknown_never_emits_completed()
    {
        var events = ChangeDetector.Detect(Make(InterviewStatus.InProgress), Make(InterviewStatus.Unknown));
        Assert.DoesNotContain(events, e => e.Type is EventTypes.Completed or EventTypes.Failed or EventTypes.Cancelled);
        Assert.Empty(ChangeDetector.Detect(Make(InterviewStatus.Unknown), Make(InterviewStatus.Unknown)));
    }

    [Fact]
    public void Analysis_and_transcript_after_completion_are_updates_once_each()
    {
        var analysis = JsonDocument.Parse("""{"score": 4}""").RootElement;
        var transcript = new Transcript("en", [], "**Paige:** Hi");
        var done = Completed();

        var withAnalysis = done with { Analysis = analysis, UpdatedAt = T0.AddHours(1) };
        var first = Assert.Single(ChangeDetector.Detect(done, withAnalysis));
        Assert.Equal((EventTypes.Updated, "analysis", T0.AddHours(1)),
            (first.Type, first.Discriminator, first.Timestamp));
        Assert.Empty(ChangeDetector.Detect(withAnalysis, withAnalysis with { UpdatedAt = T0.AddHours(2) }));

        var withBoth = withAnalysis with { Transcript = transcript };
        Assert.Equal("transcript", Assert.Single(ChangeDetector.Detect(withAnalysis, withBoth)).Discriminator);
        Assert.Empty(ChangeDetector.Detect(withBoth, withBoth));

        Assert.Equal(["analysis", "transcript"],
            ChangeDetector.Detect(done, withBoth).Select(e => e.Discriminator));
        // Before completion, artefacts arriving are not updates: the completion event will carry them.
        Assert.Empty(ChangeDetector.Detect(Make(InterviewStatus.Processing),
            Make(InterviewStatus.Processing) with { Analysis = analysis }));
    }

    [Fact]
    public void The_same_fact_has_the_same_id_and_different_facts_different_ids()
    {
        var before = Make(InterviewStatus.Invited);
        var once = ChangeDetector.Detect(before, Completed()).Select(e => IdFor("hindsight_1", e)).ToArray();
        // Found again later (a webhook after a poll): same facts, same ids, whatever the timestamps.
        var again = ChangeDetector.Detect(Make(InterviewStatus.InProgress),
            Completed() with { UpdatedAt = T0.AddHours(3) }).Select(e => IdFor("hindsight_1", e)).ToArray();
        Assert.Equal(once, again);
        Assert.All(once, id => Assert.Matches("^evt_[0-9a-f]{26}$", id));

        string[] ids =
        [
            .. once,
            ChangeDetector.Detect(before, Completed("hindsight_2")).Select(e => IdFor("hindsight_2", e)).First(),
            EventBodies.IdFor("hindsight_1", EventTypes.StatusChanged, "failed"),
            EventBodies.IdFor("hindsight_1", EventTypes.Updated, "analysis"),
            EventBodies.IdFor("hindsight_1", EventTypes.Updated, "transcript"),
        ];
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static string IdFor(string interviewId, DetectedEvent detected) =>
        EventBodies.IdFor(interviewId, detected.Type, detected.Discriminator);
}
