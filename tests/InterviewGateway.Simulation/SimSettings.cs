namespace InterviewGateway.Simulation;

/// Configuration shared by every host of a run; `Change` reloads it everywhere at once, as an operator
/// rolling a new setting out to every instance would (vendor limit changes).
internal sealed class SimSettings : ConfigurationProvider, IConfigurationSource
{
    public SimSettings(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            Data[key] = value;
        }
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Change(string key, string value)
    {
        Data[key] = value;
        OnReload();
    }
}
