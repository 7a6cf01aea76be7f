using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Inbound;

internal static class InboundSetup
{
    /// The inbound vendor webhook log (the receive endpoint is its one writer).
    public static void AddInboundWebhookLog(this IServiceCollection services)
    {
        services.AddOptions<InboundWebhookLogOptions>().BindConfiguration("VendorWebhookLog")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddStore<IInboundWebhookLog, InMemoryInboundWebhookLog, RedisInboundWebhookLog>();
    }
}
