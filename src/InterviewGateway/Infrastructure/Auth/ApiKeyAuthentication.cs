using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Infrastructure.Auth;

/// `Authorization: Bearer <key>` against `Gateway:ApiKeys`. Keys are compared as SHA-256 digests with
/// FixedTimeEquals, so neither length nor content leaks through timing; the key itself is never logged.
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Anonymous routes ignore credentials: the Bearer key a vendor client sends to its sandbox API is the
        // vendor's, not a gateway key, and judging it logged "ApiKey was not authenticated" (Information) for
        // every sandbox vendor call.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Match(gateway.CurrentValue, header["Bearer ".Length..].Trim()) is var (name, key))
        {
            var claims = key.Scopes.Select(s => new Claim(ScopeClaim, s)).Append(new Claim(ClaimTypes.Name, name));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }

        return Task.FromResult(AuthenticateResult.Fail("Unknown API key"));
    }

    /// The configured key a presented secret matches, compared as SHA-256 digests in constant time.
    public static (string Name, ApiKeyOptions Key)? Match(GatewayOptions options, string presentedKey)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        foreach (var (name, key) in options.ApiKeys)
        {
            if (key.Key is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(presented,
                SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                return (name, key);
            }
        }

        return null;
    }
}
