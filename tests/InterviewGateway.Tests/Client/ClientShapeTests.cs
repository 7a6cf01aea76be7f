using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewGateway.Client.Http;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;

namespace InterviewGateway.Tests.Client;

/// The client's records are its own (it never references the gateway), so their JSON member names are
/// compared with the committed OpenAPI schemas: a renamed, added or dropped member fails here, not at a caller.
public sealed class ClientShapeTests
{
    public static TheoryData<Type, string> Records => new()
    {
        { typeof(Interview), "InterviewResponse" },
        { typeof(Participant), "ParticipantResponse" },
        { typeof(Tracking), "TrackingResponse" },
        { typeof(CreateInterviewRequest), "CreateInterviewRequest" },
        { typeof(TrackInterviewRequest), "TrackInterviewRequest" },
        { typeof(ParticipantInput), "ParticipantInput" },
        { typeof(Transcript), "TranscriptResponse" },
        { typeof(TranscriptTurn), "TranscriptTurnResponse" },
        { typeof(Subscription), "SubscriptionResponse" },
        { typeof(CreatedSubscription), "CreatedSubscriptionResponse" },
        { typeof(CreateSubscriptionRequest), "CreateSubscriptionRequest" },
        { typeof(UpdateSubscriptionRequest), "UpdateSubscriptionRequest" },
        { typeof(DeliveryBacklog), "DeliveryBacklogResponse" },
        { typeof(DeliveryAttempt), "DeliveryAttemptResponse" },
        { typeof(RecoverSubscriptionRequest), "RecoverSubscriptionRequest" },
        { typeof(Operation), "OperationResponse" },
        { typeof(TestSubscriptionRequest), "TestSubscriptionRequest" },
        { typeof(RotatedSecret), "RotatedSecretResponse" },
        { typeof(SubscriptionSecrets), "SubscriptionSecretsResponse" },
        { typeof(SubscriptionSecret), "SubscriptionSecretResponse" },
        { typeof(Vendor), "VendorResponse" },
        { typeof(VendorCapabilities), "VendorCapabilitiesResponse" },
        { typeof(VendorBudget), "VendorBudgetResponse" },
        { typeof(PollingTier), "PollingTierResponse" },
        { typeof(WebhookRegistration), "WebhookRegistrationResponse" },
        { typeof(EventType), "EventTypeResponse" },
        { typeof(InterviewPatch), "InterviewPatchRequest" },
        { typeof(ParticipantNamePatch), "ParticipantPatchInput" },
        { typeof(TimelineEntry), "TimelineEntryResponse" },
        { typeof(VendorUsage), "VendorUsageResponse" },
        { typeof(UsageBucket), "UsageBucketResponse" },
        { typeof(VendorWebhook), "VendorWebhookLogResponse" },
        { typeof(Page<Interview>), "ListResponseOfInterviewResponse" },
        { typeof(Page<TimelineEntry>), "ListResponseOfTimelineEntryResponse" },
        { typeof(Page<VendorWebhook>), "ListResponseOfVendorWebhookLogResponse" },
        { typeof(Page<JsonElement>), "ListResponseOfEvent" },
    };

    public static TheoryData<Type, string> Enums => new()
    {
        { typeof(InterviewStatus), "InterviewStatus" },
        { typeof(DeliveryStatus), "DeliveryStatus" },
        { typeof(PayloadMode), "PayloadMode" },
        { typeof(Speaker), "Speaker" },
        { typeof(TrackingMode), "TrackingMode" },
        { typeof(TrackingState), "TrackingState" },
        { typeof(OperationState), "OperationState" },
        { typeof(TimelineEntryKind), "TimelineEntryKind" },
        { typeof(InboundWebhookOutcome), "InboundWebhookOutcome" },
        { typeof(InboundWebhookRejection), "InboundWebhookRejection" },
        { typeof(ContextPatchMode), "ContextPatchMode" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void A_record_has_the_members_of_its_schema(Type record, string schema) =>
        Assert.Equal(OpenApiDocument.Properties(OpenApiDocument.Schema(schema)), Members(record));

    /// The document's `Event` union names one schema per type (its discriminator mapping); each typed class
    /// has the members of the schema of its type.
    [Fact]
    public void Every_event_class_has_the_members_of_its_type_in_the_Event_union()
    {
        var mapping = OpenApiDocument.Schema("Event").GetProperty("discriminator").GetProperty("mapping")
            .EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!.Split('/')[^1]);

        Assert.Equal(WebhookEvents.Types.Keys.Order(), mapping.Keys.Order());
        Assert.All(mapping, m => Assert.Equal(OpenApiDocument.Properties(OpenApiDocument.Schema(m.Value)),
            Members(WebhookEvents.Types[m.Key])));
    }

    [Fact]
    public void Event_data_has_the_members_of_the_thin_and_full_bodies()
    {
        var thin = Data("InterviewEventPayload");
        thin.UnionWith(Data("InterviewEventFullPayload"));
        Assert.Equal(thin, Members(typeof(InterviewEventData)));
        Assert.Equal(Data("SubscriptionEventPayload"), Members(typeof(SubscriptionEventData)));
        var detectedBy = OpenApiDocument.Schema("InterviewEventPayload").GetProperty("properties")
            .GetProperty("data").GetProperty("properties").GetProperty("detected_by");
        Assert.Equal(EnumValues(detectedBy), Wire(typeof(EventDetection)));
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void An_enum_has_the_values_of_its_schema(Type type, string schema) =>
        Assert.Equal(EnumValues(OpenApiDocument.Schema(schema)), Wire(type));

    private static SortedSet<string> Data(string payload) => OpenApiDocument.Properties(
        OpenApiDocument.Schema(payload).GetProperty("properties").GetProperty("data"));

    /// What goes on the wire: [JsonIgnore] conveniences (Operation.IsFinished) stay in the contract but are
    /// never read or written, so they are not members.
    private static SortedSet<string> Members(Type record) => new(ClientJson.Options.GetTypeInfo(record).Properties
        .Where(p => p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: false) != true)
        .Select(p => p.Name), StringComparer.Ordinal);

    private static SortedSet<string> Wire(Type type) => new(Enum.GetNames(type)
        .Select(n => JsonSerializer.Serialize(Enum.Parse(type, n), type, ClientJson.Options).Trim('"')),
        StringComparer.Ordinal);

    private static SortedSet<string> EnumValues(JsonElement schema) =>
        new(FindEnum(schema).EnumerateArray().Select(v => v.GetString()!), StringComparer.Ordinal);

    private static JsonElement FindEnum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? values
        : schema.TryGetProperty("$ref", out var reference)
            ? FindEnum(OpenApiDocument.Schema(reference.GetString()!.Split('/')[^1]))
        : schema.EnumerateObject().Where(p => p.Name is "oneOf" or "anyOf" or "allOf")
            .SelectMany(p => p.Value.EnumerateArray()).Select(FindEnum).First(e => e.ValueKind == JsonValueKind.Array);
}
