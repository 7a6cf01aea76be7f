namespace InterviewGateway.Client.Models;

/// <summary>An interview's status, in lifecycle order: it only moves forward.</summary>
public enum InterviewStatus
{
    /// <summary>The vendor reported a status the gateway does not know.</summary>
    Unknown,

    /// <summary>Created at the vendor.</summary>
    Created,

    /// <summary>The participant was invited.</summary>
    Invited,

    /// <summary>A time is booked.</summary>
    Scheduled,

    /// <summary>The interview is running.</summary>
    InProgress,

    /// <summary>Finished; the vendor is processing the results.</summary>
    Processing,

    /// <summary>Completed (final).</summary>
    Completed,

    /// <summary>Failed (final).</summary>
    Failed,

    /// <summary>Cancelled (final).</summary>
    Cancelled,
}
