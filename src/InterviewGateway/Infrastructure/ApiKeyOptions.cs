using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Infrastructure;

internal sealed class ApiKeyOptions
{
    public string? Key { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// This key's own request rate limit; unset = `Gateway:RequestsPerMinutePerKey`.
    [Range(0, 1_000_000)]
    public int? RequestsPerMinute { get; set; }
}
