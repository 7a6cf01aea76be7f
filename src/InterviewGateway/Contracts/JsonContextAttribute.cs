using System.Text.Json;

namespace InterviewGateway.Contracts;

/// The interview context is free-form but must be a string or an object.
[AttributeUsage(AttributeTargets.Property)]
internal sealed class JsonContextAttribute : SentenceValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not JsonElement element
            || element.ValueKind
                is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined;

    public override string FormatErrorMessage(string name) => "context must be a string or a JSON object.";
}
