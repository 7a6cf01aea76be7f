namespace InterviewGateway.Contracts;

/// Metadata is small and flat, like Stripe's: it rides along on every event body.
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MetadataAttribute : SentenceValidationAttribute
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    public override bool IsValid(object? value) => value is not IReadOnlyDictionary<string, string> map
        || (map.Count <= MaxKeys && map.All(kv => kv.Key.Length is > 0 and <= MaxKeyLength
            && kv.Value is { Length: <= MaxValueLength }));

    public override string FormatErrorMessage(string name) =>
        $"metadata takes at most {MaxKeys} keys of 1-{MaxKeyLength} characters "
        + $"with string values of at most {MaxValueLength} characters.";
}
