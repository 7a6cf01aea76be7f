using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Infrastructure.Idempotency;

internal static class IdempotencySetup
{
    public static void AddIdempotency(this IServiceCollection services)
    {
        services.AddStore<IIdempotencyStore, InMemoryIdempotencyStore, RedisIdempotencyStore>();
        services.AddScoped<IdempotencyFilter>();
    }
}
