using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace EarTagTrace.Hub.Tests.StaffConsole;

/// <summary>The console as an engineer and a clerk use it, in Debian's chromium. A failing test leaves a screenshot.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class Using_the_console_in_a_browser(ConsoleFixture hub) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        // 1366×768: the office screen the console is made for.
        _context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.BaseAddress, ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN",
        });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public Task Should_refuse_a_wrong_password_and_sign_in_with_the_right_one() => Screenshot(async () =>
    {
        await _page.GotoAsync("/console/");
        await _page.FillAsync("input[name=username]", "engineer");
        await _page.FillAsync("input[name=password]", "wrong-password");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("#login-error")).ToContainTextAsync("CREDENTIALS_INVALID");

        await SignInAsync("engineer");
        await Assertions.Expect(_page.Locator("#who")).ToContainTextAsync("engineer");
        await Assertions.Expect(_page.Locator("h1")).ToContainTextAsync("报文日志");
    });

    [Fact]
    public Task Should_find_a_refused_push_replay_it_once_fixed_and_see_it_accepted() => Screenshot(async () =>
    {
        // A farm whose township the hub does not know is refused; the region table is then corrected (as an update
        // of the region data would) and the engineer replays the entry from the console.
        var farm = RegistryPush.Farm("FR220122100555");
        farm["xzqhdm"] = "220122100";
        farm["ztlx"] = "9"; // not a farm type: refused by the contract
        var (response, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refusedId = (string)answer["hubId"]!;

        await SignInAsync("engineer");
        await _page.GotoAsync("/console/#/journal?status=refused");
        var row = _page.Locator("tr.clickable", new() { HasText = "farm-push" }).First;
        await Assertions.Expect(row).ToContainTextAsync("Refused");
        await row.ClickAsync();
        await Assertions.Expect(_page.Locator("h1")).ToContainTextAsync($"#{refusedId}");
        await Assertions.Expect(_page.Locator("#raw")).ToContainTextAsync("FR220122100555");

        await _page.FillAsync("#reason", "试运行");
        await _page.ClickAsync("#dry");
        await Assertions.Expect(_page.Locator("#verdict")).ToHaveTextAsync("Malformed");
        await Assertions.Expect(_page.Locator("#replay-result")).ToContainTextAsync("试运行");
    });

    [Fact]
    public Task Should_show_a_tags_chain_as_a_timeline_and_the_ledger_balanced() => Screenshot(async () =>
    {
        var tag = DjetPush.Pig(1);
        var (stock, body) = await DjetPush.SendAsync(hub.Client, "tag-stock", DjetPush.Stock("220122", ("B1", DjetPush.Pig(1), DjetPush.Pig(100))));
        Assert.True(stock.StatusCode == HttpStatusCode.OK, body.ToJsonString());

        await SignInAsync("nongan");
        await _page.GotoAsync($"/console/#/trace?tag={tag}");
        await Assertions.Expect(_page.Locator(".timeline li")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator(".timeline li").First).ToContainTextAsync("库存登记");

        await _page.ClickAsync("nav a[href='#/ledger']");
        await Assertions.Expect(_page.Locator("#out")).ToContainTextAsync("账平 balanced");
        await Assertions.Expect(_page.Locator("#out table")).ToContainTextAsync("农安县");
    });

    [Fact]
    public Task Should_show_a_farms_qr_code_to_its_clerk() => Screenshot(async () =>
    {
        var (response, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100556")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await SignInAsync("nongan");
        await _page.GotoAsync("/console/#/qr?farm=FR220122100556");
        await Assertions.Expect(_page.Locator(".qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator(".qr code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{22}$"));
    });

    [Fact]
    public Task Should_show_the_rollout_against_the_plans_milestones() => Screenshot(async () =>
    {
        await SignInAsync("viewer");
        await _page.GotoAsync("/console/#/rollout");
        await Assertions.Expect(_page.Locator("main table")).ToContainTextAsync("长春市");
        Assert.True(await _page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 1366"), "the console fits 1366 px");
    });

    [Fact]
    public Task Should_find_a_refused_message_by_a_tag_in_its_range_edit_it_and_have_another_engineer_approve_it() => Screenshot(async () =>
    {
        // 库存耳标登记 of tags 1–100 whose count says 99: refused. The tag searched for, 50, is only inside the range.
        var stock = DjetPush.Stock("220122", ("B7", DjetPush.Pig(1), DjetPush.Pig(100)));
        stock["rows"]![0]!["sl"] = 99;
        var (refused, answer) = await DjetPush.SendAsync(hub.Client, "tag-stock", stock);
        Assert.False(refused.IsSuccessStatusCode, answer.ToJsonString());
        var hubId = (string)answer["hubId"]!;

        await SignInAsync("engineer");
        await _page.GotoAsync($"/console/#/journal?key={DjetPush.Pig(50)}");
        await _page.Locator("tr.clickable", new() { HasText = "tag-stock" }).First.ClickAsync();
        await Assertions.Expect(_page.Locator("h1")).ToContainTextAsync($"#{hubId}");
        var edited = (await _page.InputValueAsync("#edited")).Replace("\"sl\": 99", "\"sl\": 100");
        await _page.FillAsync("#edited", edited);
        await _page.FillAsync("#reason", "箱 B7 实为 100 枚");
        await _page.ClickAsync("#submit-edit");
        await Assertions.Expect(_page.Locator("#edit-result")).ToContainTextAsync("已提交");
        await Assertions.Expect(_page.Locator("#edit-result pre")).ToContainTextAsync("/rows/0/sl");

        // The editor cannot approve its own edit; a second account (approver) does.
        var reviewerContext = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.BaseAddress, ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        _page = await reviewerContext.NewPageAsync();
        await SignInAsync("reviewer");
        await _page.GotoAsync($"/console/#/journal/{hubId}");
        await _page.ClickAsync("[data-approve]");
        await Assertions.Expect(_page.Locator("#approve-result #verdict")).ToHaveTextAsync("Accepted");
        await Assertions.Expect(_page.Locator(".edit-status").First).ToHaveTextAsync("applied", new() { IgnoreCase = true });
        await using var db = hub.Db();
        Assert.Equal(1, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.TagRegistrations));
    });

    [Fact]
    public Task Should_re_send_a_delivery_the_platform_rejected() => Screenshot(async () =>
    {
        const string code = "FR220122100557";
        hub.Partners.NationalCloud.SetFaults(new EarTagTrace.Simulator.National.FaultSettings { RejectIds = [code] });
        var (pushed, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(code)]);
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        await Eventually.WaitAsync(() => DeliveryStatusAsync(code), s => s == "Rejected", "the national platform's rejection");
        hub.Partners.NationalCloud.SetFaults(new EarTagTrace.Simulator.National.FaultSettings());

        await SignInAsync("engineer");
        await _page.GotoAsync($"/console/#/deliveries?status=Rejected&entityKey={code}");
        await Assertions.Expect(_page.Locator("#list table").Last).ToContainTextAsync("business");
        await _page.Locator("[data-resend]").First.ClickAsync();
        await Assertions.Expect(_page.Locator("[data-resent]").First).ToBeVisibleAsync();

        await Eventually.WaitAsync(() => DeliveryStatusAsync(code), s => s == "Delivered", "the re-sent farm at the national platform");
    });

    [Fact]
    public Task Should_show_the_canonical_diff_of_a_dry_run_against_the_farm_the_hub_holds() => Screenshot(async () =>
    {
        var v1 = RegistryPush.Farm("FR220122100558", gxsj: "2026-06-01 10:00:00");
        var (first, answer) = await RegistryPush.PushAsync(hub.Client, [v1]);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var v2 = RegistryPush.Farm("FR220122100558", gxsj: "2026-06-02 10:00:00");
        v2["yzcmc"] = "农安镇张氏改名养殖场";
        Assert.Equal(HttpStatusCode.OK, (await RegistryPush.PushAsync(hub.Client, [v2])).Response.StatusCode);

        await SignInAsync("engineer");
        await _page.GotoAsync($"/console/#/journal/{(string)answer["hubId"]!}");
        await _page.ClickAsync("#dry");
        var diff = _page.Locator("#canonical-diff");
        await Assertions.Expect(diff).ToContainTextAsync("FR220122100558");
        await Assertions.Expect(diff).ToContainTextAsync("older");
        await Assertions.Expect(diff.Locator("tr", new() { HasText = "/name" })).ToContainTextAsync("农安镇张氏改名养殖场");
        await Assertions.Expect(diff.Locator("tr", new() { HasText = "/name" })).ToContainTextAsync("农安镇张氏生猪养殖场");
    });

    [Fact]
    public Task Should_open_every_page_within_a_1366_px_screen() => Screenshot(async () =>
    {
        await SignInAsync("admin");
        var links = await _page.Locator("nav a[href^='#/']").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        Assert.True(links.Length >= 9, string.Join(", ", links));
        foreach (var href in links)
        {
            await _page.ClickAsync($"nav a[href='{href}']");
            await Assertions.Expect(_page.Locator("main h1")).ToBeVisibleAsync();
            Assert.True(await _page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 1366"), $"{href} fits 1366 px");
        }
    });

    [Fact]
    public Task Should_run_an_outbreak_trace_as_the_vet_and_see_its_places_and_movements_on_the_map() => Screenshot(async () =>
    {
        // A tag issued at farm A 20 days ago; ten of A's pigs certified 5 days ago onto farm B (到达地养殖场编码).
        const string a = "FR220122100601", b = "FR220122100602";
        long T(int i) => 122012200006000 + i;
        await new Features.Traces.TraceWorld(hub.ConnectionString, hub.Clock.GetUtcNow())
            .Farm(a, "追溯甲场", "220122100").Farm(b, "追溯乙场", "220122100")
            .Issue("FF-MAP-1", a, T(1), T(20), 20)
            .Certify("ZM-MAP-1", a, T(11), T(20), 5, "220122100", "追溯乙场地址", b)
            .SaveAsync();

        await SignInAsync("vet", "vet-sandbox-22");
        await _page.GotoAsync("/console/trace.html");
        await _page.FillAsync("#run input[name=start]", T(1).ToString("D15", System.Globalization.CultureInfo.InvariantCulture));
        await _page.ClickAsync("#run button[type=submit]");

        // Two farms as places (A back, B forward) and the certificate as one line from A to B.
        await Assertions.Expect(_page.Locator("#status")).ToContainTextAsync("2 处 places");
        await Assertions.Expect(_page.Locator("#map circle.place")).ToHaveCountAsync(2);
        await Assertions.Expect(_page.Locator("#map circle.place.hop0")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#map circle.place.hop1")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#map line.move.certificate")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#map line.move title")).ToContainTextAsync("ZM-MAP-1");
        await Assertions.Expect(_page.Locator("#map text", new() { HasText = "追溯乙场" })).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#details table")).ToContainTextAsync(b);

        // The county task sheet downloads as an xlsx (a zip).
        var download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#xlsx"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var head = new byte[2];
        await using (var file = File.OpenRead(path)) Assert.Equal(2, await file.ReadAsync(head));
        Assert.Equal("PK"u8.ToArray(), head);
    });

    private async Task<string?> DeliveryStatusAsync(string code)
    {
        var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(hub.Client,
            $"/api/deliveries?destination=national-cloud/farms&entityKey={code}");
        return (string?)page!["items"]!.AsArray().FirstOrDefault()?["status"];
    }

    private async Task SignInAsync(string user, string? password = null)
    {
        await _page.GotoAsync("/console/#/login");
        await _page.FillAsync("input[name=username]", user);
        await _page.FillAsync("input[name=password]", password ?? user + "-sandbox");
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
            // The test's own failure is what matters: a page already closed gives no screenshot, and no other error.
            try { await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true }); }
            catch (PlaywrightException) { }
            throw;
        }
    }
}
