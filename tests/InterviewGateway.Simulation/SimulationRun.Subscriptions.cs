using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Operations;

namespace InterviewGateway.Simulation;

/// Subscriptions as their owners run them: created, disabled and enabled, deleted; after every outage of
/// its subscriber the operator re-enables a disabled subscription and asks for `recover`.
internal sealed partial class SimulationRun
{
    private void ScheduleSubscription(SubscriptionActor actor)
    {
        _subscribers[actor.Name] = actor;
        At(actor.CreateAt, actor, () => CreateSubscriptionAsync(actor));
        if (actor.ManualDisable is { } window)
        {
            At(window.From, actor, () => SetEnabledAsync(actor, false, "disabled by its owner"));
            // Events stored while it was disabled were not fanned out to it; `recover` sends them (README).
            At(window.To, actor, async () =>
            {
                await SetEnabledAsync(actor, true, "enabled by its owner");
                await RecoverAsync(actor, window.From);
            });
        }

        foreach (var (start, length) in actor.Outages)
        {
            At(start, actor, () =>
            {
                Trace(actor, $"subscriber goes down for {length.TotalHours:F1} h");
                return Task.CompletedTask;
            });
            At(start + length + SubscriptionActor.OperatorDelay, actor, () => RecoverAsync(actor, start));
        }

        if (actor.DeleteAt is { } delete)
        {
            At(delete, actor, async () =>
            {
                if (_subscriptionIds.TryGetValue(actor.Id, out var id))
                {
                    using var response = await _api[actor.Instance].DeleteAsync($"v1/subscriptions/{id}");
                    Trace(actor, $"deleted: {(int)response.StatusCode}");
                }
            });
        }
    }

    private async Task CreateSubscriptionAsync(SubscriptionActor actor)
    {
        var vendors = actor.Vendor is null ? "" : $$""","vendors":["{{actor.Vendor}}"]""";
        using var response = await _api[actor.Instance].PostAsync("v1/subscriptions", Json(
            $$"""{"url":"http://127.0.0.1/sim/{{actor.Name}}","event_types":{{JsonSerializer.Serialize(
                actor.EventTypes)}}{{vendors}}}"""));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            _context.Checker.Fail(Invariants.StepsSucceed, $"subscription#{actor.Id} create answered "
                + $"{(int)response.StatusCode}: {body}", [actor.Id]);
            return;
        }

        var id = (string)JsonNode.Parse(body)!["id"]!;
        _subscriptionIds[actor.Id] = id;
        _subscriptionCreated[actor.Id] = _context.Clock.GetUtcNow();
        _context.OwnSubscription(id, actor);
        Trace(actor, $"created {id} via gw{actor.Instance}");
    }

    private async Task SetEnabledAsync(SubscriptionActor actor, bool enabled, string what)
    {
        if (!_subscriptionIds.TryGetValue(actor.Id, out var id))
        {
            return;
        }

        using var response = await _api[actor.Instance].PatchAsync($"v1/subscriptions/{id}",
            Json($$"""{"enabled":{{(enabled ? "true" : "false")}}}""", "application/merge-patch+json"));
        Trace(actor, $"{what}: {(int)response.StatusCode}");
    }

    private async Task RecoverAsync(SubscriptionActor actor, TimeSpan outageStart)
    {
        if (!_subscriptionIds.TryGetValue(actor.Id, out var id))
        {
            return;
        }

        using var current = await _api[actor.Instance].GetAsync($"v1/subscriptions/{id}");
        if (current.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var state = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        var manual = actor.ManualDisable is { } window && _context.Clock.GetUtcNow() - Start >= window.From
            && _context.Clock.GetUtcNow() - Start < window.To;
        if (state["enabled"]?.GetValue<bool>() == false && !manual)
        {
            await SetEnabledAsync(actor, true, "re-enabled after the outage");
        }

        var earliest = _context.Clock.GetUtcNow() - TimeSpan.FromDays(29);
        var since = Start + outageStart - TimeSpan.FromHours(1);
        since = since < earliest ? earliest : since;
        using var response = await _api[actor.Instance].PostAsync($"v1/subscriptions/{id}/recover", Json(
            $$"""{"since":"{{since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}"""));
        Trace(actor, $"recover since {since:yyyy-MM-dd HH:mm}: {(int)response.StatusCode}");
        // The operation runs in the instance's OperationRunner, a hosted service the simulation steps itself.
        await _instances[actor.Instance].Services.GetRequiredService<OperationRunner>()
            .RunStartedAsync(CancellationToken.None);
    }

    /// A subscriber answers a delivery: 503 while it is down, else it records the event and says 200.
    private async Task<HttpResponseMessage> AnswerDeliveryAsync(HttpRequestMessage request)
    {
        var name = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();
        if (!_subscribers.TryGetValue(name, out var actor))
        {
            return new HttpResponseMessage(HttpStatusCode.Gone);
        }

        if (actor.DownAt(_context.Clock.GetUtcNow() - Start))
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());
        _context.Checker.OnDelivered(actor, Property(body.RootElement, "id"), Property(body.RootElement, "type"));
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    private void FinishChecks(IReadOnlyList<SubscriptionActor> subscriptions, IReadOnlyList<LimitChangeActor> changes,
        DateTimeOffset end)
    {
        _context.Checker.Finish(subscriptions, end,
            s => _subscriptionCreated.TryGetValue(s.Id, out var at) ? at : null);
        // Hindsight's monthly cap (vendor-docs 000/003), per calendar month, as in force that month.
        for (var month = Start; month < end; month = month.AddMonths(1))
        {
            var limit = changes.Where(c => Start + c.At <= month).OrderBy(c => c.At).LastOrDefault()?.Value ?? 10_000;
            _context.Checker.CheckMonth("hindsight", month.ToString("yyyy-MM", CultureInfo.InvariantCulture), limit);
        }
    }
}
