namespace InterviewGateway.Simulation;

/// The invariants a run checks, by name: the CI test asserts every one of them (`All`).
internal static class Invariants
{
    /// A vendor completion becomes one committed interview.completed event, once, at any age.
    public const string OneEventPerCompletion = "one-event-per-completion";

    /// Each commit's `sequence` is above every earlier commit's for that interview (DELETE, tracking
    /// again and expiry included); the events of one commit share it.
    public const string SequenceIncreases = "sequence-increases";

    /// Every completion reaches every matching subscription that existed when it was stored and still
    /// exists at the end (after outages, disables and the operator's recover).
    public const string CompletionReachesSubscriptions = "completion-reaches-subscriptions";

    /// No 429 from any vendor; every documented window (minute, hour, calendar month) respected.
    public const string VendorWindows = "vendor-windows";

    /// The gateway disables a subscription only after its subscriber failed for the whole disable window.
    public const string DeservedDisables = "deserved-disables";

    /// The store's entry count stops growing once the retention horizon is reached.
    public const string BoundedState = "bounded-state";

    /// No simulated step (job, loop pass, API call) throws.
    public const string StepsSucceed = "steps-succeed";

    public static readonly IReadOnlyList<string> All =
    [
        OneEventPerCompletion, SequenceIncreases, CompletionReachesSubscriptions, VendorWindows, DeservedDisables,
        BoundedState, StepsSucceed,
    ];
}

/// One broken invariant: when, what, and the workload actors it involves (what shrinking keeps).
internal sealed record Violation(string Invariant, DateTimeOffset At, string Message, IReadOnlyList<int> Actors)
{
    public override string ToString() => $"[{Invariant}] {At:yyyy-MM-dd HH:mm:ss} {Message} (actors {
        string.Join(",", Actors)})";
}
