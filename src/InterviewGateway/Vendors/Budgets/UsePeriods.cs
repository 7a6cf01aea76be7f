namespace InterviewGateway.Vendors.Budgets;

/// Fixed calendar periods for the "use so far" counters shown by GET /v1/vendors.
internal static class UsePeriods
{
    public static (string Minute, string Hour, string Month) At(DateTimeOffset now) =>
        (now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture),
         now.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture),
         now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture));
}
