using Microsoft.Playwright;

namespace EarTagTrace.Hub.Tests.StaffConsole;

/// <summary>
/// A hub on a real port (Kestrel) with its own database and simulators, and Debian's chromium driven by Playwright.
/// EARTAG_CHROMIUM names the browser (./eartag test installs it and sets it).
/// </summary>
public sealed class ConsoleFixture : HubFixture
{
    protected override bool RealServer => true;

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("EARTAG_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Offline machine: no background traffic, no sandbox (tests may run as root), no GPU.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public override async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
