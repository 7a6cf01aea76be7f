using System.Net;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using Microsoft.Extensions.Options;
using Refit;

namespace InterviewGateway.Vendors.InstaView;

internal sealed class InstaViewAdapter(
    IInstaViewApi api,
    IOptionsMonitor<InstaViewOptions> options,
    UnknownStatusLog unknownStatuses,
    TimeProvider time) : IVendorAdapter
{
    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public VendorKey Key => InstaViewVendor.VendorKey;

    private string? CompanyId => options.CurrentValue.CompanyId is { Length: > 0 } id ? id : null;

    // Interview ids are UUIDs (api-reference/interviews/get-interview).
    public bool IsValidInterviewId(string vendorInterviewId) => Guid.TryParseExact(vendorInterviewId, "D", out _);

    public async Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken)
    {
        var request = BuildCreateRequest(command);
        var created = await VendorErrors.CallAsync(
            Key, "(new)", () => api.CreateInterviewAsync(request, CompanyId, cancellationToken), time);
        return Map(InstaViewEnvelope.Unwrap(created));
    }

    public async Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken)
    {
        try
        {
            var raw = await VendorErrors.CallAsync(
                Key, vendorInterviewId, () => api.GetInterviewAsync(vendorInterviewId, CompanyId, cancellationToken),
                time);
            return Map(InstaViewEnvelope.Unwrap(raw));
        }
        catch (VendorException ex) when (ex.Cause is ApiException { StatusCode: HttpStatusCode.Forbidden })
        {
            throw OtherCompany(vendorInterviewId);
        }
    }

    public Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken) =>
        throw ProblemException.Unsupported(
            "InstaView interviews cannot be changed through its API; only metadata can be changed.");

    /// InstaView answers 403 for an interview of another company (001). That is a fact about the
    /// interview, not a fault of the vendor: like its 404 it is final, so it is a 404 here. A 502 would
    /// be transient and make webhook follow-ups retry for nothing.
    public static VendorException OtherCompany(string vendorInterviewId) =>
        new(404, ProblemTypes.NotFound, "Not found",
            $"InstaView interview '{vendorInterviewId}' belongs to another company than the configured API key's "
            + "(InstaView answered 403). For an ATS key, set Vendors:InstaView:CompanyId to the company that owns it.");

    internal static InstaViewCreateRequest BuildCreateRequest(CreateInterviewCommand command)
    {
        InstaViewCreateOptions? parsed;
        try
        {
            parsed = command.Options is { ValueKind: JsonValueKind.Object } o
                ? o.Deserialize<InstaViewCreateOptions>(StrictOptions) : null;
        }
        catch (JsonException)
        {
            throw ProblemException.Validation("options",
                "InstaView options accept only candidateId, agentId, jobId (strings), isTest (boolean) "
                + "and scheduledAt (timestamp).");
        }

        if (string.IsNullOrWhiteSpace(parsed?.AgentId))
        {
            throw ProblemException.Validation(
                "options.agentId", "InstaView needs options.agentId: the AI agent that runs the interview.");
        }

        InstaViewCandidate? candidate = null;
        if (string.IsNullOrWhiteSpace(parsed.CandidateId))
        {
            var participant = command.Participant;
            if (string.IsNullOrWhiteSpace(participant.Name))
            {
                throw ProblemException.Validation("participant.name",
                    "InstaView needs the participant's name to create the candidate "
                    + "(or an existing options.candidateId).");
            }

            var name = participant.Name.Trim();
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            candidate = new InstaViewCandidate(
                space < 0 ? name : name[..space], space < 0 ? null : name[(space + 1)..].Trim(), participant.Email,
                    participant.Phone);
        }

        // The start time is `scheduleTime` on the create page but `scheduledAt` in the changelog and on GET:
        // it is sent only when the caller asks, under the newer name; omitted, InstaView starts now.
        return new InstaViewCreateRequest(
            parsed.CandidateId, candidate, parsed.AgentId, parsed.JobId, parsed.IsTest, parsed.ScheduledAt);
    }

    internal VendorInterview Map(JsonElement raw) => Map(raw, unknownStatuses);

    internal static VendorInterview Map(JsonElement raw, UnknownStatusLog unknownStatuses)
    {
        var wire = VendorErrors.Read<InstaViewInterview>(InstaViewVendor.VendorKey, raw, InstaViewVendor.Json);
        if (wire?.Id is not { Length: > 0 } id)
        {
            throw VendorException.BadGateway(InstaViewVendor.VendorKey, "the reply had no interview id.");
        }

        var status = MapStatus(wire.Status, unknownStatuses);
        int? duration = wire.DurationMinutes is { } minutes ? (int)Math.Round(minutes * 60) : null;
        return new VendorInterview
        {
            VendorInterviewId = id,
            VendorStatus = wire.Status ?? "",
            Status = status,
            Participant = new Participant(VendorParticipantId: wire.CandidateId),
            IsTest = wire.IsTest ?? false,
            CreatedAt = wire.CreatedAt,
            StartedAt = InstaViewContent.StartedAt(wire.CallAttempts, wire.FinishedDate, duration),
            CompletedAt = wire.FinishedDate,
            DurationSeconds = duration,
            Summary = InstaViewContent.Summary(wire.Analysis),
            Transcript = InstaViewContent.ReadTranscript(wire.Transcript),
            Analysis = wire.Analysis is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } analysis ? analysis
                : null,
            Raw = raw,
        };
    }

    public static InterviewStatus MapStatus(string? status, UnknownStatusLog unknownStatuses) =>
        status?.ToUpperInvariant() switch
    {
        "UNDEFINED" => InterviewStatus.Created,
        "SCHEDULED" => InterviewStatus.Scheduled,
        "IN_PROGRESS" => InterviewStatus.InProgress,
        "COMPLETED" => InterviewStatus.Completed,
        "FAILED" => InterviewStatus.Failed,
        // CANCELLED in the status list (001), CANCELED on the delete page.
        "CANCELLED" or "CANCELED" => InterviewStatus.Cancelled,
        _ => unknownStatuses.Unknown(InstaViewVendor.VendorKey, status),
    };
}
