namespace InterviewGateway.Infrastructure.Storage;

/// An in-memory store that drops what outlived its retention (Redis expires keys by itself).
internal interface IEvictable
{
    void EvictExpired(DateTimeOffset now);
}
