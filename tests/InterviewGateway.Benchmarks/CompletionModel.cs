namespace InterviewGateway.Benchmarks;

/// A realistic time from tracking to completion: a share of interviews completes, after a log-normal
/// time (median `Median`, spread `Sigma`: most within days, a long tail); the rest never complete
/// within the 30 days of tracking.
internal sealed record CompletionModel(double CompletingShare, TimeSpan Median, double Sigma, TimeSpan Horizon)
{
    public static readonly CompletionModel Realistic = new(0.7, TimeSpan.FromHours(18), 1.3, TimeSpan.FromDays(30));

    /// The age at which an interview completes, or null when it does not within the horizon.
    public TimeSpan? Sample(Random random)
    {
        if (random.NextDouble() >= CompletingShare)
        {
            return null;
        }

        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var age = TimeSpan.FromHours(Median.TotalHours * Math.Exp(Sigma * z));
        return age < Horizon ? age : null;
    }

    /// Density of completing at `minutes` of age (per minute, over all interviews).
    public double Density(double minutes)
    {
        if (minutes <= 0)
        {
            return 0;
        }

        var x = (Math.Log(minutes) - Math.Log(Median.TotalMinutes)) / Sigma;
        return CompletingShare * Math.Exp(-x * x / 2) / (minutes * Sigma * Math.Sqrt(2 * Math.PI));
    }
}
