using System.Collections.Concurrent;
using InterviewGateway.Contracts;

namespace InterviewGateway.Vendors;

/// Vendors add statuses without notice. An unknown one maps to `unknown`, never fails a request, and is
/// logged once per vendor and value so operators notice without drowning.
internal sealed partial class UnknownStatusLog(ILogger<UnknownStatusLog> logger)
{
    private readonly ConcurrentDictionary<(string Vendor, string Value), bool> _seen = new();

    public InterviewStatus Unknown(VendorKey vendor, string? value)
    {
        if (_seen.TryAdd((vendor.Value, value ?? "(null)"), true))
        {
            Log.UnknownStatus(logger, vendor.Value, value ?? "(null)");
        }

        return InterviewStatus.Unknown;
    }

    private static partial class Log
    {
        [LoggerMessage(
            2000, LogLevel.Warning,
            "Vendor {Vendor} reported an unknown interview status '{VendorStatus}'; mapped to 'unknown'")]
        public static partial void UnknownStatus(ILogger logger, string vendor, string vendorStatus);
    }
}
