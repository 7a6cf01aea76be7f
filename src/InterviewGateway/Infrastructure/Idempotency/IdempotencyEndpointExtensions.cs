namespace InterviewGateway.Infrastructure.Idempotency;

internal static class IdempotencyEndpointExtensions
{
    /// Accepts `Idempotency-Key`; the fingerprint covers the argument of type `TBody` (the request body).
    /// 409: the key's first request is still running; 422: the key was used for another request.
    public static RouteHandlerBuilder WithIdempotency<TBody>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotencyKeyMetadata(typeof(TBody)))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
