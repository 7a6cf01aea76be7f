namespace InterviewGateway.Contracts;

internal sealed record WebhookRegistrationResponse(string Vendor, string Url, bool SecretStored);
