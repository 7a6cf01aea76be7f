namespace InterviewGateway.Infrastructure.Auth;

internal static class Scopes
{
    public const string InterviewsRead = "interviews:read";
    public const string InterviewsWrite = "interviews:write";
    public const string SubscriptionsManage = "subscriptions:manage";

    public static readonly string[] All = [InterviewsRead, InterviewsWrite, SubscriptionsManage];
}
