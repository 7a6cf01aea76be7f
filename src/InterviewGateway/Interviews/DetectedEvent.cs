using System.Security.Cryptography;
using System.Text;

namespace InterviewGateway.Interviews;

/// One event a change implies; `Discriminator` makes the id unique per fact (the new status, or
/// which late artefact arrived), so the same fact found twice has the same id.
internal sealed record DetectedEvent(string Type, string Discriminator, DateTimeOffset Timestamp)
{
    public string IdFor(string interviewId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{interviewId}|{Type}|{Discriminator}"));
        return "evt_" + Convert.ToHexStringLower(hash)[..26];
    }
}
