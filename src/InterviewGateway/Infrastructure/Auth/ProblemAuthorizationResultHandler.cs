using InterviewGateway.Infrastructure.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace InterviewGateway.Infrastructure.Auth;

/// 401 and 403 as problem+json; a 403 names the scope the key lacks.
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, 401, ProblemTypes.Unauthorized, "Unauthorized",
                "Send a valid API key as 'Authorization: Bearer <key>'.");
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var needed = authorizeResult.AuthorizationFailure?.FailedRequirements
                .OfType<ClaimsAuthorizationRequirement>().SelectMany(r => r.AllowedValues ?? []) ?? [];
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteAsync(context, 403, ProblemTypes.Forbidden, "Forbidden",
                $"This API key lacks the scope this operation needs: {string.Join(", ", needed)}.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private Task WriteAsync(HttpContext context, int status, string type, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
}
