using Hangfire;

namespace InterviewGateway.Infrastructure.Hangfire;

/// A recurring job the gateway keeps registered in Hangfire's storage; `Register` adds or updates it.
internal sealed record RecurringJobDefinition(string Id, string Cron, Action<IRecurringJobManager> Register);
