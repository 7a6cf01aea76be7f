using System.Text.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Vendors.UserJourneys;

public sealed class UserJourneysReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryKeyValueStore _cursors = new(TimeProvider.System);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// A month after the first interview: every list below is older than the reconciler's look-back.
    private FakeTimeProvider _time = new(Start.AddDays(30));

    [Fact]
    public async Task Pages_each_study_with_the_last_id_as_cursor_while_it_finds_unknown_interviews()
    {
        var api = new ListApi(newestFirst: true, pageSize: 1);
        api.Complete("s1", 3);
        api.Complete("s2", 3);

        var ids = await PassAsync(api, "s1", "s2");

        Assert.Equal(["s1-3", "s1-2", "s1-1", "s2-3", "s2-2", "s2-1"], ids);
        Assert.Equal(
            [("s1", null), ("s1", "s1-3"), ("s1", "s1-2"), ("s2", null), ("s2", "s2-3"), ("s2", "s2-2")],
            api.Calls.Select(c => (c.Study, c.After)));
        Assert.All(api.Calls, c => Assert.Equal(("completed", 100), (c.Status, c.Limit)));
    }

    [Fact]
    public async Task Stops_after_the_page_cap_so_one_pass_cannot_drain_the_budget()
    {
        var api = new ListApi(newestFirst: true, pageSize: 1);
        api.Complete("s1", 1000);

        var ids = await PassAsync(api, "s1");

        Assert.Equal(UserJourneysReconciler.MaxPagesPerStudy, api.Calls.Count);
        Assert.Equal(UserJourneysReconciler.MaxPagesPerStudy, ids.Count);
    }

    [Fact]
    public async Task Without_studies_nothing_is_listed()
    {
        var api = new ListApi(newestFirst: true);
        api.Complete("s1", 1);

        Assert.Empty(await PassAsync(api));
        Assert.Empty(api.Calls);
    }

    /// The list order is undocumented (vendor-docs 004). Past 1,000 completed interviews in a study, a
    /// reconciler that reads 10 pages from the start of an oldest-first list never sees a new one, and one
    /// that always reads 10 pages spends 10 requests per study on every idle pass (every 15 minutes).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Past_1000_completed_interviews_an_idle_pass_costs_one_request_and_a_new_completion_is_found(
        bool newestFirst)
    {
        var api = new ListApi(newestFirst);
        _known.UnionWith(api.Complete("s1", 1500));
        await CatchUpAsync(api, "s1");

        api.Calls.Clear();
        Assert.Empty(await PassAsync(api, "s1"));
        Assert.Single(api.Calls);

        var fresh = api.Complete("s1", 1);
        api.Calls.Clear();
        Assert.Equal(fresh, await PassAsync(api, "s1"));
        Assert.True(api.Calls.Count <= 2, $"{api.Calls.Count} requests");
    }

    /// The list is by creation: an interview created before the newest known page can complete after it.
    /// Newest first, a pass reads on past known pages while they were created within the look-back.
    [Fact]
    public async Task A_completion_created_before_a_recent_known_page_is_still_found()
    {
        var api = new ListApi(newestFirst: true);
        var lost = api.Complete("s1", 1); // its webhook was lost
        _known.UnionWith(api.Complete("s1", 150)); // created after it, completed and known
        _time = new FakeTimeProvider(Start.AddHours(3)); // all 151 created within the look-back

        Assert.Equal(lost, await PassAsync(api, "s1"));
        Assert.Equal(2, api.Calls.Count);
    }

    [Fact]
    public async Task An_oldest_first_cursor_whose_interview_is_gone_starts_again_from_the_beginning()
    {
        var api = new ListApi(newestFirst: false);
        _known.UnionWith(api.Complete("s1", 1500));
        await CatchUpAsync(api, "s1");
        var cursor = await _cursors.GetAsync(CursorKey("s1"), CancellationToken.None);
        Assert.NotNull(cursor);

        api.Remove("s1", cursor);
        var fresh = api.Complete("s1", 1);
        var found = new List<string>();
        for (var pass = 0; pass < 3 && found.Count == 0; pass++)
        {
            found.AddRange(await PassAsync(api, "s1"));
        }

        Assert.Equal(fresh, found);
        Assert.Contains(api.Calls, c => c.After is null);
    }

    [Fact]
    public async Task An_oldest_first_cursor_does_not_pass_an_interview_whose_follow_up_failed()
    {
        var api = new ListApi(newestFirst: false);
        _known.UnionWith(api.Complete("s1", 150));
        await CatchUpAsync(api, "s1");
        var pending = api.Complete("s1", 1);
        _known.UnionWith(api.Complete("s1", 250)); // completed and known before the next pass (webhooks)

        Assert.Equal(pending, await PassAsync(api, "s1", failing: pending));
        Assert.Equal(pending, await PassAsync(api, "s1"));
    }

    [Fact]
    public async Task A_newest_first_list_keeps_no_cursor()
    {
        var api = new ListApi(newestFirst: true);
        _known.UnionWith(api.Complete("s1", 300));

        Assert.Empty(await PassAsync(api, "s1"));

        Assert.Null(await _cursors.GetAsync(CursorKey("s1"), CancellationToken.None));
    }

    private static string CursorKey(string study) =>
        new RedisKeys("t:").ReconcileCursor(UserJourneysVendor.VendorKey.Value, study);

    /// Passes (each following up what it found, as ReconciliationJob does) until one finds nothing.
    private async Task CatchUpAsync(ListApi api, string study)
    {
        for (var pass = 0; pass < 5; pass++)
        {
            if ((await PassAsync(api, study)).Count == 0 && pass > 0)
            {
                return;
            }
        }
    }

    private Task<IReadOnlyList<string>> PassAsync(ListApi api, params string[] studies) =>
        PassAsync(api, studies, failing: []);

    private Task<IReadOnlyList<string>> PassAsync(ListApi api, string study, IReadOnlyList<string> failing) =>
        PassAsync(api, [study], failing);

    /// One pass, then the follow-ups: those of `failing` fail (stay unknown), the rest become known.
    private async Task<IReadOnlyList<string>> PassAsync(
        ListApi api, string[] studies, IReadOnlyList<string> failing)
    {
        var reconciler = new UserJourneysReconciler(api,
            new StaticMonitor(new UserJourneysOptions { StudyIds = [.. studies] }), _cursors, new RedisKeys("t:"),
            _time);
        var found = await reconciler.ListUnknownFinishedAsync(
            (id, _) => Task.FromResult(_known.Contains(id)), CancellationToken.None);
        _known.UnionWith(found.Except(failing));
        return found;
    }

    private sealed class StaticMonitor(UserJourneysOptions value) : IOptionsMonitor<UserJourneysOptions>
    {
        public UserJourneysOptions CurrentValue => value;

        public UserJourneysOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<UserJourneysOptions, string?> listener) => null;
    }

    /// Completed interviews per study, ids `{study}-{n}` (from 1) created a minute apart, listed in the given order
    /// with the vendor's cursor semantics (an unknown `starting_after` is refused).
    private sealed class ListApi(bool newestFirst, int pageSize = 100) : IUserJourneysApi
    {
        private readonly Dictionary<string, List<UserJourneysInterview>> _studies = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private int _next;

        public List<(string Study, string? Status, int? Limit, string? After)> Calls { get; } = [];

        public List<string> Complete(string study, int count)
        {
            var list = _studies.TryGetValue(study, out var existing) ? existing : _studies[study] = [];
            var ids = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var id = $"{study}-{_counts[study] = _counts.GetValueOrDefault(study) + 1}";
                var created = Start.AddMinutes(_next++);
                list.Add(new UserJourneysInterview(id, study, "completed", null, null, null, null, null, null, null,
                    created, created, created, null, null));
                ids.Add(id);
            }

            return ids;
        }

        public void Remove(string study, string id) => _studies[study].RemoveAll(i => i.Id == id);

        public Task<UserJourneysList> ListInterviewsAsync(string studyId, string? status, int? limit,
            string? startingAfter, CancellationToken cancellationToken)
        {
            Calls.Add((studyId, status, limit, startingAfter));
            var list = _studies.TryGetValue(studyId, out var all) ? all : [];
            var ordered = newestFirst ? Enumerable.Reverse(list).ToList() : [.. list];
            if (startingAfter is not null)
            {
                var index = ordered.FindIndex(i => i.Id == startingAfter);
                if (index < 0)
                {
                    throw VendorException.Rejected(UserJourneysVendor.VendorKey, "unknown starting_after");
                }

                ordered = ordered[(index + 1)..];
            }

            var page = Math.Min(pageSize, limit ?? 20);
            return Task.FromResult(new UserJourneysList("list", [.. ordered.Take(page)], ordered.Count > page));
        }

        public Task<JsonElement> GetInterviewAsync(string id, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<UserJourneysWebhook> PutWebhookAsync(UserJourneysWebhookRequest request,
            CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
