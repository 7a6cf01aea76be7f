namespace InterviewGateway.Interviews;

/// The listing order shared by both stores: members sort newest-first by tracking time, then by id.
internal static class InterviewIndex
{
    public const int MaxScan = 2000;

    public static string Member(Interview interview) =>
        $"{long.MaxValue - interview.TrackedSince.ToUnixTimeMilliseconds():D19}|{interview.Id}";

    public static string IdOf(string member) => member[(member.IndexOf('|', StringComparison.Ordinal) + 1)..];

    public static string EncodeCursor(string member) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(member))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

    /// Null when the cursor was not produced by us: the caller answers 400.
    public static string? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var member = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return member.Length > 21 && member[19] == '|' && long.TryParse(member.AsSpan(0, 19), out _)
                ? member
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
