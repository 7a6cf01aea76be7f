namespace InterviewGateway.Infrastructure.Storage;

/// Where this process keeps its state, decided once by AddGatewayStorage from `ConnectionStrings:Redis`.
/// Registered as an instance so each area's AddStore call can read it while registering.
internal sealed record StorageMode(bool Redis);
