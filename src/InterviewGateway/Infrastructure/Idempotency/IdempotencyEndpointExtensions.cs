namespace InterviewGateway.Infrastructure.Idempotency;

internal static class IdempotencyEndpointExtensions
{
    /// Accepts `Idempotency-Key`; the fingerprint covers the argument of type `TBody` (the request body).
    public static RouteHandlerBuilder WithIdempotency<TBody>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotencyKeyMetadata(typeof(TBody)));
}
