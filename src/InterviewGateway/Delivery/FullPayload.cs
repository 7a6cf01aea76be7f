using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Interviews;

namespace InterviewGateway.Delivery;

/// The body a subscription receives: the stored event as is (`thin`), or with the interview's current
/// transcript added (`full`) while the body stays under MaxBodyBytes, else `transcript_truncated`.
internal sealed class FullPayload(IInterviewStore interviews)
{
    public const int MaxBodyBytes = 256 * 1024;

    public Task<string> BodyForAsync(Subscription subscription, GatewayEvent stored,
        CancellationToken cancellationToken) =>
        subscription.Payload == PayloadMode.Full
            ? WithTranscriptAsync(stored, cancellationToken)
            : Task.FromResult(stored.Body);

    private async Task<string> WithTranscriptAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        if (await interviews.GetAsync(stored.InterviewId, cancellationToken) is not { Transcript: { } transcript })
        {
            return stored.Body;
        }

        return WithTranscript(stored.Body, transcript.ToResponse(stored.InterviewId));
    }

    public static string WithTranscript(string body, TranscriptResponse transcript)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["data"]!["transcript"] = JsonSerializer.SerializeToNode(transcript, GatewayJson.Api);
        var full = node.ToJsonString(GatewayJson.Api);
        if (Encoding.UTF8.GetByteCount(full) < MaxBodyBytes)
        {
            return full;
        }

        node["data"]!.AsObject().Remove("transcript");
        node["data"]!["transcript_truncated"] = true;
        return node.ToJsonString(GatewayJson.Api);
    }
}
