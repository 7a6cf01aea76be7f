using System.Globalization;

namespace InterviewGateway.Delivery;

internal enum DeliveryStateKind
{
    /// Attempt `Attempt` is queued or scheduled, due at `At`.
    Queued,
    /// Delivered (a 2xx) at `At`.
    Delivered,
    /// Attempt `Attempt`, the last of the schedule, failed at `At`.
    Failed,
}

/// Where one (event, subscription) stands: one hash field per event in a hash per subscription, so a
/// delivery adds no key of its own. Only the message carrying the current attempt may send; an older
/// copy (a recover that overtook it, a crashed instance's message claimed again) stands aside.
internal readonly record struct DeliveryState(DeliveryStateKind Kind, int Attempt, DateTimeOffset At)
{
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Letter(Kind)}|{Attempt}|{At.ToUnixTimeMilliseconds()}");

    public static DeliveryState? Parse(string? value)
    {
        var parts = value?.Split('|');
        if (parts is not { Length: 3 } || parts[0].Length != 1
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var attempt)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        var kind = parts[0][0] switch
        {
            'd' => DeliveryStateKind.Delivered,
            'f' => DeliveryStateKind.Failed,
            _ => DeliveryStateKind.Queued,
        };
        return new DeliveryState(kind, attempt, DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    public static char Letter(DeliveryStateKind kind) => kind switch
    {
        DeliveryStateKind.Delivered => 'd',
        DeliveryStateKind.Failed => 'f',
        _ => 'q',
    };
}
