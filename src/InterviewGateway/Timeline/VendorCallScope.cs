namespace InterviewGateway.Timeline;

/// Collects the vendor calls made inside it (the vendor HTTP pipeline adds them), so the interview
/// service can put them on the timeline of the interview they were for once it knows its id.
internal sealed class VendorCallScope : IDisposable
{
    private static readonly AsyncLocal<VendorCallScope?> CurrentScope = new();
    private readonly VendorCallScope? _outer;
    private readonly List<TimelineEntry> _calls = [];

    private VendorCallScope(VendorCallScope? outer) => _outer = outer;

    public IReadOnlyList<TimelineEntry> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public static VendorCallScope Begin() => CurrentScope.Value = new VendorCallScope(CurrentScope.Value);

    /// Adds a call to the innermost scope; outside any scope (a vendor call for no interview) it is dropped.
    public static void Record(TimelineEntry call)
    {
        if (CurrentScope.Value is { } scope)
        {
            lock (scope._calls)
            {
                scope._calls.Add(call);
            }
        }
    }

    public void Dispose() => CurrentScope.Value = _outer;
}
