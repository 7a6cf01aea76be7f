namespace InterviewGateway.Infrastructure.Observability;

/// `dotnet InterviewGateway.dll --health [url]`: a container healthcheck that needs no curl in the image.
/// It asks the instance in the same container for GET /health/ready (Redis reachable, Hangfire running)
/// and exits 0 when that answers 2xx, 1 otherwise (error status, refused, or no answer within 3 s).
internal static class HealthProbe
{
    public const string Flag = "--health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static bool Requested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var url = ProbeUrl(args.SkipWhile(a => a != Flag).Skip(1).FirstOrDefault(),
            Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"),
            Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url);
            await output.WriteLineAsync($"{(int)response.StatusCode} {url}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unhealthy {url}: {ex.Message}");
            return 1;
        }
    }

    /// The explicit URL, else the first port the process listens on (the image sets ASPNETCORE_HTTP_PORTS=8080).
    public static Uri ProbeUrl(string? explicitUrl, string? httpPorts, string? urls)
    {
        if (Uri.TryCreate(explicitUrl, UriKind.Absolute, out var given))
        {
            return given;
        }

        var port = httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (port is null && urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first)
        {
            port = first[(first.LastIndexOf(':') + 1)..].TrimEnd('/');
        }

        return new Uri($"http://127.0.0.1:{port ?? "8080"}/health/ready");
    }
}
