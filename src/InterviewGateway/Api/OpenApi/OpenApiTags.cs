namespace InterviewGateway.Api.OpenApi;

/// Tag descriptions shown by Swagger UI and Redoc; a tag without one here fails the OpenAPI lint test.
internal static class OpenApiTags
{
    public const string Webhooks = "Webhooks";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Interviews"] = "Create, track, read, patch and untrack interviews through one vendor-neutral resource.",
        ["Vendors"] = "Which vendors are configured, what each can do, its budgets and polling plan.",
        ["Events"] = "The events of the last 30 days, with the exact bodies that were pushed to subscribers.",
        ["Event types"] = "The catalog of outbound event types and the JSON Schema of each payload.",
        ["Subscriptions"] =
            "Webhook subscriptions: create, filter, test, inspect deliveries, retry, recover, rotate secrets.",
        ["Vendor webhooks"] =
            "Where vendors push their own webhooks; authenticated by the vendor's signature or token.",
        ["Operations"] = "Long-running work (recover) started by another request: its state and progress.",
        [Webhooks] = "What the gateway POSTs to subscribers, signed per Standard Webhooks (see the webhooks section).",
    };
}
