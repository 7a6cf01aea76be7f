namespace InterviewGateway.Polling;

internal sealed record CompletionCounts(double[] Completions, double[] ExposureHours)
{
    /// Upper edges of the age bins (the last bin is open); they include the age-tier boundaries.
    public static readonly TimeSpan[] BinEdges =
    [
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(4), TimeSpan.FromDays(7),
        TimeSpan.FromDays(14),
    ];

    public static int Bins => BinEdges.Length + 1;

    public static int BinOf(TimeSpan age)
    {
        var bin = 0;
        while (bin < BinEdges.Length && age >= BinEdges[bin])
        {
            bin++;
        }

        return bin;
    }

    public static CompletionCounts Empty() => new(new double[Bins], new double[Bins]);

    public double Total => Completions.Sum();
}
