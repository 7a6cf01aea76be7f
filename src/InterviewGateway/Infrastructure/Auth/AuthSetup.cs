using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;

namespace InterviewGateway.Infrastructure.Auth;

internal static class AuthSetup
{
    public static void AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
        }

        // Deny by default: an endpoint that names no policy still needs a valid API key, unless it says
        // AllowAnonymous (health, vendor webhooks, OpenAPI, sandbox vendor APIs; see AnonymousEndpointTests).
        // Requests that match no endpoint (Swagger UI's static files, 404s) are not endpoints to guard.
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true
                || (c.Resource as HttpContext)?.GetEndpoint() is null)
            .Build());

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        AddDevelopmentKey(builder);
    }

    /// A newcomer in Development with no key configured gets one generated and printed once (to the
    /// console, not the log), so `dotnet run` is enough to try the API.
    private static void AddDevelopmentKey(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()
            || builder.Configuration.GetSection("Gateway:ApiKeys").GetChildren().Any())
        {
            return;
        }

        var key = "igw_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var settings = new Dictionary<string, string?> { ["Gateway:ApiKeys:development:Key"] = key };
        for (var i = 0; i < Scopes.All.Length; i++)
        {
            settings[$"Gateway:ApiKeys:development:Scopes:{i}"] = Scopes.All[i];
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddHostedService(sp => new DevelopmentKeyBanner(key,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
    }
}
