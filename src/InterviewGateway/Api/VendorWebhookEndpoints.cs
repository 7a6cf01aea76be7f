using System.ComponentModel;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;
using InterviewGateway.Timeline;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Api;

/// Inbound vendor webhooks (contract section 8): authenticate against the raw bytes, dedupe, record,
/// answer 202 at once and follow up in a Hangfire job (enqueued by WebhookFollowUpPump).
internal static partial class VendorWebhookEndpoints
{
    public static void MapVendorWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/vendor-webhooks/{vendor}",
            ReceiveAsync).WithName("ReceiveVendorWebhook").WithTags("Vendor webhooks")
            .WithSummary("Receive a vendor's webhook (authenticated by its signature or token, not an API key)")
            .AllowAnonymous()
            .Accepts<object>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithExamples(new { @event = "interview.completed", interview_id = "a1b2c3d4-5678-90ab-cdef-111111111111" },
                new WebhookAcceptedResponse(true, false));
        app.MapGroup("/v1/vendors").WithTags("Vendors").WithStandardProblems()
            .MapPost("/{vendor}/webhook-registration", RegisterAsync).WithName("RegisterVendorWebhook")
            .WithSummary("Register the gateway's webhook URL at the vendor and store the signing secret it returns")
            .RequireAuthorization(Scopes.SubscriptionsManage).WithVendorProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(catalog => RegistrationExample(catalog.All.First(v => v.Capabilities.Webhooks).Key.Value));
    }

    internal static async Task<Accepted<WebhookAcceptedResponse>> ReceiveAsync(
        [Description(VendorPlaceholders.WebhookIds)] string vendor, HttpRequest request, IServiceProvider services,
        IInboundWebhookLog log, TimelineRecorder timeline, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var entry = await DecideAsync(vendor, request.Headers, body, services, cancellationToken);
        entry = await log.RecordAsync(entry, cancellationToken); // the one writer of the inbound log
        if (entry is { Vendor: { } known, VendorInterviewId: { } vendorInterviewId })
        {
            await timeline.InboundWebhookAsync(Interview.MakeId(known, vendorInterviewId), entry.Id,
                QueryParsing.Wire(entry.Outcome));
        }

        return entry switch
        {
            { Reason: InboundWebhookRejection.UnknownVendor } =>
                throw ProblemException.NotFound($"No vendor '{vendor}' sends webhooks to this gateway."),
            { Reason: InboundWebhookRejection.BadSignature or InboundWebhookRejection.NotConfigured } =>
                throw new ProblemException(401, ProblemTypes.Unauthorized, "Unauthorized",
                    "The webhook's signature or token did not verify (or nothing is configured to verify it with)."),
            _ => TypedResults.Accepted((string?)null,
                new WebhookAcceptedResponse(true, entry.Outcome == InboundWebhookOutcome.Duplicate)),
        };
    }

    /// Authenticates, dedupes and owes the follow-up; returns what the log records about the request.
    private static async Task<InboundWebhook> DecideAsync(string vendor, IHeaderDictionary headers, byte[] body,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<VendorCatalog>().TryGet(vendor, out var descriptor)
            || !descriptor.Capabilities.Webhooks
            || services.GetKeyedService<IVendorWebhookReceiver>(vendor) is not { } receiver)
        {
            return InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Rejected,
                InboundWebhookRejection.UnknownVendor);
        }

        var verdict = await receiver.VerifyAsync(headers, body, cancellationToken);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VendorWebhookEndpoints));
        if (verdict.Auth != WebhookAuth.Valid)
        {
            Log.Rejected(logger, vendor, verdict.Auth.ToString());
            return InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Rejected,
                verdict.Auth == WebhookAuth.NotConfigured ? InboundWebhookRejection.NotConfigured
                    : InboundWebhookRejection.BadSignature);
        }

        if (verdict.Malformed || verdict.VendorInterviewId is null)
        {
            return verdict.Malformed
                ? InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Rejected, InboundWebhookRejection.MalformedBody)
                : InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Accepted, eventName: verdict.EventName);
        }

        var deliveryKey = verdict.DeliveryKey ?? $"{verdict.VendorInterviewId}:{verdict.EventName}";
        // The mark is also the record of the delivery: when it came and what it was about.
        var record = System.Text.Json.JsonSerializer.Serialize(new
        {
            received_at = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            interview_id = verdict.VendorInterviewId, @event = verdict.EventName,
        });
        // The mark and the owed follow-up are one write: no crash can leave a mark without its follow-up,
        // which would answer the vendor's retry as a duplicate. No synchronous Redis call on this path.
        var mark = services.GetRequiredService<RedisKeys>().VendorWebhookSeen(vendor, deliveryKey);
        var accepted = await services.GetRequiredService<IWebhookFollowUps>().AcceptAsync(mark, record,
            services.GetRequiredService<RetentionOptions>().VendorWebhookDedupe, vendor, verdict.VendorInterviewId,
            cancellationToken);
        if (accepted)
        {
            // The follow-up continues this request's trace (one trace per completion).
            await services.GetRequiredService<IKeyValueStore>().SetAsync(
                services.GetRequiredService<RedisKeys>().FollowUpTrace(vendor, verdict.VendorInterviewId),
                GatewayActivity.TraceParent ?? "", TimeSpan.FromDays(1), cancellationToken);
            Log.Accepted(logger, vendor, verdict.VendorInterviewId, verdict.EventName ?? "-");
        }

        return InboundWebhook.Of(vendor, body, accepted ? InboundWebhookOutcome.Accepted
            : InboundWebhookOutcome.Duplicate, null, verdict.EventName, verdict.VendorInterviewId);
    }

    private static WebhookRegistrationResponse RegistrationExample(string vendor) =>
        new(vendor, $"https://gateway.example.com/v1/vendor-webhooks/{vendor}", true);

    internal static async Task<Ok<WebhookRegistrationResponse>> RegisterAsync(
        [Description(VendorPlaceholders.WebhookIds)] string vendor, VendorCatalog catalog, IServiceProvider services,
        VendorSecrets secrets, IOptions<GatewayOptions> gateway, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(vendor, out var descriptor))
        {
            throw ProblemException.NotFound($"No vendor '{vendor}'.");
        }

        if (services.GetKeyedService<IVendorWebhookRegistrar>(vendor) is not { } registrar)
        {
            throw ProblemException.Unsupported($"{descriptor.Key.DisplayName} has no webhooks to register.");
        }

        if (gateway.Value.PublicBaseUrl is not { Length: > 0 } baseUrl)
        {
            throw ProblemException.Unsupported(
                "Set Gateway:PublicBaseUrl to the gateway's public URL first; the vendor must be able to reach it.");
        }

        var url = new Uri($"{baseUrl.TrimEnd('/')}/v1/vendor-webhooks/{vendor}");
        var secret = await registrar.RegisterAsync(url, cancellationToken);
        if (secret is not null)
        {
            await secrets.SaveAsync(descriptor.Key, secret, cancellationToken);
        }

        return TypedResults.Ok(new WebhookRegistrationResponse(vendor, url.ToString(), secret is not null));
    }

    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "Accepted {Vendor} webhook for {VendorInterviewId} ({EventName})")]
        public static partial void Accepted(ILogger logger, string vendor, string vendorInterviewId, string eventName);

        [LoggerMessage(6101, LogLevel.Warning, "Rejected a {Vendor} webhook: {Reason}")]
        public static partial void Rejected(ILogger logger, string vendor, string reason);
    }
}
