using Microsoft.Playwright;

namespace InterviewGateway.IntegrationTests.Browser;

/// One browser tab on the console that records every console error or warning and every uncaught page
/// error, so each test can assert the page ran cleanly.
public sealed class ConsoleTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private ConsoleTab(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_problems)
                {
                    _problems.Add($"console.{message.Type}: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_problems)
            {
                _problems.Add("page error: " + error);
            }
        };
    }

    public IPage Page { get; }

    public static readonly ViewportSize Laptop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static async Task<ConsoleTab> OpenAsync(ConsoleHost host, ViewportSize? viewport = null)
    {
        var phone = viewport is { Width: < 600 };
        var context = await host.Browser.NewContextAsync(new()
        {
            BaseURL = host.Gateway.BaseAddress.ToString(),
            ViewportSize = viewport ?? Laptop,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
        });
        var tab = new ConsoleTab(context, await context.NewPageAsync());
        await tab.Page.GotoAsync("/console");
        return tab;
    }

    public async Task SignInAsync(string key)
    {
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public ILocator Heading(string name) =>
        Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1, Exact = true });

    /// Chromium itself reports every 401 response as a console error; after a deliberately wrong key that
    /// one is expected (the page handles it), so only it is dropped.
    public void ForgetRefusedKeyErrors()
    {
        lock (_problems)
        {
            _problems.RemoveAll(p => p.Contains("status of 401 (Unauthorized)", StringComparison.Ordinal));
        }
    }

    public void AssertNoProblems()
    {
        lock (_problems)
        {
            Assert.True(_problems.Count == 0, "The console logged:\n" + string.Join("\n", _problems));
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
