using System.Net;
using System.Security.Claims;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Security;

/// Deny by default: every endpoint needs an API key unless it says AllowAnonymous, and the anonymous
/// ones are exactly this list. A route added later fails here until it is consciously listed (or guarded).
[Collection(GatewayCollection.Name)]
public sealed class AnonymousEndpointTests
{
    /// The whole anonymous surface (the shared host runs with the sandbox enabled), and why each is.
    private static readonly string[] Expected =
    [
        "* /health/live", // probes
        "* /health/ready",
        "GET /openapi/{documentName}.json", // the API's description, no data
        "* /hangfire/{**path}", // authenticated by the dashboard's own filter (Basic + subscriptions:manage key)
        "POST /v1/vendor-webhooks/{vendor}", // vendors authenticate by signature or token
        "POST /sandbox/webhook-receiver/{name}", // deliveries authenticate by signature; kept only when valid
        // The simulated vendor APIs authenticate with this deployment's random sandbox keys, like the vendors.
        "POST /sandbox/hindsight/api/v1/interviews",
        "GET /sandbox/hindsight/api/v1/interviews/{id}",
        "PATCH /sandbox/hindsight/api/v1/interviews/{id}",
        "GET /sandbox/userjourneys/api/v1/interviews",
        "GET /sandbox/userjourneys/api/v1/interviews/{id}",
        "PUT /sandbox/userjourneys/api/v1/webhooks",
        "POST /sandbox/instaview/v1/interviews",
        "GET /sandbox/instaview/v1/interviews",
        "GET /sandbox/instaview/v1/interviews/{id}",
        "POST /sandbox/instaview/v1/webhooks",
    ];

    private readonly GatewayFactory _factory;

    public AnonymousEndpointTests(GatewayFactory factory)
    {
        _factory = factory;
        factory.ResetForTest();
    }

    private IReadOnlyList<RouteEndpoint> Endpoints =>
        [.. _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    [Fact]
    public void The_anonymous_endpoints_are_exactly_the_listed_ones()
    {
        var anonymous = Endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(Describe).Order(StringComparer.Ordinal);
        Assert.Equal(Expected.Order(StringComparer.Ordinal), anonymous);
    }

    [Fact]
    public async Task Every_other_endpoint_refuses_a_request_without_a_key()
    {
        using var anonymous = _factory.CreateClient(apiKey: null);
        var guarded = Endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.True(guarded.Count >= 20, $"only {guarded.Count} guarded endpoints found");
        foreach (var endpoint in guarded)
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "GET" ? null : Infrastructure.Api.Json("{}"),
            };
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                $"{method} {path} answered {(int)response.StatusCode} without a key");
        }
    }

    [Fact]
    public async Task An_endpoint_that_names_no_policy_still_needs_an_authenticated_caller()
    {
        var provider = _factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var fallback = await provider.GetFallbackPolicyAsync();
        Assert.NotNull(fallback);
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "added later"));
        var service = _factory.Services.GetRequiredService<IAuthorizationService>();

        var nobody = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.False((await service.AuthorizeAsync(nobody, http, fallback)).Succeeded);
        var caller = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "all")], "ApiKey"));
        Assert.True((await service.AuthorizeAsync(caller, http, fallback)).Succeeded);
    }

    [Fact]
    public async Task A_vendor_key_on_an_anonymous_route_is_not_judged_as_a_gateway_key()
    {
        // The sandbox vendor APIs get the vendor's Bearer key from the gateway's own vendor clients; judging
        // it as a gateway key logged "ApiKey was not authenticated" for every sandbox vendor call.
        _factory.Logs.Clear();
        using var client = _factory.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/instaview/v1/interviews/x");
        request.Headers.Authorization = new("Bearer", "a-vendor-key-not-a-gateway-key");
        using var response = await client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain(_factory.Logs.Entries, e => e.Category.Contains("ApiKeyAuthentication",
            StringComparison.Ordinal));
    }

    private static string Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        var verbs = methods is { Count: > 0 } ? string.Join(",", methods) : "*";
        return $"{verbs} /{endpoint.RoutePattern.RawText!.TrimStart('/')}";
    }
}
