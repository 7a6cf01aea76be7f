using System.Net;
using InterviewGateway.Client;
using InterviewGateway.Client.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IInterviewGatewayClient"/>.</summary>
public static class InterviewGatewayClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInterviewGatewayClient"/> on a client from <see cref="IHttpClientFactory"/> with the
    /// standard resilience handler: retries of transient failures, 429 and 503 wait as Retry-After says, and
    /// only for requests that are safe to repeat (reads, deletes, and creates that carry an Idempotency-Key).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="InterviewGatewayClientOptions.BaseAddress"/> and
    /// <see cref="InterviewGatewayClientOptions.ApiKey"/>.</param>
    /// <returns>The HTTP client's builder (for a proxy or a test handler; do not add another resilience
    /// handler).</returns>
    public static IHttpClientBuilder AddInterviewGatewayClient(this IServiceCollection services,
        Action<InterviewGatewayClientOptions> configure)
    {
        services.AddOptions<InterviewGatewayClientOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "BaseAddress must be an absolute URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "ApiKey is required.")
            .Validate(o => o.Timeout >= TimeSpan.FromSeconds(3), "Timeout must be at least 3 seconds.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<ApiKeyHandler>();
        services.TryAddTransient<IInterviewGatewayClient, InterviewGatewayClient>();

        var builder = services
            .AddRefitGeneratedClient<IGatewayApi>(provider => Settings(provider.GetRequiredService<TimeProvider>()))
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<InterviewGatewayClientOptions>>()
                    .Value.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's total timeout owns this
            })
            .AddHttpMessageHandler<ApiKeyHandler>();
        builder.AddStandardResilienceHandler().Configure((resilience, provider) =>
            Configure(resilience, provider.GetRequiredService<IOptions<InterviewGatewayClientOptions>>().Value));
        return builder;
    }

    // Errors are read after the whole HTTP pipeline (retries included); Refit throws what the factory returns.
    private static RefitSettings Settings(TimeProvider time) =>
        new(new SystemTextJsonContentSerializer(ClientJson.Options))
    {
        UrlParameterFormatter = new QueryFormatter(),
        ExceptionFactory = async response => response.IsSuccessStatusCode
            ? null
            : await ProblemReader.ToExceptionAsync(response, time.GetUtcNow(), CancellationToken.None)
                .ConfigureAwait(false),
    };

    private static void Configure(HttpStandardResilienceOptions resilience, InterviewGatewayClientOptions options)
    {
        resilience.TotalRequestTimeout.Timeout = options.Timeout;
        resilience.AttemptTimeout.Timeout = options.Timeout / 3;
        resilience.CircuitBreaker.SamplingDuration = Max(resilience.CircuitBreaker.SamplingDuration,
            resilience.AttemptTimeout.Timeout * 2);
        var longestWait = options.Timeout / 2;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
            HttpClientResiliencePredicates.IsTransient(args.Outcome)
            && SafeToRepeat(args.Context.GetRequestMessage(), args.Outcome.Result)
            && !(args.Outcome.Result?.Headers.RetryAfter?.Delta > longestWait));
    }

    /// A request is repeated only when a second copy cannot do anything twice: reads and deletes, creates
    /// that carry an Idempotency-Key (the gateway replays the first answer), and anything the gateway
    /// refused before handling it (429).
    private static bool SafeToRepeat(HttpRequestMessage? request, HttpResponseMessage? response) =>
        response?.StatusCode == HttpStatusCode.TooManyRequests
        || (request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete
            || request.Headers.Contains("Idempotency-Key")));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
