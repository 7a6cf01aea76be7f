using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.Http;

namespace InterviewGateway.Simulation;

/// Fakes the wire below the real HTTP clients, as the integration tests do: vendor clients reach the
/// shared vendor host's simulators (through VendorWire, every request observed), simulators'
/// webhooks go to the simulation's router, deliveries go to the simulated subscribers. Any other client
/// fails.
internal sealed class Wiring(
    Func<HttpMessageHandler> vendors, Action<VendorRequest> observe, Func<HttpRequestMessage, Task<HttpResponseMessage>>
        webhooks, Func<HttpRequestMessage, Task<HttpResponseMessage>> subscribers, TimeProvider vendorClock)
    : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        var name = builder.Name ?? "";
        builder.PrimaryHandler = name switch
        {
            _ when name.StartsWith("vendor:", StringComparison.Ordinal) =>
                new ObservedHandler(vendors(), name["vendor:".Length..], observe, vendorClock),
            SandboxCallbacks.ClientName => new Answering(webhooks),
            WebhookSender.HttpClientName => new Answering(subscribers),
            _ => new Answering(_ => throw new InvalidOperationException($"Unexpected HTTP client '{name}'")),
        };
    };

    private sealed class Answering(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken) => answer(request);
    }

    private sealed class ObservedHandler(HttpMessageHandler inner, string vendor, Action<VendorRequest> observe,
        TimeProvider clock) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            observe(new VendorRequest(vendor, clock.GetUtcNow(), request.Method.Method,
                request.RequestUri?.AbsolutePath ?? "", (int)response.StatusCode));
            return response;
        }
    }
}

internal sealed record VendorRequest(string Vendor, DateTimeOffset At, string Method, string Path, int Status)
{
    public bool RateLimited => Status == (int)HttpStatusCode.TooManyRequests;
}
