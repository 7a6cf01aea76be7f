using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.InstaView;
using Microsoft.Extensions.Options;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Tests.Vendors.InstaView;

public sealed class InstaViewWebhookRegistrarTests
{
    [Fact]
    public async Task Registers_the_dotted_events_and_the_token_header_and_returns_the_signing_secret()
    {
        var api = new RecordingApi();
        var registrar = Registrar(api, new InstaViewOptions { WebhookToken = "tok", CompanyId = "co-1" });

        var secret = await registrar.RegisterAsync(new Uri("https://gw.example.com/v1/vendor-webhooks/instaview"),
            CancellationToken.None);

        Assert.Equal(new string('a', 64), secret);
        var (request, company) = Assert.Single(api.Webhooks);
        Assert.Equal("https://gw.example.com/v1/vendor-webhooks/instaview", request.Url);
        Assert.Equal(["interview.started", "interview.completed", "interview.failed", "analysis.completed",
            "analysis.failed"], request.Events);
        Assert.Equal(new InstaViewHeader("X-Gateway-Token", "tok"), Assert.Single(request.Headers));
        Assert.Equal(("co-1", "co-1"), (request.CompanyId, company));
    }

    [Fact]
    public async Task Without_a_token_it_refuses_before_calling_the_vendor()
    {
        var api = new RecordingApi();
        var ex = await Assert.ThrowsAsync<ProblemException>(() =>
            Registrar(api, new InstaViewOptions()).RegisterAsync(new Uri("https://gw.example.com/x"),
            CancellationToken.None));
        Assert.Equal(422, ex.Status);
        Assert.Contains("Vendors:InstaView:WebhookToken", ex.Message, StringComparison.Ordinal);
        Assert.Empty(api.Webhooks);
    }

    private static InstaViewWebhookRegistrar Registrar(IInstaViewApi api, InstaViewOptions options)
    {
        var vendor = new InstaViewVendor();
        var catalog = new VendorCatalog(
            [new VendorDescriptor(vendor.Key, vendor.Capabilities)],
            new Monitor<VendorOptions>(new VendorOptions { BaseUrl = "https://api.instaview.sk", ApiKey = "sk_live" }),
            Options.Create(new SandboxOptions { Enabled = false }));
        return new InstaViewWebhookRegistrar(api, new Monitor<InstaViewOptions>(options), catalog, TimeProvider.System);
    }

    private sealed class Monitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private sealed class RecordingApi : IInstaViewApi
    {
        public List<(InstaViewWebhookRequest Request, string? Company)> Webhooks { get; } = [];

        public Task<JsonElement> CreateWebhookAsync(InstaViewWebhookRequest request, string? companyId,
            CancellationToken cancellationToken)
        {
            Webhooks.Add((request, companyId));
            return Task.FromResult(JsonDocument.Parse(
                $$$"""{"success":true,"data":{"id":"wh-1","signingSecret":"{{{new string('a', 64)}}}"}}""")
                    .RootElement.Clone());
        }

        public Task<JsonElement> GetInterviewAsync(string id, string? companyId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JsonElement> ListInterviewsAsync(string candidateId, int page, int limit, string? status,
            string? companyId, CancellationToken cancellationToken) =>
                throw new NotSupportedException();

        public Task<JsonElement> CreateInterviewAsync(InstaViewCreateRequest request, string? companyId,
            CancellationToken cancellationToken) =>
                throw new NotSupportedException();
    }
}
