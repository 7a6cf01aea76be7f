using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer(
    "InterviewGateway.IntegrationTests.Infrastructure.LongestFirstOrderer", "InterviewGateway.IntegrationTests")]

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Marks a test class that runs for a minute or more: chaos runs and a budget saturated for minutes (mostly
/// waiting on processes and clocks), the simulation's runs (CPU). <see cref="LongestFirstOrderer"/> starts
/// these first.
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;

/// Starts the <see cref="LongRunningAttribute"/> classes before the rest. xunit runs at most
/// `maxParallelThreads` test classes at once (xunit.runner.json); with its default order a minute-long chaos
/// run could start last and the assembly's wall time became the sum of the tail. Longest first, the short
/// classes fill the other slots while the long ones run. The order changes when tests start, never
/// what they assert.
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(IsLongRunning).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static bool IsLongRunning(ITestCollection collection)
    {
        if (!collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal))
        {
            return false; // a named collection ([Collection]) shares its fixture between short classes
        }

        var type = typeof(LongestFirstOrderer).Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..]);
        return type?.GetCustomAttribute<LongRunningAttribute>() is not null;
    }
}
