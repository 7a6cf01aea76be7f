using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors.Hindsight;

internal sealed class HindsightOptions
{
    /// The interviewer's name in transcripts (`**Paige:** ...`), to tell interviewer turns from the contact's.
    [Required, MinLength(1)]
    public string InterviewerName { get; set; } = "Paige";
}
