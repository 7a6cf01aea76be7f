using System.Diagnostics.Metrics;
using System.Net;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.InstaView;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using InterviewGateway.Vendors.InstaView.Simulator;

namespace InterviewGateway.IntegrationTests.Budgets;

/// Webhook first, on the shared host: while polls take every token InstaView's budget (1,800 an hour and
/// no minute limit: about 30 a minute, as the stand-in) lets them, a pushed completion is fetched
/// by its webhook follow-up without waiting for a token and delivered as `detected_by: vendor_webhook`.
[Collection(GatewayCollection.Name)]
public sealed class WebhookPriorityTests
{
    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;
    private readonly InstaViewSimulator _simulator;

    public WebhookPriorityTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
        _client = factory.CreateClient(GatewayFactory.AllKey);
        _simulator = factory.InstaViewSendingToHost();
    }

    [Fact]
    public async Task A_pushed_completion_is_delivered_as_a_vendor_webhook_while_polls_saturate_the_budget()
    {
        using var spent = new MetricCollector<long>(
            _factory.Services.GetRequiredService<IMeterFactory>(),
            GatewayMetrics.MeterName,
            "gateway.vendor.budget.spent");
        var waitingMarks = new RedisKeys(_factory.KeyPrefix).BudgetBucket(InstaViewVendor.VendorKey.Value, "waiting");
        await _factory.Redis.Connection.GetDatabase().KeyDeleteAsync(waitingMarks);
        await using var subscriber = await TestSubscriber.StartAsync();
        await _client.SubscribeAsync(subscriber, """ "event_types":["interview.completed"],"vendors":["instaview"]""");
        var email = $"{Guid.NewGuid():N}@example.com";
        using var created = await _client.PostAsync("/v1/interviews", Infrastructure.Api.Json($$$"""
            {"vendor":"instaview","participant":{"name":"Jane Doe","email":"{{{email}}}"},
             "options":{"agentId":"agent-1"}}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var interview = await created.ReadJsonAsync();
        var id = interview.GetProperty("id").GetString()!;

        SetInstaViewBudget(perMinute: "0", perHour: "1800");
        using var stop = new CancellationTokenSource();
        Task? polls = null;
        try
        {
            // Polling at full stretch: a token at Poll priority whenever the budget would give one.
            var budget = _factory.Services.GetRequiredService<IVendorBudget>();
            polls = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await budget.TryAcquireAsync(
                        InstaViewVendor.VendorKey, BudgetPriority.Poll, CancellationToken.None);
                    await Task.Delay(5, CancellationToken.None);
                }
            });
            // Polls have had time to take every token the budget lets them: the steady saturated state.
            await Task.Delay(VendorBudgetInterval() * 2);
            var vendorId = interview.GetProperty("vendor_interview_id").GetString()!;
            await _simulator.CompleteAsync(vendorId, sendWebhook: true);
            var received = await subscriber.WaitForAsync(
                r => r.Any(d => d.InterviewId == id), TimeSpan.FromSeconds(10));
            var delivery = Assert.Single(received, d => d.InterviewId == id);
            Assert.True(delivery.SignatureValid);
            Assert.Equal("vendor_webhook", delivery.Json.GetProperty("data").GetProperty("detected_by").GetString());

            // The follow-up spent at webhook priority, and never had to wait for its token (a wait marks it).
            Assert.Contains(spent.GetMeasurementSnapshot(), m =>
                Equals(m.Tags["vendor"], "instaview") && Equals(m.Tags["priority"], "webhook"));
            var marked = await _factory.Redis.Connection.GetDatabase()
                .HashGetAsync(waitingMarks, (int)BudgetPriority.Webhook);
            Assert.True(marked.IsNull, $"the webhook follow-up waited for a token (marked until {marked})");
        }
        finally
        {
            await stop.CancelAsync();
            if (polls is not null)
            {
                await polls;
            }

            SetInstaViewBudget(perMinute: "600", perHour: "2000");
        }
    }

    private TimeSpan VendorBudgetInterval()
    {
        var options = _factory.Services.GetRequiredService<IOptionsMonitor<VendorOptions>>();
        return BudgetWindow.For(options.Get(InstaViewVendor.VendorKey.Value)).Max(w => w.Interval);
    }

    private void SetInstaViewBudget(string perMinute, string perHour)
    {
        var configuration = _factory.Services.GetRequiredService<IConfiguration>();
        configuration["Vendors:InstaView:RequestsPerMinute"] = perMinute;
        configuration["Vendors:InstaView:RequestsPerHour"] = perHour;
        _factory.Services.GetRequiredService<IOptionsMonitorCache<VendorOptions>>()
            .TryRemove(InstaViewVendor.VendorKey.Value);
    }
}
