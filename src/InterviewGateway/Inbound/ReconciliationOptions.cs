namespace InterviewGateway.Inbound;

internal sealed class ReconciliationOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    /// How often each webhook vendor's list endpoint is checked for completions whose webhook was lost.
    public string Cron { get; set; } = "*/15 * * * *";

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(
        System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        // Hangfire parses it at startup too; this catches the typo with a message naming the key.
        var fields = Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6)
            || fields.Any(f => !f.All(c => char.IsAsciiLetterOrDigit(c) || "*/,-?LW#".Contains(c))))
        {
            yield return new(
                "Reconciliation:Cron must be a five-field cron expression, e.g. */15 * * * *.", [nameof(Cron)]);
        }
    }
}
