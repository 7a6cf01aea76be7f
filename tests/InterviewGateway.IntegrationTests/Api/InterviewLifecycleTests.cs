using System.Globalization;
using System.Net;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.Hindsight.Simulator;

namespace InterviewGateway.IntegrationTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class InterviewLifecycleTests
{
    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;

    public InterviewLifecycleTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
        _client = factory.CreateClient(GatewayFactory.AllKey);
    }

    [Fact]
    public async Task Create_returns_201_with_location_and_the_invited_interview()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        using var response = await _client.PostAsync("/v1/interviews",
            Infrastructure.Api.Json(Infrastructure.Api.CreateBody(email, "Jane Doe")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/interviews/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("hindsight", body.GetProperty("vendor").GetString());
        Assert.Equal("hindsight_" + body.GetProperty("vendor_interview_id").GetString(), id);
        Assert.Equal("invited", body.GetProperty("status").GetString());
        Assert.Equal("sent", body.GetProperty("vendor_status").GetString());
        Assert.Equal(email, body.GetProperty("participant").GetProperty("email").GetString());
        Assert.Equal("Jane Doe", body.GetProperty("participant").GetProperty("name").GetString());
        Assert.StartsWith("contact_", body.GetProperty("participant").GetProperty("vendor_participant_id").GetString());
        Assert.StartsWith("https://app.usehindsight.com/survey?token=", body.GetProperty("interview_url").GetString());
        Assert.False(body.GetProperty("transcript_available").GetBoolean());
        Assert.Equal("Acme", body.GetProperty("context").GetProperty("deal").GetString());

        var fetched = await _client.GetOkAsync($"/v1/interviews/{id}");
        Assert.Equal(id, fetched.GetProperty("id").GetString());
        Assert.Equal("invited", fetched.GetProperty("status").GetString());
        Assert.Equal(email, fetched.GetProperty("participant").GetProperty("email").GetString());
        Assert.False(fetched.TryGetProperty("vendor_data", out _));
        var withRaw = await _client.GetOkAsync($"/v1/interviews/{id}?include=vendor_data");
        Assert.Equal("sent", withRaw.GetProperty("vendor_data").GetProperty("status").GetString());
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Patch_forwards_name_objective_and_context_to_the_vendor_and_merges_metadata()
    {
        var created = await _client.CreateInterviewAsync(metadata: """{"team":"sales","remove_me":"x"}""");
        var id = created.GetProperty("id").GetString()!;
        var vendorId = created.GetProperty("vendor_interview_id").GetString()!;
        var patchesBefore = VendorPatches(vendorId);

        var patched = await _client.PatchOkAsync($"/v1/interviews/{id}", """
            {"participant":{"name":"Janet"},"objective":"Why did we win?","context":{"stage":"closed"},
             "metadata":{"remove_me":null,"added":"1"}}
            """);
        Assert.Equal("Janet", patched.GetProperty("participant").GetProperty("name").GetString());
        Assert.Equal("Why did we win?", patched.GetProperty("objective").GetString());
        Assert.Equal("""{"stage":"closed"}""", patched.GetProperty("context").GetRawText());
        Assert.Equal("""{"added":"1","team":"sales"}""", Canonical(patched.GetProperty("metadata")));
        Assert.Equal(patchesBefore + 1, VendorPatches(vendorId));

        var merged = await _client.PatchOkAsync($"/v1/interviews/{id}",
            """{"context":{"region":"EU"},"context_mode":"merge"}""");
        Assert.Equal("closed", merged.GetProperty("context").GetProperty("stage").GetString());
        Assert.Equal("EU", merged.GetProperty("context").GetProperty("region").GetString());

        var replaced = await _client.PatchOkAsync($"/v1/interviews/{id}",
            """{"context":"plain notes","context_mode":"replace"}""");
        Assert.Equal("plain notes", replaced.GetProperty("context").GetString());
        Assert.Equal(patchesBefore + 3, VendorPatches(vendorId));

        // Metadata alone never reaches the vendor.
        var metaOnly = await _client.PatchOkAsync($"/v1/interviews/{id}", """{"metadata":{"team":null}}""");
        Assert.Equal("""{"added":"1"}""", Canonical(metaOnly.GetProperty("metadata")));
        Assert.Equal(patchesBefore + 3, VendorPatches(vendorId));

        // The vendor really holds the new objective: a refresh reads it back from the simulator.
        var refreshed = await _client.GetOkAsync($"/v1/interviews/{id}?refresh=true");
        Assert.Equal("Why did we win?", refreshed.GetProperty("objective").GetString());
        Assert.Equal("Janet", refreshed.GetProperty("participant").GetProperty("name").GetString());
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Refresh_after_completion_exposes_the_transcript_in_every_format()
    {
        var created = await _client.CreateInterviewAsync(name: "Jane Doe");
        var id = created.GetProperty("id").GetString()!;
        var vendorId = long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture);
        using (var early = await _client.GetAsync($"/v1/interviews/{id}/transcript"))
        {
            await early.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        var completedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        _factory.Simulator.CompleteAt(vendorId, completedAt);

        var stale = await _client.GetOkAsync($"/v1/interviews/{id}");
        Assert.Equal("invited", stale.GetProperty("status").GetString());
        var refreshed = await _client.GetOkAsync($"/v1/interviews/{id}?refresh=true");
        Assert.Equal("completed", refreshed.GetProperty("status").GetString());
        Assert.Equal("invited", refreshed.GetProperty("previous_status").GetString());
        Assert.True(refreshed.GetProperty("transcript_available").GetBoolean());
        var reportedCompletion = refreshed.GetProperty("completed_at").GetDateTimeOffset();
        Assert.True(Math.Abs((reportedCompletion - completedAt).TotalSeconds) < 1,
            $"completed_at {reportedCompletion:O} vs {completedAt:O}");
        Assert.Equal("stopped", refreshed.GetProperty("tracking").GetProperty("state").GetString());

        var transcript = await _client.GetOkAsync($"/v1/interviews/{id}/transcript");
        Assert.Equal(id, transcript.GetProperty("interview_id").GetString());
        var turns = transcript.GetProperty("turns").EnumerateArray().ToArray();
        Assert.Equal(6, turns.Length);
        Assert.Equal("interviewer", turns[0].GetProperty("speaker").GetString());
        Assert.Equal("Paige", turns[0].GetProperty("name").GetString());
        Assert.Equal("participant", turns[1].GetProperty("speaker").GetString());
        Assert.Equal("Jane Doe", turns[1].GetProperty("name").GetString());
        Assert.Equal(
            "Happy to help. We looked at three vendors over about six weeks.\n"
            + "Pricing was the deciding factor in the end.",
            turns[1].GetProperty("text").GetString());

        using var markdown = await _client.GetAsync($"/v1/interviews/{id}/transcript?format=markdown");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HindsightSimulator.SampleTranscript("Jane Doe"), await markdown.Content.ReadAsStringAsync());

        using var text = await _client.GetAsync($"/v1/interviews/{id}/transcript?format=text");
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        var plain = await text.Content.ReadAsStringAsync();
        Assert.StartsWith("Paige: Thanks for taking the time today.", plain, StringComparison.Ordinal);
        Assert.Contains("\nJane Doe: A usage-based tier", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("**", plain, StringComparison.Ordinal);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task List_walks_every_page_with_limit_1_and_filters()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await _client.CreateInterviewAsync()).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _client.GetOkAsync("/v1/interviews?limit=1" + (cursor is null ? "" : "&cursor=" + cursor));
            var data = page.GetProperty("data").EnumerateArray().ToArray();
            Assert.True(data.Length <= 1);
            seen.AddRange(data.Select(d => d.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            Assert.True(++pages < 1000, "paging does not terminate");
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(mine, id => Assert.Contains(id, seen));
        // Newest first: the last created of mine comes before the first.
        Assert.True(seen.IndexOf(mine[2]) < seen.IndexOf(mine[0]));
        var all = await _client.GetOkAsync("/v1/interviews?limit=100");
        Assert.True(all.GetProperty("data").GetArrayLength() >= 3);

        var after = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var filtered =
            await ListAllAsync($"/v1/interviews?vendor=hindsight&status=invited&updated_after={after}&limit=100");
        Assert.All(mine, id => Assert.Contains(filtered, f => f.GetProperty("id").GetString() == id));
        Assert.All(filtered, f =>
        {
            Assert.Equal("invited", f.GetProperty("status").GetString());
            Assert.True(f.GetProperty("updated_at").GetDateTimeOffset() > since);
        });

        var completedOnly = await ListAllAsync("/v1/interviews?status=completed&limit=100");
        Assert.DoesNotContain(completedOnly, f => mine.Contains(f.GetProperty("id").GetString()!));
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        var future = await _client.GetOkAsync($"/v1/interviews?updated_after={tomorrow:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        Assert.Equal(0, future.GetProperty("data").GetArrayLength());

        using var bad = await _client.GetAsync("/v1/interviews?cursor=not-a-cursor");
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation", "cursor");
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Track_answers_201_then_200_and_rejects_bad_or_unknown_ids()
    {
        // An interview that exists at the vendor but is not tracked: create it, then stop tracking it.
        var created = await _client.CreateInterviewAsync();
        var id = created.GetProperty("id").GetString()!;
        var vendorId = created.GetProperty("vendor_interview_id").GetString()!;
        using (var deleted = await _client.DeleteAsync($"/v1/interviews/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var body = $$$"""{"vendor":"hindsight","vendor_interview_id":"{{{vendorId}}}","metadata":{"source":"crm"}}""";
        using var first = await _client.PostAsync("/v1/interviews/track", Infrastructure.Api.Json(body));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/v1/interviews/{id}", first.Headers.Location?.OriginalString);
        var tracked = await first.ReadJsonAsync();
        Assert.Equal("invited", tracked.GetProperty("status").GetString());
        Assert.Equal("crm", tracked.GetProperty("metadata").GetProperty("source").GetString());

        using var second = await _client.PostAsync("/v1/interviews/track", Infrastructure.Api.Json(body));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await second.ReadJsonAsync()).GetProperty("id").GetString());

        using var badId = await _client.PostAsync("/v1/interviews/track",
            Infrastructure.Api.Json("""{"vendor":"hindsight","vendor_interview_id":"abc"}"""));
        await badId.AssertProblemAsync(HttpStatusCode.BadRequest, "validation", "vendor_interview_id");

        using var unknown = await _client.PostAsync("/v1/interviews/track",
            Infrastructure.Api.Json("""{"vendor":"hindsight","vendor_interview_id":"999999999"}"""));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var notTracked = await _client.GetAsync("/v1/interviews/hindsight_999999999");
        Assert.Equal(HttpStatusCode.NotFound, notTracked.StatusCode);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Delete_answers_204_and_the_interview_is_gone()
    {
        var id = (await _client.CreateInterviewAsync()).GetProperty("id").GetString()!;
        using var deleted = await _client.DeleteAsync($"/v1/interviews/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var get = await _client.GetAsync($"/v1/interviews/{id}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var again = await _client.DeleteAsync($"/v1/interviews/{id}");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var all = await ListAllAsync("/v1/interviews?limit=100");
        Assert.DoesNotContain(all, i => i.GetProperty("id").GetString() == id);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Vendors_lists_hindsight_in_sandbox_with_its_budgets()
    {
        using var reader = _factory.CreateClient(GatewayFactory.ReadKey);
        var vendors = await reader.GetOkAsync("/v1/vendors");
        var hindsight =
            vendors.GetProperty("data").EnumerateArray().Single(v =>
                v.GetProperty("vendor").GetString() == "hindsight");
        Assert.True(hindsight.GetProperty("configured").GetBoolean());
        Assert.True(hindsight.GetProperty("sandbox").GetBoolean());
        Assert.True(hindsight.GetProperty("capabilities").GetProperty("create").GetBoolean());
        var minute =
            hindsight.GetProperty("budgets").EnumerateArray().Single(b =>
                b.GetProperty("window").GetString() == "minute");
        Assert.Equal(600, minute.GetProperty("limit").GetInt32());

        // The polling plan: tracked interviews by age and the cadence the budget allows each tier.
        var created = await _client.CreateInterviewAsync();
        vendors = await reader.GetOkAsync("/v1/vendors");
        hindsight =
            vendors.GetProperty("data").EnumerateArray().Single(v =>
                v.GetProperty("vendor").GetString() == "hindsight");
        var tiers = hindsight.GetProperty("polling").EnumerateArray().ToList();
        Assert.Equal(["first_day", "first_week", "older"], tiers.Select(t => t.GetProperty("age").GetString()));
        Assert.Equal(300, tiers[0].GetProperty("wanted_seconds").GetDouble());
        Assert.True(tiers[0].GetProperty("effective_seconds").GetDouble() >= 300);
        Assert.Equal(JsonValueKind.String, created.GetProperty("id").ValueKind);
    }

    private int VendorPatches(string vendorId) =>
        _factory.Simulator.Requests.Snapshot().Count(r => r.Method == "PATCH"
        && r.Path == $"/sandbox/hindsight/api/v1/interviews/{vendorId}");

    private async Task<List<JsonElement>> ListAllAsync(string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _client.GetOkAsync(url + (cursor is null ? "" : "&cursor=" + cursor));
            items.AddRange(page.GetProperty("data").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    private static string Canonical(JsonElement map) =>
        JsonSerializer.Serialize(map.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => p.Value.GetString()));
}
