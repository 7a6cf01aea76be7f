using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Operations;

/// `Operations:*`: how long a running operation's lease lasts and how often instances look for abandoned ones.
internal sealed class OperationOptions
{
    /// Renewed at every progress save; when it ends unrenewed, another instance continues the operation.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(10);
}
