using System.Text.Json;
using InterviewGateway.Client.Webhooks;

namespace InterviewGateway.SampleSubscriber;

public enum Outcome
{
    Applied,
    Duplicate,
    Stale,
    Recorded,
}

/// What the subscriber knows about one interview: the snapshot of the highest sequence seen.
public sealed record InterviewState(
    string Id, string Status, long Sequence, string LastEventType, bool CompletedHandled);

public sealed record LedgerStats(int Applied, int Duplicates, int Stale, int Recorded, int Rejected);

/// In memory for the sample; in production keep both in your database (a unique key on the webhook id,
/// and the sequence compared in the same transaction that updates the interview).
public sealed class EventLedger
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = [];
    private readonly Dictionary<string, InterviewState> _interviews = [];
    private int _applied;
    private int _duplicates;
    private int _stale;
    private int _recorded;
    private int _rejected;

    public LedgerStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new LedgerStats(_applied, _duplicates, _stale, _recorded, _rejected);
            }
        }
    }

    public InterviewState? Find(string id)
    {
        lock (_gate)
        {
            return _interviews.GetValueOrDefault(id);
        }
    }

    public void Rejected() => Interlocked.Increment(ref _rejected);

    public Outcome Apply(WebhookEvent delivered)
    {
        lock (_gate)
        {
            if (!_seen.Add(delivered.Id))
            {
                _duplicates++;
                return Outcome.Duplicate;
            }

            // subscription.* events describe a subscription, not an interview; samples from POST .../test
            // (data.sample: true, any type) are realistic interview bodies, but must never change your data.
            if (delivered is not InterviewEvent { Data.Sample: not true } change)
            {
                _recorded++;
                return Outcome.Recorded;
            }

            var interview = change.Data.Interview;
            var known = _interviews.GetValueOrDefault(interview.Id);
            // Run the completion's side effect once, whatever order the events arrive in.
            var completedHandled = known?.CompletedHandled == true || change is InterviewCompleted;
            if (known is not null && change.Sequence <= known.Sequence)
            {
                // Older than what we have: keep the newer snapshot (deliveries are not ordered).
                _interviews[interview.Id] = known with { CompletedHandled = completedHandled };
                _stale++;
                return Outcome.Stale;
            }

            var status = JsonNamingPolicy.SnakeCaseLower.ConvertName(interview.Status.ToString());
            _interviews[interview.Id] = new InterviewState(interview.Id, status, change.Sequence, change.Type,
                completedHandled);
            _applied++;
            return Outcome.Applied;
        }
    }
}
