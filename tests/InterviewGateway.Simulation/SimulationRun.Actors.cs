using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Hindsight.Simulator;
using InterviewGateway.Vendors.InstaView.Simulator;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.Simulation;

/// The workload's actors acting on the gateway: through its public API (as callers and operators do),
/// through the vendor simulators (completions, webhooks) and as subscribers answering deliveries.
internal sealed partial class SimulationRun
{
    private readonly Dictionary<string, InterviewActor> _byVendorId = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _subscriptionIds = [];
    private readonly Dictionary<int, DateTimeOffset> _subscriptionCreated = [];
    private readonly Dictionary<string, SubscriptionActor> _subscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _interviewIds = [];

    /// A newly tracked interview's first poll comes one young-tier cadence (5 min) later.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMinutes(5);

    private void ScheduleActors(IReadOnlyList<Actor> actors)
    {
        foreach (var actor in actors)
        {
            switch (actor)
            {
                case InterviewActor interview:
                    At(interview.CreateAt, interview, () => CreateInterviewAsync(interview));
                    if (interview.DeleteAt is { } delete)
                    {
                        At(delete, interview, () => UntrackAsync(interview));
                    }

                    if (interview.TrackAgainAt is { } again)
                    {
                        At(again, interview, () => TrackAsync(interview, "tracked again"));
                    }

                    break;
                case SubscriptionActor subscription:
                    ScheduleSubscription(subscription);
                    break;
                case LimitChangeActor change:
                    At(change.At, change, () =>
                    {
                        _settings.Change($"Vendors:{change.Vendor}:{change.Setting}",
                            change.Value.ToString(CultureInfo.InvariantCulture));
                        return Task.CompletedTask;
                    });
                    break;
            }
        }
    }

    private void At(TimeSpan offset, Actor actor, Func<Task> action) =>
        _context.Scheduler.At(Start + offset, actor.Describe(), async () =>
        {
            await action();
        });

    private void Trace(Actor actor, string what) => _context.Trace($"#{actor.Id} {what}");

    private async Task CreateInterviewAsync(InterviewActor actor)
    {
        if (actor.Vendor == "userjourneys")
        {
            var vendorId = Vendors.Services.GetRequiredService<UserJourneysSimulator>()
                .Respond(StudyId, $"a{actor.Id}");
            _byVendorId[vendorId] = actor;
            await TrackAsync(actor, "started by a respondent and tracked", vendorId);
            ScheduleCompletion(actor, vendorId);
            return;
        }

        var options = actor.Vendor == "hindsight" ? """{"sequence_id":"seq_1"}""" : """{"agentId":"agent-1"}""";
        using var response = await _api[actor.Instance].PostAsync("v1/interviews", Json($$"""
            {"vendor":"{{actor.Vendor}}","participant":{"name":"P {{actor.Id}}","email":"a{{actor.Id}}@example.com"},
             "options":{{options}}}
            """));
        if (response.StatusCode != HttpStatusCode.Created)
        {
            Trace(actor, $"create answered {(int)response.StatusCode}");
            return;
        }

        PollSoon(FirstPoll);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (id, vid) = ((string)created["id"]!, (string)created["vendor_interview_id"]!);
        Own(actor, id, vid);
        Trace(actor, $"created {id}");
        if (actor.Vendor == "hindsight")
        {
            var completes = _context.Clock.GetUtcNow() + (actor.CompleteAfter ?? TimeSpan.FromDays(3650));
            Vendors.Services.GetRequiredService<HindsightSimulator>()
                .CompleteAt(long.Parse(vid, CultureInfo.InvariantCulture), completes);
            if (actor.CompleteAfter is { } after)
            {
                _context.Scheduler.After(after, actor.Describe(), () =>
                {
                    Trace(actor, "completed at the vendor");
                    return Task.CompletedTask;
                });
            }
        }
        else
        {
            ScheduleCompletion(actor, vid);
        }
    }

