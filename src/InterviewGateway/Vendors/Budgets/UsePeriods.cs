using System.Globalization;

namespace InterviewGateway.Vendors.Budgets;

/// Fixed calendar periods for the use counters: "use so far" in GET /v1/vendors, and the history of
/// GET /v1/vendors/{vendor}/usage (per minute for an hour, per hour for a day, per day for 30 days).
internal static class UsePeriods
{
    /// How long each kind of counter is kept: a little past the history that reads it.
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromMinutes(125);
    public static readonly TimeSpan HourRetention = TimeSpan.FromHours(26);
    public static readonly TimeSpan DayRetention = TimeSpan.FromDays(32);
    public static readonly TimeSpan MonthRetention = TimeSpan.FromDays(35);

    public static (string Minute, string Hour, string Month) At(DateTimeOffset now) =>
        (Label(now, "yyyyMMddHHmm"), Label(now, "yyyyMMddHH"), Label(now, "yyyyMM"));

    /// The counters one spent request increments, with how long each is kept.
    public static (string Kind, string Label, TimeSpan Retention)[] Counters(DateTimeOffset now) =>
    [
        ("m", Label(now, "yyyyMMddHHmm"), MinuteRetention), ("h", Label(now, "yyyyMMddHH"), HourRetention),
        ("M", Label(now, "yyyyMM"), MonthRetention), ("d", Label(now, "yyyyMMdd"), DayRetention),
    ];

    /// The buckets of the history, oldest first, each with its counter's kind ("m", "h", "d") and period.
    public static UsePeriod[] History(DateTimeOffset now)
    {
        var minute = Truncate(now, TimeSpan.FromMinutes(1));
        var hour = Truncate(now, TimeSpan.FromHours(1));
        var day = Truncate(now, TimeSpan.FromDays(1));
        return
        [
            .. Enumerable.Range(0, 60).Reverse().Select(i => minute.AddMinutes(-i))
                .Select(t => new UsePeriod("m", Label(t, "yyyyMMddHHmm"), t)),
            .. Enumerable.Range(0, 24).Reverse().Select(i => hour.AddHours(-i))
                .Select(t => new UsePeriod("h", Label(t, "yyyyMMddHH"), t)),
            .. Enumerable.Range(0, 30).Reverse().Select(i => day.AddDays(-i))
                .Select(t => new UsePeriod("d", Label(t, "yyyyMMdd"), t)),
        ];
    }

    private static DateTimeOffset Truncate(DateTimeOffset t, TimeSpan unit) =>
        new(t.UtcTicks - t.UtcTicks % unit.Ticks, TimeSpan.Zero);

    private static string Label(DateTimeOffset t, string format) =>
        t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}

internal sealed record UsePeriod(string Kind, string Label, DateTimeOffset Start);

/// Requests spent per period, oldest first: the last 60 minutes, 24 hours and 30 days.
internal sealed record UseHistory(
    IReadOnlyList<UseCount> Minutes, IReadOnlyList<UseCount> Hours, IReadOnlyList<UseCount> Days)
{
    public static UseHistory From(IReadOnlyList<UsePeriod> periods, IReadOnlyList<long> counts)
    {
        var all = periods.Select((p, i) => (p.Kind, Count: new UseCount(p.Start, counts[i]))).ToList();
        return new(Of("m"), Of("h"), Of("d"));
        UseCount[] Of(string kind) => [.. all.Where(a => a.Kind == kind).Select(a => a.Count)];
    }
}

internal sealed record UseCount(DateTimeOffset Start, long Count);
