using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Operations;

internal static class OperationsSetup
{
    /// The operation store and the runner; each kind's work is a keyed IOperationWork its area registers.
    public static void AddOperations(this IServiceCollection services)
    {
        services.AddOptions<OperationOptions>().BindConfiguration("Operations").ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStore<IOperationStore, InMemoryOperationStore, RedisOperationStore>();
        services.AddSingleton<OperationRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationRunner>());
    }
}