    private void ScheduleCompletion(InterviewActor actor, string vendorId)
    {
        if (actor.CompleteAfter is not { } after)
        {
            return;
        }

        _context.Scheduler.After(after, actor.Describe(), async () =>
        {
            Trace(actor, "completed at the vendor");
            _ = actor.Vendor == "userjourneys"
                ? await Vendors.Services.GetRequiredService<UserJourneysSimulator>()
                    .CompleteAsync(vendorId, sendWebhook: true, CancellationToken.None)
                : (object?)await Vendors.Services.GetRequiredService<InstaViewSimulator>()
                    .CompleteAsync(vendorId, sendWebhook: true);
        });
    }

    private void Own(InterviewActor actor, string id, string vendorId)
    {
        _byVendorId[vendorId] = actor;
        _interviewIds[actor.Id] = id;
        _context.OwnInterview(id, actor.Id);
    }

    private async Task TrackAsync(InterviewActor actor, string what, string? vendorId = null)
    {
        vendorId ??= _byVendorId.FirstOrDefault(p => p.Value == actor).Key;
        if (vendorId is null)
        {
            return;
        }

        using var response = await _api[actor.Instance].PostAsync("v1/interviews/track", Json(
            $$"""{"vendor":"{{actor.Vendor}}","vendor_interview_id":"{{vendorId}}"}"""));
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode && JsonNode.Parse(body)?["id"] is { } id)
        {
            PollSoon(FirstPoll);
            Own(actor, (string)id!, vendorId);
        }

        Trace(actor, $"{what}: track answered {(int)response.StatusCode}");
    }

    private async Task UntrackAsync(InterviewActor actor)
    {
        if (_interviewIds.TryGetValue(actor.Id, out var id))
        {
            using var response = await _api[actor.Instance].DeleteAsync($"v1/interviews/{id}");
            Trace(actor, $"DELETE {id} answered {(int)response.StatusCode}");
        }
    }

    /// A vendor simulator sends a webhook: the actor's fate decides whether it arrives (at an instance
    /// the load balancer picks), never, or twice.
    private async Task<HttpResponseMessage> ReceiveVendorWebhookAsync(HttpRequestMessage request)
    {
        var body = await request.Content!.ReadAsByteArrayAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value),
            StringComparer.OrdinalIgnoreCase);
        var path = request.RequestUri!.AbsolutePath.TrimStart('/');
        var json = JsonNode.Parse(body);
        var vendorId = (string?)(json?["interview_id"] ?? json?["data"]?["interviewId"]) ?? "";
        var actor = _byVendorId.GetValueOrDefault(vendorId);
        var fate = actor?.Fate ?? WebhookFate.Sent;
        if (actor is not null)
        {
            Trace(actor, $"vendor sends its webhook ({fate})");
        }

        if (fate != WebhookFate.Lost)
        {
            Forward(actor, path, body, headers, TimeSpan.FromMilliseconds(_context.Random.Next(3000)));
        }

        if (fate == WebhookFate.Replayed)
        {
            Forward(actor, path, body, headers, actor!.ReplayAfter);
        }

        return new HttpResponseMessage(HttpStatusCode.Accepted);
    }

    private void Forward(InterviewActor? actor, string path, byte[] body, Dictionary<string, string> headers,
        TimeSpan after)
    {
        var instance = _context.Random.Next(_instances.Count);
        _context.Scheduler.After(after, $"webhook to gw{instance}", async () =>
        {
            using var client = _instances[instance].CreateClient(apiKey: null);
            using var forwarded = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new ByteArrayContent(body),
            };
            forwarded.Content.Headers.ContentType = new("application/json");
            foreach (var (name, value) in headers)
            {
                forwarded.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(forwarded);
            if (actor is not null)
            {
                Trace(actor, $"webhook reached gw{instance}: {(int)response.StatusCode}");
            }

            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                await PumpAsync(instance);
            }
        });
    }

    private static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    private static string Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : "";
}
