using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Simulation;

/// The vendors' side of the wire: the vendor host's simulators (the same singletons, the same routes under
/// `/sandbox/{vendor}`) behind routing alone. The vendor host's own gateway pipeline (exception handler,
/// authentication of gateway keys, caller rate limit, OpenAPI UI, ...) is not the vendors' behaviour and
/// cost about as much as the simulators themselves on every vendor call; the gateway instances' side
/// (Refit, resilience, VendorGateHandler) is untouched. A simulator that throws answers 500, as the
/// vendor host's exception handler did.
internal sealed class VendorWire : HttpMessageHandler
{
    private readonly RequestDelegate _pipeline;
    private readonly IServiceScopeFactory _scopes;

    public VendorWire(IServiceProvider vendorHost)
    {
        _scopes = vendorHost.GetRequiredService<IServiceScopeFactory>();
        var app = new ApplicationBuilder(vendorHost);
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            foreach (var simulator in vendorHost.GetServices<IVendorSandbox>())
            {
                simulator.Map(endpoints.MapGroup($"/sandbox/{simulator.Key.Value}"));
            }
        });
        _pipeline = app.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var uri = request.RequestUri ?? throw new InvalidOperationException("no request URI");
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = request.Method.Method;
        http.Request.Scheme = uri.Scheme;
        http.Request.Host = new HostString(uri.Authority);
        http.Request.Path = uri.AbsolutePath;
        http.Request.QueryString = new QueryString(uri.Query);
        foreach (var (name, values) in request.Headers)
        {
            http.Request.Headers[name] = values.ToArray();
        }

        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers)
            {
                http.Request.Headers[name] = values.ToArray();
            }

            var body = await content.ReadAsByteArrayAsync(cancellationToken);
            http.Request.Body = new MemoryStream(body);
            http.Request.ContentLength = body.Length;
        }

        var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        http.RequestAborted = cancellationToken;
        try
        {
            await _pipeline(http);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            responseBody.SetLength(0);
        }

        var response = new HttpResponseMessage((System.Net.HttpStatusCode)http.Response.StatusCode)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(responseBody.ToArray()),
        };
        foreach (var (name, values) in http.Response.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                response.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return response;
    }
}
