using System.Globalization;

namespace InterviewGateway.Simulation;

/// The five-field cron expressions the gateway's recurring jobs use (`*`, `*/n`, numbers and lists), in
/// UTC, evaluated minute by minute: enough for `*/15 * * * *` and Hangfire's `Cron.Daily(h)`.
internal sealed class Cron(IReadOnlyList<Func<int, bool>> fields)
{
    public static Cron Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            throw new FormatException($"Unsupported cron expression '{expression}'");
        }

        return new Cron([.. parts.Select(Field)]);
    }

    /// The first occurrence strictly after `after`.
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, TimeSpan.Zero)
            .AddMinutes(1);
        for (var i = 0; i < 366 * 24 * 60; i++, t = t.AddMinutes(1))
        {
            if (fields[0](t.Minute) && fields[1](t.Hour) && fields[2](t.Day) && fields[3](t.Month)
                && fields[4]((int)t.DayOfWeek))
            {
                return t;
            }
        }

        throw new InvalidOperationException("cron expression never fires");
    }

    private static Func<int, bool> Field(string field)
    {
        if (field is "*" or "?")
        {
            return _ => true;
        }

        if (field.StartsWith("*/", StringComparison.Ordinal))
        {
            var step = int.Parse(field[2..], CultureInfo.InvariantCulture);
            return v => v % step == 0;
        }

        var values = field.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
        return values.Contains;
    }
}
