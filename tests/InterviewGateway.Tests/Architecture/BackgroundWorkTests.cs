using System.Text.RegularExpressions;

namespace InterviewGateway.Tests.Architecture;

/// Issue 20: one pattern for background work (docs/architecture.md, "Background work"): per-item work on
/// leased queues, never a Hangfire job per item; Hangfire jobs are recurring chores only.
public sealed partial class BackgroundWorkTests
{
    [Fact]
    public void No_code_enqueues_or_schedules_a_hangfire_job()
    {
        var offending = SourceTree.Files
            .Where(f => PerItemJob().IsMatch(SourceTree.Read(f)))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Every_class_named_job_is_a_recurring_job_and_only_jobs_carry_AutomaticRetry()
    {
        var sources = SourceTree.Files.Select(SourceTree.Read).ToList();
        var jobs = sources.SelectMany(s => JobClass().Matches(s).Select(m => m.Groups[1].Value)).ToList();
        var recurring = sources.SelectMany(s => Recurring().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet();
        var retried = SourceTree.Files.Where(f => SourceTree.Read(f).Contains("[AutomaticRetry(",
                StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .ToList();

        Assert.NotEmpty(jobs);
        Assert.All(jobs, job => Assert.Contains(job, recurring));
        Assert.All(retried, type => Assert.Contains(type, jobs));
    }

    [Fact]
    public void The_scan_sees_a_job_per_item()
    {
        Assert.Matches(PerItemJob(), "client.Enqueue<FollowUpJob>(j => j.RunAsync(id, CancellationToken.None));");
        Assert.Matches(PerItemJob(), "BackgroundJob.Schedule(() => Run(), delay);");
        Assert.DoesNotMatch(PerItemJob(), "queue.Enqueue(message);");
    }

    [GeneratedRegex(@"IBackgroundJobClient|BackgroundJob\.|\.Enqueue<|\.Schedule<")]
    private static partial Regex PerItemJob();

    [GeneratedRegex(@"\bclass (\w+Job)\b")]
    private static partial Regex JobClass();

    [GeneratedRegex(@"AddOrUpdate<(\w+)>")]
    private static partial Regex Recurring();
}
