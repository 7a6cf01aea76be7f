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
}
