using System.Globalization;
using System.Text;
using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Events;

/// The recorded-order index shared by both stores: members `{StoredAt ms, 13 digits}|{id}` sort
/// lexicographically by when the gateway recorded the event, then by id; cursors are members, encoded.
internal static class EventIndex
{
    /// Reads at most this many index members per listing request (a filtered page may come back short).
    public const int MaxScan = 2000;

    /// Sorts after every member: the open upper end of a range.
    public const string Top = "9999999999999~";

    public static string Member(GatewayEvent e) => Floor(e.StoredAt) + "|" + e.Id;

    /// Sorts before every member recorded at or after `at`.
    public static string Floor(DateTimeOffset at) =>
        Math.Max(0, at.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture);

    public static string IdOf(string member) => member[14..];

    public static string EncodeCursor(string member) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(member)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// The member a cursor stands for; 400 for anything this API did not hand out.
    public static string DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var member = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            if (member.Length > 14 && member[13] == '|' && member[..13].All(char.IsAsciiDigit))
            {
                return member;
            }
        }
        catch (FormatException)
        {
        }

        throw ProblemException.Validation("cursor", "cursor is not one this API returned.");
    }

    public static bool Matches(GatewayEvent e, EventQuery query) =>
        (query.Type is null || e.Type == query.Type)
        && (query.InterviewId is null || e.InterviewId == query.InterviewId);
}
