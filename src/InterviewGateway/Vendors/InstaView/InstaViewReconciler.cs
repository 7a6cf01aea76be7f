using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.InstaView;

/// InstaView lists interviews per candidate only (`candidateId` is required), so reconciliation walks
/// the candidates of tracked, unfinished InstaView interviews. One unfiltered page per candidate covers
/// COMPLETED, FAILED and CANCELLED at a third of the cost of three filtered calls; the pass is bounded,
/// newest interviews first (polling remains the safety net for the rest), and every call spends the
/// shared per-minute and per-hour budget.
internal sealed class InstaViewReconciler(
    IInstaViewApi api, ITrackedParticipants interviews, IOptionsMonitor<InstaViewOptions> options,
        UnknownStatusLog unknownStatuses, TimeProvider time)
    : IVendorReconciler
{
    public const int MaxCandidatesPerPass = 25;
    public const int MaxPagesPerCandidate = 2;
    public const int PageSize = 100;
    private const int MaxTrackedScanned = 1000;

    public async Task<IReadOnlyList<string>> ListUnknownFinishedAsync(
        KnownFinished known, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(cancellationToken);
        var company = options.CurrentValue.CompanyId is { Length: > 0 } id ? id : null;
        var finished = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                await AddFinishedAsync(candidate, company, finished, cancellationToken);
            }
            catch (VendorException ex) when (!ex.IsTransient)
            {
                // One candidate InstaView refuses (deleted, another company) must not starve the others;
                // an outage or a budget stop (5xx) ends the pass, and the next one retries.
            }
        }

        var unknown = new List<string>();
        foreach (var finishedId in finished.Distinct(StringComparer.Ordinal))
        {
            if (!await known(finishedId, cancellationToken))
            {
                unknown.Add(finishedId);
            }
        }

        return unknown;
    }

    private async Task AddFinishedAsync(
        string candidate, string? company, List<string> finished, CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPagesPerCandidate; page++)
        {
            var reply = await VendorErrors.CallAsync(InstaViewVendor.VendorKey, "(list)",
                () => api.ListInterviewsAsync(candidate, page, PageSize, null, company, cancellationToken), time);
            var parsed = InstaViewEnvelope.ParsePage(reply, page, PageSize);
            finished.AddRange(parsed.Items.Select(FinishedId).OfType<string>());
            if (!parsed.HasMore)
            {
                return;
            }
        }
    }

    private string? FinishedId(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
        && item.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
        && InstaViewAdapter.MapStatus(status.GetString(), unknownStatuses).IsTerminal()
            ? id.GetString()
            : null;

    private async Task<IReadOnlyList<string>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        await foreach (var participant in interviews.UnfinishedParticipantsAsync(
            InstaViewVendor.VendorKey.Value, MaxTrackedScanned, cancellationToken))
        {
            if (participant.VendorParticipantId is { Length: > 0 } candidate
                && !candidates.Contains(candidate, StringComparer.Ordinal))
            {
                candidates.Add(candidate);
                if (candidates.Count == MaxCandidatesPerPass)
                {
                    break;
                }
            }
        }

        return candidates;
    }
}
