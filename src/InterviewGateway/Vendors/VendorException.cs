using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Vendors;

/// A vendor call failed. The message names the vendor and what went wrong in our words; the vendor's
/// body and headers never travel further than the adapter that read them.
internal sealed class VendorException(int status, string type, string title, string detail, Exception? inner = null)
    : ProblemException(status, type, title, detail)
{
    public Exception? Cause { get; } = inner;

    /// Transient failures are worth retrying later (a poll, a webhook follow-up); the rest are not.
    public bool IsTransient => Status >= 500;

    public static VendorException BadGateway(VendorKey vendor, string detail, Exception? inner = null) =>
        new(502, ProblemTypes.VendorError, "Vendor error", $"{vendor.DisplayName}: {detail}", inner);

    public static VendorException Timeout(VendorKey vendor, Exception? inner = null) =>
        new(504, ProblemTypes.VendorTimeout, "Vendor timeout", $"{vendor.DisplayName} did not answer in time.", inner);

    public static VendorException Unreachable(VendorKey vendor, Exception? inner = null) =>
        new(503, ProblemTypes.VendorUnavailable, "Vendor unavailable", $"{vendor.DisplayName} could not be reached.",
            inner);

    public static VendorException RateLimited(VendorKey vendor, TimeSpan retryAfter) =>
        new(503, ProblemTypes.VendorUnavailable, "Vendor rate-limited",
            $"{vendor.DisplayName} is rate-limiting the gateway; try again later.") { RetryAfter = retryAfter };

    public static VendorException BudgetExhausted(VendorKey vendor, TimeSpan retryAfter) =>
        new(503, ProblemTypes.VendorBudgetExhausted, "Vendor budget exhausted",
            $"The gateway's request budget for {vendor.DisplayName} has no room right now.")
        {
            RetryAfter = retryAfter,
        };

    public static VendorException NotConfigured(VendorKey vendor) =>
        new(503, ProblemTypes.VendorNotConfigured, "Vendor not configured",
            $"{vendor.DisplayName} is not configured: set Vendors:{vendor.ConfigSection}:ApiKey "
            + "(or enable the sandbox).");

    public static VendorException NotFound(VendorKey vendor, string vendorInterviewId) =>
        new(404, ProblemTypes.NotFound, "Not found",
            $"{vendor.DisplayName} has no interview '{vendorInterviewId}' visible to the configured API key.");

    public static VendorException Rejected(VendorKey vendor, string detail) =>
        new(422, ProblemTypes.VendorCannotDoThis, "The vendor rejected the request", $"{vendor.DisplayName}: {detail}");
}
