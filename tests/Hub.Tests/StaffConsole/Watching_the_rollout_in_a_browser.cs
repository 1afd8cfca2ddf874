using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Ledger;
using Microsoft.Playwright;

namespace EarTagTrace.Hub.Tests.StaffConsole;

/// <summary>
/// The rollout page as the province reads it (Jilin plan 三): per county the use of the linked function, the 6/30
/// preparation, the 验收 sheet per prefecture, the county's 上报启用时间 with the province's decision, and the trace drills.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class Watching_the_rollout_in_a_browser(ConsoleFixture hub) : IAsyncLifetime
{
    private const string Nongan = "220122";
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        _context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.BaseAddress, ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", AcceptDownloads = true,
        });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public Task Should_show_use_preparation_acceptance_start_reports_and_drills_and_let_the_province_approve() => Screenshot(async () =>
    {
        // 农安县 reports its start date; a drill runs for it.
        var clerk = await hub.LoginAsync("nongan", "nongan-sandbox");
        var start = CountyRolloutRules.ChinaDate(hub.Clock.GetUtcNow()).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reported = await clerk.PostAsJsonAsync($"/api/rollout/counties/{Nongan}/start-reports", new JsonObject { ["startDate"] = start, ["note"] = "培训已完成" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var drill = await hub.Client.PostAsJsonAsync("/api/trace-drills", new JsonObject { ["county"] = Nongan });
        Assert.Equal(HttpStatusCode.OK, drill.StatusCode);

        await SignInAsync("admin");
        await _page.GotoAsync("/console/#/rollout");

        var prefectures = _page.Locator("#prefectures table");
        await Assertions.Expect(prefectures).ToContainTextAsync("长春市");
        await Assertions.Expect(prefectures).ToContainTextAsync("已应用 in use");
        await Assertions.Expect(prefectures).ToContainTextAsync("6/30 准备");

        // The acceptance sheet of 长春市 comes down as .xlsx.
        var download = await _page.RunAndWaitForDownloadAsync(() =>
            _page.Locator("a.acceptance[data-prefecture='2201']").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        Assert.Contains("长春市", download.SuggestedFilename);

        await _page.ClickAsync("main a[href='#/rollout/counties']");
        var nongan = _page.Locator("#counties tr", new() { HasText = Nongan });
        await Assertions.Expect(nongan).ToContainTextAsync("农安县");
        await Assertions.Expect(nongan).ToContainTextAsync("未导入"); // no stock imported yet
        await Assertions.Expect(nongan).ToContainTextAsync($"{start} 待审批");
        await Assertions.Expect(nongan.Locator("td").Nth(1)).ToHaveTextAsync("未启用");
        await Assertions.Expect(nongan).ToContainTextAsync("0/0 完整"); // the drill ran, with no tag to trace yet
        await Assertions.Expect(_page.Locator("#counties thead")).ToContainTextAsync("首次关联发放");

        await _page.ClickAsync("main a[href='#/rollout/drills']");
        await Assertions.Expect(_page.Locator("#drills tr", new() { HasText = Nongan })).ToContainTextAsync("农安县");

        // The province approves the report from the page; the county then shows the approved date as its switch.
        await _page.ClickAsync("main a[href='#/rollout/start-reports']");
        var report = _page.Locator("#reports tr", new() { HasText = Nongan });
        await Assertions.Expect(report).ToContainTextAsync("待审批");
        await report.Locator("input").FillAsync("同意按期启用");
        await report.Locator("button[data-decide=approve]").ClickAsync();
        await Assertions.Expect(_page.Locator("#reports tr", new() { HasText = Nongan })).ToContainTextAsync("已批准");
        await _page.ClickAsync("main a[href='#/rollout/counties']");
        await Assertions.Expect(_page.Locator("#counties tr", new() { HasText = Nongan }).Locator("td").Nth(1)).ToHaveTextAsync(start);
        Assert.True(await _page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 1366"), "the rollout page fits 1366 px");
    });

    [Fact]
    public Task Should_not_offer_the_province_decision_to_a_viewer() => Screenshot(async () =>
    {
        var clerk = await hub.LoginAsync("nongan", "nongan-sandbox");
        var start = CountyRolloutRules.ChinaDate(hub.Clock.GetUtcNow()).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created,
            (await clerk.PostAsJsonAsync($"/api/rollout/counties/{Nongan}/start-reports", new JsonObject { ["startDate"] = start })).StatusCode);

        await SignInAsync("viewer");
        await _page.GotoAsync("/console/#/rollout/start-reports");

        await Assertions.Expect(_page.Locator("#reports tr", new() { HasText = Nongan })).ToContainTextAsync("待审批");
        await Assertions.Expect(_page.Locator("#reports button")).ToHaveCountAsync(0);
    });

    private async Task SignInAsync(string user)
    {
        await _page.GotoAsync("/console/#/login");
        await _page.FillAsync("input[name=username]", user);
        await _page.FillAsync("input[name=password]", user + "-sandbox");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("#who")).ToContainTextAsync(user);
    }

    /// <summary>Runs a browser test and keeps a screenshot of the page when it fails.</summary>
    private async Task Screenshot(Func<Task> test, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        try
        {
            await test();
        }
        catch
        {
            var folder = Path.Combine(Environment.GetEnvironmentVariable("EARTAG_SCREENSHOTS") ?? Path.GetTempPath(), "eartag-console");
            Directory.CreateDirectory(folder);
            try { await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true }); }
            catch (PlaywrightException) { }
            throw;
        }
    }
}
