using System.ComponentModel;

namespace InterviewGateway.Contracts;

/// A vendor's requests over time, oldest bucket first, counted where the budget is spent (every instance).
internal sealed record VendorUsageResponse(
    string Vendor,
    [property: Description("The last 60 minutes, one bucket per minute (the current minute last)")]
    IReadOnlyList<UsageBucketResponse> LastHour,
    [property: Description("The last 24 hours, one bucket per hour (the current hour last)")]
    IReadOnlyList<UsageBucketResponse> LastDay,
    [property: Description("The last 30 days (UTC), one bucket per day (today last)")]
    IReadOnlyList<UsageBucketResponse> LastMonth);

internal sealed record UsageBucketResponse(
    [property: Description("Start of the bucket (UTC)")] DateTimeOffset Start,
    [property: Description("Requests sent to the vendor in it")] long Count);
