using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace InterviewGateway.IntegrationTests.Api;

/// Operators' surfaces: the Hangfire dashboard's auth and the gateway's own metrics.
[Collection(GatewayCollection.Name)]
public sealed class OperationsTests(GatewayFactory factory)
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(GatewayFactory.ReadKey, HttpStatusCode.Unauthorized)]
    [InlineData("igw_not_a_configured_key_000", HttpStatusCode.Unauthorized)]
    [InlineData(GatewayFactory.AllKey, HttpStatusCode.OK)]
    public async Task The_hangfire_dashboard_wants_basic_auth_with_a_subscriptions_manage_key(string? password,
        HttpStatusCode expected)
    {
        using var client = factory.CreateClient((string?)null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + password)));
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Delivery_attempts_and_vendor_requests_are_counted_in_the_gateway_meter()
    {
        var meters = factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var attempts = new MetricCollector<long>(meters, GatewayMetrics.MeterName, "gateway.delivery.attempts");
        using var vendorRequests = new MetricCollector<long>(meters, GatewayMetrics.MeterName,
            "gateway.vendor.requests");
        await using var subscriber = await TestSubscriber.StartAsync();
        using var client = factory.CreateClient(GatewayFactory.AllKey);
        var subscription = await client.SubscribeAsync(subscriber);

        using var test = await client.PostAsync($"/v1/subscriptions/{subscription}/test",
            Infrastructure.Api.Json("{}"));
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        await client.CreateInterviewAsync();
        await client.DeleteAsync($"/v1/subscriptions/{subscription}");

        Assert.Contains(attempts.GetMeasurementSnapshot(), m => m.Value == 1 && Equals(m.Tags["outcome"], "succeeded"));
        Assert.Contains(vendorRequests.GetMeasurementSnapshot(), m => Equals(m.Tags["vendor"], "hindsight")
            && Equals(m.Tags["status_code"], 201));
    }
}
