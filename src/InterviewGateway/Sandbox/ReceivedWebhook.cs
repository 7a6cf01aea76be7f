namespace InterviewGateway.Sandbox;

/// One delivery the sandbox subscriber kept: its Standard Webhooks id and timestamp, and the raw body.
internal sealed record ReceivedWebhook(string WebhookId, long Timestamp, bool SignatureValid, string Body);
