using System.Text.Json;
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
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Api;

/// Inbound vendor webhooks: the door of the Inbound room (verify, dedupe, record, answer 202 once durable;
/// the follow-up runs on its queue), and the registration of the gateway's webhook URL at a vendor.
internal static class VendorWebhookEndpoints
{
    public static void MapVendorWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/vendor-webhooks/{vendor}",
            ReceiveAsync).WithName("ReceiveVendorWebhook").WithTags("Vendor webhooks")
            .WithSummary("Receive a vendor's webhook (authenticated by its signature or token, not an API key)")
            .AllowAnonymous()
            .Accepts<JsonElement>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
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
        [Description(VendorPlaceholders.WebhookIds), DocumentedAs(ParameterKind.WebhookVendor)] string vendor,
        HttpRequest request, InboundWebhooks inbound, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, await inbound.ReceiveAsync(vendor, request, cancellationToken));

    private static WebhookRegistrationResponse RegistrationExample(string vendor) =>
        new(vendor, $"https://gateway.example.com/v1/vendor-webhooks/{vendor}", true);

    internal static async Task<Ok<WebhookRegistrationResponse>> RegisterAsync(
        [Description(VendorPlaceholders.WebhookIds), DocumentedAs(ParameterKind.WebhookVendor)] string vendor,
        VendorCatalog catalog, IServiceProvider services,
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
}
