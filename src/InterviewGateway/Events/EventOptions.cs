using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Events;

/// `Events:*`: how the outbox sweep runs on every instance.
internal sealed class EventOptions
{
    /// How often each instance looks for outbox entries that were not relayed.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// An entry younger than this is left to the process that committed it (it is relaying it now).
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan OutboxGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// A fan-out claims (event, subscription) for this long before it enqueues the delivery; a process
    /// that dies in between (or loses Redis) blocks that delivery until the claim lapses. The outbox keeps
    /// the event for twice this, so the sweep enqueues it then.
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan FanOutClaim { get; set; } = TimeSpan.FromMinutes(5);
}
