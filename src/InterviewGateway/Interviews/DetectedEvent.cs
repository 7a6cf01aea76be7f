using System.Security.Cryptography;
using System.Text;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Interviews;

/// One event a change implies; `Discriminator` makes the id unique per fact (the new status, or
/// which late artefact arrived), so the same fact found twice has the same id. The id's first four hex
/// digits are the interview's RoutingCode, so stores can keep the event beside its interview.
internal sealed record DetectedEvent(string Type, string Discriminator, DateTimeOffset Timestamp)
{
    public string IdFor(string interviewId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{interviewId}|{Type}|{Discriminator}"));
        return "evt_" + RoutingCode.Hex(interviewId) + Convert.ToHexStringLower(hash)[..22];
    }
}
