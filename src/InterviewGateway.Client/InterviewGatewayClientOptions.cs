namespace InterviewGateway.Client;

/// <summary>Where the gateway is and how to authenticate; bound by <c>AddInterviewGatewayClient</c>.</summary>
public sealed class InterviewGatewayClientOptions
{
    /// <summary>The gateway's base address, e.g. <c>https://interviews.internal.example.com</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The most time one call may take, retries and their waits included (default 30 s). Each attempt
    /// gets at most a third of it; at least 3 s.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
