using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Interviews;

public sealed class InterviewServiceCreateTests
{
    private static readonly VendorKey Key = new("acme", "Acme", "Acme");

    [Fact]
    public async Task A_create_that_finds_the_interview_already_tracked_by_its_webhook_keeps_the_callers_data()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryInterviewStore(new InMemoryEventStore(time, new()), time, new());
        var service = Service(store, time);
        // The vendor's webhook won the race and tracked the interview first, knowing no email.
        await store.TryAddAsync(new Interview
        {
            Id = "acme_42", Vendor = "acme", VendorInterviewId = "42", Status = InterviewStatus.Completed,
            CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(), TrackedSince = time.GetUtcNow(),
            Participant = new Participant(VendorParticipantId: "cand_1"),
            Tracking = new Tracking(TrackingMode.Webhook, TrackingState.Stopped, null, null),
        }, CancellationToken.None);

        var created = await service.CreateAsync("acme",
            new CreateInterviewCommand(new Participant("Jane", "jane@example.com"), "Why?", null, null),
            new Dictionary<string, string> { ["crm"] = "D-1" }, CancellationToken.None);

        Assert.Equal("acme_42", created.Id);
        Assert.Equal(InterviewStatus.Completed, created.Status);
        Assert.Equal("jane@example.com", created.Participant.Email);
        Assert.Equal("cand_1", created.Participant.VendorParticipantId);
        Assert.Equal("Why?", created.Objective);
        Assert.Equal("D-1", created.Metadata["crm"]);
        Assert.Equal(2, created.Version);
    }

    private static InterviewService Service(IInterviewStore store, TimeProvider time)
    {
        var services = new ServiceCollection()
            .AddKeyedSingleton<IVendorAdapter>(Key.Value, new FixedAdapter())
            .BuildServiceProvider();
        var catalog = new VendorCatalog(
            [new VendorDescriptor(Key, new VendorCapabilities(true, new HashSet<string>(), false, true, false), "api")],
            new StaticOptionsMonitor(new VendorOptions { BaseUrl = "https://acme.test", ApiKey = "k" }),
            Options.Create(new SandboxOptions()));
        return new InterviewService(store, catalog, services, [], new NoRelay(), Timeline.Recorder(time), time);
    }

    private sealed class NoRelay : IEventRelay
    {
        public Task RelayAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }

    private sealed class FixedAdapter : IVendorAdapter
    {
        public VendorKey Key => InterviewServiceCreateTests.Key;

        public Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken) =>
            Task.FromResult(new VendorInterview { VendorInterviewId = "42", VendorStatus = "SCHEDULED",
            Status = InterviewStatus.Scheduled });

        public Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public bool IsValidInterviewId(string vendorInterviewId) => true;
    }

    private sealed class StaticOptionsMonitor(VendorOptions value) : IOptionsMonitor<VendorOptions>
    {
        public VendorOptions CurrentValue => value;

        public VendorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<VendorOptions, string?> listener) => null;
    }
}

public sealed class InMemoryIdempotencyLeaseTests
{
    [Fact]
    public async Task A_claim_whose_request_died_frees_the_key_after_the_lease_but_a_completed_response_is_kept()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new InterviewGateway.Infrastructure.Idempotency.InMemoryIdempotencyStore(time);

        var (first, _, firstClaim) = await store.BeginAsync("k", "f", default);
        Assert.Equal(InterviewGateway.Infrastructure.Idempotency.IdempotencyState.Started, first);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InterviewGateway.Infrastructure.Idempotency.IdempotencyState.InProgress,
            (await store.BeginAsync("k", "f", default)).State);
        time.Advance(TimeSpan.FromMinutes(2));
        var (second, _, secondClaim) = await store.BeginAsync("k", "f", default);
        Assert.Equal(InterviewGateway.Infrastructure.Idempotency.IdempotencyState.Started, second);

        // The request that outlived its lease finishes late: it must not overwrite the new claim.
        await store.CompleteAsync("k", firstClaim!, "f", new(500, "{}", null), TimeSpan.FromHours(24), default);
        Assert.Equal(InterviewGateway.Infrastructure.Idempotency.IdempotencyState.InProgress,
            (await store.BeginAsync("k", "f", default)).State);
        await store.CompleteAsync("k", secondClaim!, "f", new(201, """{"id":"x"}""", null), TimeSpan.FromHours(24),
            default);
        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(InterviewGateway.Infrastructure.Idempotency.IdempotencyState.Replay,
            (await store.BeginAsync("k", "f", default)).State);
    }
}
