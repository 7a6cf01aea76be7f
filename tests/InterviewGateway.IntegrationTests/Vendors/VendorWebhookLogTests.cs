using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.InstaView.Simulator;

// Not `.Vendors`: that namespace would shadow `Vendors.VendorOptions` as other test files spell it.
namespace InterviewGateway.IntegrationTests;

/// Every inbound vendor webhook request is in `GET /v1/vendor-webhooks`: rejected ones with their
/// reason and the hash and size of their body (never the body), and an accepted one can be replayed.
[Collection(GatewayCollection.Name)]
public sealed class VendorWebhookLogTests : GatewayTest
{
    private readonly InstaViewSimulator _simulator;
    private readonly string _since = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    public VendorWebhookLogTests(GatewayFactory factory)
        : base(factory) => _simulator = factory.InstaViewSendingToHost();

    [Fact]
    public async Task A_webhook_with_a_bad_signature_is_logged_as_rejected_with_its_reason_and_nothing_else_changes()
    {
        var vendorId = _simulator.Seed(status: "COMPLETED");
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"event":"interview.completed","deliveryId":"dlv_bad","data":{"interviewId":"{{{vendorId}}}"}}""");
        var status = await Factory.SendVendorWebhookAsync("instaview", body,
            new Dictionary<string, string> { [InstaViewWebhookReceiver.TokenHeader] = "not-the-token" }, default);
        Assert.Equal(401, status);

        var entry = Assert.Single(await ListAsync("outcome=rejected&vendor=instaview"));
        Assert.Equal("bad_signature", entry.GetProperty("reason").GetString());
        Assert.Equal(body.Length, entry.GetProperty("body_bytes").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), entry.GetProperty("body_sha256").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("vendor_interview_id").ValueKind);
        Assert.DoesNotContain(vendorId, entry.GetRawText(), StringComparison.Ordinal); // nothing of the body
        Assert.Matches("^[0-9a-f]{32}$", entry.GetProperty("trace_id").GetString());

        await Factory.WaitUntilIdleAsync(); // a follow-up accepted by mistake would have run by now
        Assert.Empty(await ListAsync("outcome=accepted"));
        Assert.Empty(await ListAsync("outcome=duplicate"));
        using var get = await Client.GetAsync($"/v1/interviews/instaview_{vendorId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(_simulator.Requests.Snapshot(), r => r.Path.Contains(vendorId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accepted_duplicate_unknown_vendor_and_malformed_requests_are_logged_newest_first_in_pages()
    {
        var vendorId = _simulator.Seed(status: "COMPLETED");
        var (first, deliveryId) = await _simulator.SendWebhookAsync(vendorId);
        var (again, _) = await _simulator.SendWebhookAsync(vendorId, deliveryId: deliveryId);
        var unknown = await Factory.SendVendorWebhookAsync("acme", "{}"u8.ToArray(), new Dictionary<string, string>(),
            default);
        var token = Factory.Services.GetRequiredService<SandboxCredentials>().WebhookSecret(InstaViewVendor.VendorKey);
        var malformed = await Factory.SendVendorWebhookAsync("instaview", "not json"u8.ToArray(),
            new Dictionary<string, string> { [InstaViewWebhookReceiver.TokenHeader] = token! }, default);
        Assert.Equal((202, 202, 404, 202), (first, again, unknown, malformed));

        var all = await ListAsync("");
        Assert.Equal(["rejected", "rejected", "duplicate", "accepted"],
            all.Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal(["malformed_body", "unknown_vendor"],
            all.Take(2).Select(e => e.GetProperty("reason").GetString()));
        Assert.Equal((JsonValueKind.Null, "/v1/vendor-webhooks/acme"),
            (all[1].GetProperty("vendor").ValueKind, all[1].GetProperty("path").GetString()));
        Assert.All(all.Skip(2), e => Assert.Equal(
            (vendorId, "interview.completed", JsonValueKind.Null),
            (e.GetProperty("vendor_interview_id").GetString(), e.GetProperty("event").GetString(),
                e.GetProperty("body_sha256").ValueKind)));

        // One at a time, following next_cursor, gives the same entries in the same order.
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Client.GetOkAsync($"/v1/vendor-webhooks?limit=1&since={Uri.EscapeDataString(_since)}"
                + (cursor is null ? "" : $"&cursor={cursor}"));
            paged.AddRange(page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), paged);
        var until = all[2].GetProperty("received_at").GetDateTimeOffset();
        var older = await ListAsync($"until={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}");
        Assert.Equal(all.Skip(2).Select(e => e.GetProperty("id").GetString()),
            older.TakeLast(2).Select(e => e.GetProperty("id").GetString()));
        Assert.All(older, e => Assert.True(e.GetProperty("received_at").GetDateTimeOffset() <= until));
    }

    [Fact]
    public async Task Replaying_an_accepted_webhook_reads_the_interview_from_the_vendor_again()
    {
        var vendorId = _simulator.Seed(status: "IN_PROGRESS");
        Assert.Equal(202, (await _simulator.SendWebhookAsync(vendorId, "interview.started")).Status);
        await WaitForVendorReadsAsync(vendorId, 1);
        var entry = Assert.Single(await ListAsync("outcome=accepted"));

        using var response = await Client.PostAsync(
            $"/v1/vendor-webhooks/{entry.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(vendorId, (await response.ReadJsonAsync()).GetProperty("vendor_interview_id").GetString());
        await WaitForVendorReadsAsync(vendorId, 2);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Only_an_accepted_webhook_about_an_interview_can_be_replayed()
    {
        await Factory.SendVendorWebhookAsync("acme", "{}"u8.ToArray(), new Dictionary<string, string>(), default);
        var rejected = Assert.Single(await ListAsync("outcome=rejected")).GetProperty("id").GetString();

        using var response = await Client.PostAsync($"/v1/vendor-webhooks/{rejected}/replay", null);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    private async Task<List<JsonElement>> ListAsync(string filters) =>
        [.. (await Client.GetOkAsync($"/v1/vendor-webhooks?limit=100&since={Uri.EscapeDataString(_since)}&{filters}"))
            .GetProperty("data").EnumerateArray()];

    private async Task WaitForVendorReadsAsync(string vendorId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_simulator.Requests.Snapshot().Count(r => r.Method == "GET"
            && r.Path.Contains(vendorId, StringComparison.Ordinal)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the vendor was not read {count} times");
            await Task.Delay(100);
        }
    }
}
