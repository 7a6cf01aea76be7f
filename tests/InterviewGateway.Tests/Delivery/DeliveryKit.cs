using InterviewGateway.Contracts;
using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Delivery;

/// The delivery pieces wired on the in-memory stores, with a scripted subscriber below the HTTP client
/// (no sockets): each piece's tests build only what they need from here.
internal sealed class DeliveryKit : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public DeliveryKit()
    {
        Metrics = new GatewayMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Subscriptions = new InMemorySubscriptionStore();
        Events = new InMemoryEventStore(Time, new RetentionOptions());
        Queue = new InMemoryDeliveryQueue(Time);
        Streak = new FailureStreak(new InMemoryKeyValueStore(Time), new RedisKeys("t:"),
            new InMemorySharedClock(Time));
        Secrets = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), Time);
        Options = new Monitor<DeliveryOptions>(new DeliveryOptions());
        Snapshot = new SubscriptionSnapshot(Subscriptions, Time);
        Publisher = new EventPublisher(Events, FanOut, Metrics, NullLogger<EventPublisher>.Instance);
        Disabler = new SubscriptionDisabler(Subscriptions, Snapshot, Events, Publisher, Metrics,
            new InMemorySharedClock(Time), Time,
            NullLogger<SubscriptionDisabler>.Instance);
        Ledger = new AttemptLedger(Subscriptions, Streak, Disabler, Options);
        Sender = new WebhookSender(new Clients(Subscriber), Secrets, Options, Metrics, Time,
            NullLogger<WebhookSender>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    public GatewayMetrics Metrics { get; }
    public InMemorySubscriptionStore Subscriptions { get; }
    public InMemoryEventStore Events { get; }
    public InMemoryDeliveryQueue Queue { get; }
    public FailureStreak Streak { get; }
    public SubscriptionSecrets Secrets { get; }
    public Monitor<DeliveryOptions> Options { get; }
    public SubscriptionSnapshot Snapshot { get; }
    public RecordingFanOut FanOut { get; } = new();
    public EventPublisher Publisher { get; }
    public SubscriptionDisabler Disabler { get; }
    public AttemptLedger Ledger { get; }
    public ScriptedSubscriber Subscriber { get; } = new();
    public WebhookSender Sender { get; }

    public async Task<(Subscription Subscription, string Secret)> SubscribeAsync(
        PayloadMode payload = PayloadMode.Thin, params string[] eventTypes)
    {
        var secret = StandardWebhookSigner.NewSecret();
        var subscription = new Subscription
        {
            Id = "sub_" + Guid.NewGuid().ToString("N")[..12],
            Url = "https://hooks.example.com/in",
            EventTypes = eventTypes.Length > 0 ? eventTypes : [EventTypes.Completed, EventTypes.SubscriptionDisabled],
            Payload = payload,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
            Secrets = [new StoredSecret(Secrets.Protect(secret), null)],
        };
        await Subscriptions.SaveAsync(subscription, CancellationToken.None);
        return (subscription, secret);
    }

    /// A completion stored now, as `evt_1`.
    public async Task<GatewayEvent> StoreEventAsync()
    {
        var stored = new GatewayEvent("evt_1", EventTypes.Completed, "hindsight_1", "hindsight",
            Time.GetUtcNow(), 2, """{"id":"evt_1","type":"interview.completed","data":{}}""")
        {
            StoredAt = Time.GetUtcNow(),
        };
        await Events.TryAppendAsync(stored, default);
        return stored;
    }

    public void Dispose() => _services.Dispose();

    internal sealed class Monitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    internal sealed class RecordingFanOut : IEventFanOut
    {
        public List<string> FannedOut { get; } = [];

        public Exception? Failure { get; set; }

        /// Events whose fan-out throws (a bad entry), whatever Failure says.
        public HashSet<string> Failing { get; } = [];

        public Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
        {
            if (Failure is { } failure)
            {
                throw failure;
            }

            if (Failing.Contains(stored.Id))
            {
                throw new InvalidOperationException($"{stored.Id} cannot be fanned out");
            }

            FannedOut.Add(stored.Id);
            return Task.CompletedTask;
        }
    }

    /// Answers every request with `Answer` (or throws `Failure`) and keeps what it received.
    internal sealed class ScriptedSubscriber : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Received { get; } = [];

        public Func<HttpResponseMessage> Answer { get; set; } = () => new HttpResponseMessage(HttpStatusCode.OK);

        public Exception? Failure { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Received.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return Failure is { } failure ? throw failure : Answer();
        }
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
