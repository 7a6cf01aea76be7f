namespace InterviewGateway.Api.OpenApi;

/// The type a query or path value is documented with. Handlers take the raw string and parse it
/// themselves (QueryParsing), so a bad value gets a validation problem keyed by its name instead of the
/// framework's bare 400; this tells generators the real type (issue 18: all 18 were `string`).
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class DocumentedAsAttribute(ParameterKind kind) : Attribute
{
    public ParameterKind Kind => kind;

    /// ParameterKind.OneOf: the enum whose component schema lists the values.
    public Type? Enum { get; init; }

    /// ParameterKind.OneOf without Enum: the accepted values.
    public string[] Values { get; init; } = [];

    /// ParameterKind.OneOf: the value assumed when the parameter is left out.
    public string? Default { get; init; }
}

internal enum ParameterKind
{
    /// `limit`: 1 to QueryParsing.MaxLimit, default QueryParsing.DefaultLimit.
    PageSize,

    /// `true` or `false`, default false.
    Flag,

    /// An RFC 3339 time.
    Timestamp,

    OneOf,

    /// A registered vendor's id.
    Vendor,

    /// The id of a registered vendor that sends webhooks.
    WebhookVendor,

    /// A registered event type.
    EventType,
}
