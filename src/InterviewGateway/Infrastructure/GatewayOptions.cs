using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Infrastructure;

/// `Gateway:*`. Validated at startup: a bad value stops the process with a message naming the key.
internal sealed class GatewayOptions : IValidatableObject
{
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    [Url]
    public string? PublicBaseUrl { get; set; }

    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// Requests a minute each API key may make (429 past it); 0 = no limit. Counted across instances (Redis).
    [Range(0, 1_000_000)]
    public int RequestsPerMinutePerKey { get; set; } = 1200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < 16)
            {
                yield return new ValidationResult($"Gateway:ApiKeys:{name}:Key must be at least 16 characters.",
                    [nameof(ApiKeys)]);
            }

            foreach (var scope in key.Scopes.Where(s => !Auth.Scopes.All.Contains(s)))
            {
                yield return new ValidationResult(
                    $"Gateway:ApiKeys:{name}:Scopes has unknown scope '{scope}' "
                    + $"(known: {string.Join(", ", Auth.Scopes.All)}).", [nameof(ApiKeys)]);
            }
        }
    }
}
