namespace InterviewGateway.SampleSubscriber;

/// Subscriber__Secret=whsec_... \
///   dotnet run --project samples/InterviewGateway.SampleSubscriber --urls http://localhost:5090
internal static class Program
{
    public static void Main(string[] args) => SubscriberApp.Build(args).Run();
}
