using Hangfire;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Vendors.Webhooks;

internal sealed class ReconciliationOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    /// How often each webhook vendor's list endpoint is checked for completions whose webhook was lost.
    public string Cron { get; set; } = "*/15 * * * *";

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        // Hangfire parses it at startup too; this catches the typo with a message naming the key.
        var fields = Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6) || fields.Any(f => !f.All(c => char.IsAsciiLetterOrDigit(c) || "*/,-?LW#".Contains(c))))
        {
            yield return new("Reconciliation:Cron must be a five-field cron expression, e.g. */15 * * * *.", [nameof(Cron)]);
        }
    }
}

internal static class WebhookSetup
{
    public static void AddVendorWebhooks(this IServiceCollection services)
    {
        services.AddStore<IWebhookFollowUps, InMemoryWebhookFollowUps, RedisWebhookFollowUps>();
        services.AddSingleton<VendorSecrets>();
        services.AddScoped<VendorWebhookJob>();
        services.AddScoped<ReconciliationJob>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRecurringJobSource, ReconciliationJobs>();
        services.AddHostedService<WebhookFollowUpPump>();
    }
}

/// One recurring reconciliation job per vendor that has a reconciler.
internal sealed class ReconciliationJobs(
    VendorCatalog catalog, IServiceProviderIsKeyedService registrations,
    Microsoft.Extensions.Options.IOptions<ReconciliationOptions> options) : IRecurringJobSource
{
    public IEnumerable<RecurringJobDefinition> Jobs =>
        catalog.All
            .Select(v => v.Key.Value)
            .Where(key => registrations.IsKeyedService(typeof(IVendorReconciler), key))
            .Select(key => new RecurringJobDefinition($"reconcile:{key}", options.Value.Cron, recurring =>
                recurring.AddOrUpdate<ReconciliationJob>($"reconcile:{key}",
                    job => job.RunAsync(key, CancellationToken.None), options.Value.Cron)));
}
