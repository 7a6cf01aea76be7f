using System.Globalization;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Json;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.Hindsight;

internal sealed class HindsightAdapter(
    IHindsightApi api,
    IOptions<HindsightOptions> options,
    UnknownStatusLog unknownStatuses,
    TimeProvider time) : IVendorAdapter
{
    public VendorKey Key => HindsightVendor.VendorKey;

    public bool IsValidInterviewId(string vendorInterviewId) =>
        long.TryParse(vendorInterviewId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    public async Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken)
    {
        var createOptions = ReadOptions(command.Options);
        if (string.IsNullOrWhiteSpace(command.Participant.Email))
        {
            throw ProblemException.Validation(
                "participant.email", "Hindsight needs the participant's email (contact_email).");
        }

        var request = new HindsightCreateRequest(
            command.Participant.Email, command.Participant.Name, command.Context,
            createOptions.SequenceId, createOptions.InterviewTypeId, createOptions.DealId, command.Objective);
        var created = await VendorErrors.CallAsync(
            Key, "(new)", () => api.CreateInterviewAsync(request, cancellationToken), time);
        return Map(created);
    }

    public async Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken)
    {
        var id = long.Parse(vendorInterviewId, CultureInfo.InvariantCulture);
        var raw = await VendorErrors.CallAsync(
            Key, vendorInterviewId, () => api.GetInterviewAsync(id, cancellationToken), time);
        return Map(raw);
    }

    public async Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken)
    {
        var id = long.Parse(vendorInterviewId, CultureInfo.InvariantCulture);
        var request = new HindsightUpdateRequest(update.Context, update.ParticipantName, update.Objective);
        await VendorErrors.CallAsync(
            Key, vendorInterviewId, () => api.UpdateInterviewAsync(id, request, cancellationToken), time);
    }

    /// Exactly one of sequence_id (Hindsight emails the contact) or interview_type_id (link only).
    private static HindsightCreateOptions ReadOptions(JsonElement? options)
    {
        HindsightCreateOptions? parsed;
        try
        {
            parsed = options is { ValueKind: JsonValueKind.Object } o
                ? o.Deserialize<HindsightCreateOptions>(GatewayJson.Api) : null;
        }
        catch (JsonException)
        {
            throw ProblemException.Validation(
                "options", "Hindsight options accept only sequence_id, interview_type_id and deal_id, as strings.");
        }

        if (parsed is null
            || string.IsNullOrWhiteSpace(parsed.SequenceId) == string.IsNullOrWhiteSpace(parsed.InterviewTypeId))
        {
            throw ProblemException.Validation("options",
                "Hindsight needs exactly one of options.sequence_id (Hindsight emails the contact) "
                + "or options.interview_type_id (link only, no email).");
        }

        return parsed;
    }

    private VendorInterview Map(JsonElement raw)
    {
        var wire = VendorErrors.Read<HindsightInterview>(Key, raw, HindsightVendor.Json)
            ?? throw VendorException.BadGateway(Key, "the reply was empty.");
        var transcript = wire.Transcript?.Content is { } content
            ? new Transcript("en", HindsightTranscriptParser.Parse(content, options.Value.InterviewerName), content)
            : null;
        var status = wire.Status switch
        {
            "created" => InterviewStatus.Created,
            "sent" => InterviewStatus.Invited,
            "completed" when transcript is not null => InterviewStatus.Completed,
            "completed" => InterviewStatus.Processing, // the transcript lags the status
            _ => unknownStatuses.Unknown(Key, wire.Status),
        };
        return new VendorInterview
        {
            VendorInterviewId = wire.InterviewRequestId.ToString(CultureInfo.InvariantCulture),
            VendorStatus = wire.Status ?? "",
            Status = status,
            Participant = new Participant(VendorParticipantId: wire.ContactId),
            Objective = wire.Objective,
            InterviewUrl = wire.SurveyUrl,
            CreatedAt = wire.CreatedAt,
            CompletedAt = status == InterviewStatus.Completed ? wire.Transcript?.CreatedAt : null,
            Transcript = transcript,
            Raw = raw,
        };
    }
}
