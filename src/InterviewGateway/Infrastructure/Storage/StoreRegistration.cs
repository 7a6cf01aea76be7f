namespace InterviewGateway.Infrastructure.Storage;

/// Each area registers its own stores with one line; the storage mode picks the implementation.
internal static class StoreRegistration
{
    /// `TRedis` when Redis is configured, else `TInMemory` (one instance per process, also swept by
    /// InMemoryEviction when it is IEvictable). Throws when AddGatewayStorage has not run yet.
    public static IServiceCollection AddStore<TStore, TInMemory, TRedis>(this IServiceCollection services)
        where TStore : class
        where TInMemory : class, TStore
        where TRedis : class, TStore
    {
        if (services.GetStorageMode().Redis)
        {
            services.AddSingleton<TStore, TRedis>();
            return services;
        }

        services.AddSingleton<TInMemory>();
        services.AddSingleton<TStore>(sp => sp.GetRequiredService<TInMemory>());
        if (typeof(TInMemory).IsAssignableTo(typeof(IEvictable)))
        {
            services.AddSingleton(sp => (IEvictable)sp.GetRequiredService<TInMemory>());
        }

        return services;
    }

    /// A store with a second face (the delivery queue: the engine's verbs, the admin operations): one
    /// instance behind both, so each consumer takes only the face it uses.
    public static IServiceCollection AddStore<TStore, TFace, TInMemory, TRedis>(this IServiceCollection services)
        where TStore : class
        where TFace : class
        where TInMemory : class, TStore, TFace
        where TRedis : class, TStore, TFace
    {
        services.AddStore<TStore, TInMemory, TRedis>();
        services.AddSingleton(sp => (TFace)(object)sp.GetRequiredService<TStore>());
        return services;
    }

    public static StorageMode GetStorageMode(this IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(StorageMode) && !d.IsKeyedService)
            ?.ImplementationInstance as StorageMode
        ?? throw new InvalidOperationException(
            "Stores are registered before the storage: call AddGatewayStorage first (GatewayBuilder).");
}
