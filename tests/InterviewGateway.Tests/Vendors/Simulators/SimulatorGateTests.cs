using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.Simulators;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Vendors.Simulators;

/// The one gate in front of every vendor simulator: auth, injected outages, rate windows, request log.
public sealed class SimulatorGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly SandboxCredentials _credentials;
    private int _ran;

    public SimulatorGateTests()
    {
        _credentials = SandboxCredentialsTests.Create(new InMemoryKeyValueStore(_time));
        _credentials.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_request_without_the_vendors_sandbox_key_gets_the_vendors_401_and_never_reaches_it()
    {
        var gate = Gate();

        var wrongKey = await SendAsync(gate, "GET", "/interviews/1", "Bearer sbx_hindsight_guess");
        var noKey = await SendAsync(gate, "GET", "/interviews/1", authorization: null);

        Assert.Equal((401, 401, 0), (wrongKey, noKey, _ran));
        Assert.Equal([401, 401], gate.Requests.Snapshot().Select(r => r.Status));
    }

    [Fact]
    public async Task Failed_gets_answer_503_the_given_number_of_times_and_leave_other_methods_alone()
    {
        var gate = Gate();
        gate.FailNextGets(2);

        var statuses = new[]
        {
            await SendAsync(gate, "GET", "/interviews/1"),
            await SendAsync(gate, "POST", "/interviews"),
            await SendAsync(gate, "GET", "/interviews/1"),
            await SendAsync(gate, "GET", "/interviews/1"),
        };

        Assert.Equal([503, 200, 503, 200], statuses);
        Assert.Equal(2, _ran);
        gate.FailNextGets(int.MaxValue);
        Assert.Equal(503, await SendAsync(gate, "GET", "/interviews/1"));
        gate.FailNextGets(0);
        Assert.Equal(200, await SendAsync(gate, "GET", "/interviews/1"));
    }

    [Fact]
    public async Task Every_window_must_have_room_and_a_refused_request_takes_nothing_from_any()
    {
        SimulatorRateDecision? last = null;
        var gate = Gate(
            [new("minute", 2, TimeSpan.FromMinutes(1)), new("hour", 3, TimeSpan.FromHours(1))],
            decision => last = decision);

        Assert.Equal(200, await SendAsync(gate, "GET", "/a"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, await SendAsync(gate, "GET", "/a"));
        Assert.Equal((0, 1), (last!.Windows[0].Remaining, last.Windows[1].Remaining));
        Assert.Equal(429, await SendAsync(gate, "GET", "/a")); // the minute is full
        Assert.Equal(TimeSpan.FromSeconds(50), last.RetryAfter); // until the first leaves the minute
        Assert.Equal((2, 2), (last.Windows[0].Used, last.Windows[1].Used)); // the refusal counted nowhere

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(200, await SendAsync(gate, "GET", "/a")); // one left the minute
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(429, await SendAsync(gate, "GET", "/a")); // now the hour is full
        Assert.Equal(2, last.Windows[0].Remaining);
        Assert.Equal(TimeSpan.FromMinutes(54), last.RetryAfter); // until the first leaves the hour
        Assert.Equal(3, _ran);
    }

    [Fact]
    public async Task A_window_counts_only_its_own_span_after_many_requests_have_left_it()
    {
        SimulatorRateDecision? last = null;
        var gate = Gate([new("minute", 1000, TimeSpan.FromMinutes(1))], decision => last = decision);

        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal(200, await SendAsync(gate, "GET", "/a"));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(200, await SendAsync(gate, "GET", "/a"));
        Assert.Equal(600, last!.Windows[0].Used); // 599 of the last 60 s and this one
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMilliseconds(100), last.Windows[0].ResetAt);
    }

    [Fact]
    public async Task The_log_keeps_method_path_query_and_the_status_of_every_answer()
    {
        var gate = Gate([new("minute", 1, TimeSpan.FromMinutes(1))]);

        await SendAsync(gate, "GET", "/interviews", query: "?study_id=s1");
        await SendAsync(gate, "GET", "/interviews", query: "?study_id=s2");

        Assert.Equal(
            [("GET", "/interviews?study_id=s1", 200), ("GET", "/interviews?study_id=s2", 429)],
            gate.Requests.Snapshot().Select(r => (r.Method, r.Path, r.Status)));
        Assert.All(gate.Requests.Snapshot(), r => Assert.Equal(_time.GetUtcNow(), r.At));
        Assert.Equal(1, gate.Requests.MaxInAnyWindow(TimeSpan.FromMinutes(1))); // 429s are not counted
    }

    [Fact]
    public async Task A_log_that_is_not_recording_keeps_nothing_and_the_gate_still_answers()
    {
        var gate = Gate([new("minute", 1, TimeSpan.FromMinutes(1))]);
        gate.Requests.Recording = false;

        var first = await SendAsync(gate, "GET", "/interviews");
        var second = await SendAsync(gate, "GET", "/interviews");

        Assert.Equal((200, 429), (first, second));
        Assert.Empty(gate.Requests.Snapshot());
    }

    private SimulatorGate Gate(
        IReadOnlyList<SimulatorWindow>? windows = null, Action<SimulatorRateDecision>? seen = null) =>
        new(new(HindsightVendor.VendorKey, () => Results.StatusCode(401), () => Results.StatusCode(503))
        {
            Windows = () => windows ?? [],
            ApplyRateDecision = (_, decision) =>
            {
                seen?.Invoke(decision);
                return decision.Allowed ? null : Results.StatusCode(429);
            },
        }, _credentials, _time);

    private async Task<int> SendAsync(
        SimulatorGate gate, string method, string path, string? authorization = "", string query = "")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization.Length > 0
                ? authorization
                : "Bearer " + _credentials.ApiKey(HindsightVendor.VendorKey);
        }

        var result = await gate.HandleAsync(http, () =>
        {
            _ran++;
            return TypedResults.Ok();
        });
        return ((IStatusCodeHttpResult)result).StatusCode ?? 200;
    }
}
