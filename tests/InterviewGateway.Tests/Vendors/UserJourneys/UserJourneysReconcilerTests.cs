using System.Text.Json;
using InterviewGateway.Vendors.UserJourneys;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Tests.Vendors.UserJourneys;

public sealed class UserJourneysReconcilerTests
{
    [Fact]
    public async Task Pages_each_study_with_the_last_id_as_cursor_until_has_more_is_false()
    {
        var api = new PagedApi(pagesPerStudy: 3);
        var ids = await Reconciler(api, "s1", "s2").ListFinishedAsync(CancellationToken.None);

        Assert.Equal(["s1-0", "s1-1", "s1-2", "s2-0", "s2-1", "s2-2"], ids);
        Assert.Equal(
            [("s1", null), ("s1", "s1-0"), ("s1", "s1-1"), ("s2", null), ("s2", "s2-0"), ("s2", "s2-1")],
            api.Calls.Select(c => (c.Study, c.After)));
        Assert.All(api.Calls, c => Assert.Equal(("completed", 100), (c.Status, c.Limit)));
    }

    [Fact]
    public async Task Stops_after_the_page_cap_so_one_pass_cannot_drain_the_budget()
    {
        var api = new PagedApi(pagesPerStudy: 1000);
        var ids = await Reconciler(api, "s1").ListFinishedAsync(CancellationToken.None);

        Assert.Equal(UserJourneysReconciler.MaxPagesPerStudy, api.Calls.Count);
        Assert.Equal(UserJourneysReconciler.MaxPagesPerStudy, ids.Count);
    }

    [Fact]
    public async Task Without_studies_nothing_is_listed()
    {
        var api = new PagedApi(pagesPerStudy: 1);
        Assert.Empty(await Reconciler(api).ListFinishedAsync(CancellationToken.None));
        Assert.Empty(api.Calls);
    }

    private static UserJourneysReconciler Reconciler(IUserJourneysApi api, params string[] studies) =>
        new(api, new StaticMonitor(new UserJourneysOptions { StudyIds = [.. studies] }), TimeProvider.System);

    private sealed class StaticMonitor(UserJourneysOptions value) : IOptionsMonitor<UserJourneysOptions>
    {
        public UserJourneysOptions CurrentValue => value;

        public UserJourneysOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<UserJourneysOptions, string?> listener) => null;
    }

    /// One interview per page, ids `{study}-{page}`.
    private sealed class PagedApi(int pagesPerStudy) : IUserJourneysApi
    {
        public List<(string Study, string? Status, int? Limit, string? After)> Calls { get; } = [];

        public Task<UserJourneysList> ListInterviewsAsync(string studyId, string? status, int? limit,
            string? startingAfter, CancellationToken cancellationToken)
        {
            Calls.Add((studyId, status, limit, startingAfter));
            var page = startingAfter is null ? 0
                : int.Parse(startingAfter[(studyId.Length + 1)..],
                System.Globalization.CultureInfo.InvariantCulture) + 1;
            var item = new UserJourneysInterview($"{studyId}-{page}", studyId, "completed", null, null, null, null,
                null, null, null, null, null, null, null, null);
            return Task.FromResult(new UserJourneysList("list", [item], page + 1 < pagesPerStudy));
        }

        public Task<JsonElement> GetInterviewAsync(string id, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<UserJourneysWebhook> PutWebhookAsync(UserJourneysWebhookRequest request,
            CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
