using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace EarTagTrace.Hub.Tests.StaffConsole;

/// <summary>
/// The console as a county clerk and a township collector use it (issue 20): the stock sheet's row report, QR labels
/// printed to PDF and decoded, a record taken on a phone at its GPS position, a point moved by a tap, the map's
/// boundary and point layers read through MapLibre's rendered features, masked names for a viewer, and each role's own
/// navigation. Two screenshots of these runs are the README's (docs/console-map.png, docs/console-phone.png).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class Working_at_the_county_and_in_the_field(ConsoleFixture hub) : IAsyncLifetime
{
    private const string Fengcheng = "350524100"; // 安溪县凤城镇, the sandbox collector anxi-fengcheng's township
    private const string Nongan = "220122100"; // 农安县农安镇
    private static readonly (double Lon, double Lat) Field = (118.1862, 25.0553); // a tea-garden road outside 凤城

    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        // A map page on a shared 2-core machine may take a while to draw.
        Assertions.SetDefaultExpectTimeout(15_000);
        await UseViewportAsync(1366, 768);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public Task Clerk_imports_a_stock_sheet_and_sees_its_row_report() => Screenshot(async () =>
    {
        // Row 3 says 9 tags for a range of 10: the whole sheet is refused and the fault is reported at row 3.
        var csv = "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间\n" +
                  "220122,A1,P1,122012200000001,122012200000010,10,2026-05-01 09:00:00\n" +
                  "220122,A1,P2,122012200000011,122012200000020,9,2026-05-01 09:00:00\n";
        await SignInAsync("nongan");
        await _page.GotoAsync("/console/#/stock-sheet");
        await _page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = "stock.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await _page.ClickAsync("#upload button");
        var report = _page.Locator("#row-report");
        await Assertions.Expect(report).ToBeVisibleAsync();
        var row = report.Locator("tbody tr").First;
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("数量");
        await Assertions.Expect(_page.Locator("#progress-text")).ToContainTextAsync("100%");
        await using var db = hub.Db();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.TagRegistrations));

        // Corrected, the same sheet goes in.
        await _page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = "stock.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.Replace(",9,", ",10,")) });
        await _page.ClickAsync("#upload button");
        await Assertions.Expect(_page.Locator("#import-done")).ToContainTextAsync("20 枚");
    });

    [Fact]
    public Task Clerk_prints_QR_labels_and_the_codes_decode_to_the_farms_tokens() => Screenshot(async () =>
    {
        string[] codes = ["FR220122100701", "FR220122100702", "FR220122100703"];
        var (pushed, _) = await RegistryPush.PushAsync(hub.Client, codes.Select(c => RegistryPush.Farm(c)).ToArray());
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        var nongan = await hub.LoginAsync("nongan");
        var payloads = new Dictionary<string, string>();
        foreach (var code in codes)
            payloads[code] = (string)(await nongan.GetFromJsonAsync<JsonObject>($"/api/farms/{code}/qr"))!["payload"]!;

        await SignInAsync("nongan");
        await _page.GotoAsync($"/console/#/labels?township={Nongan}");
        await Assertions.Expect(_page.Locator(".label")).ToHaveCountAsync(codes.Length);
        var pdf = await _page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });

        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "eartag-qr-labels.pdf"), pdf); // kept for a look when this fails
        using var document = PdfDocument.Open(pdf);
        var images = document.GetPages().SelectMany(p => p.GetImages()).ToList();
        Assert.Equal(codes.Length, images.Count);
        var decoded = images.Select(DecodeQr).Where(t => t is not null).ToList();
        Assert.Equal(payloads.Values.Order(), decoded.Order());
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        foreach (var code in codes) Assert.Contains(code, text);
        // The console's frame (header, navigation, filter form) is not on the paper.
        Assert.DoesNotContain("数据交换控制台", text);
    });

    [Fact]
    public Task Collector_on_a_phone_adds_a_record_at_its_position_and_sees_it_on_the_map() => Screenshot(async () =>
    {
        await UseViewportAsync(360, 740, geolocation: Field);
        await SignInAsync("anxi-fengcheng");
        await Assertions.Expect(_page.Locator("main h1")).ToContainTextAsync("本乡镇");
        await FitsAsync(360, "township");

        await _page.GotoAsync("/console/#/record/new");
        await _page.SelectOptionAsync("select[name=entityType]", "家庭农场");
        await _page.SelectOptionAsync("select[name=product]", "cowpea");
        await _page.FillAsync("input[name=entityName]", "凤城镇陈记家庭农场");
        await _page.FillAsync("input[name=scale]", "3.5");
        await _page.ClickAsync("#locate");
        await Assertions.Expect(_page.Locator("#locate-msg")).ToContainTextAsync("手机定位");
        await FitsAsync(360, "record form");
        await _page.ClickAsync("#save");
        await Assertions.Expect(_page.Locator("#saved")).ToBeVisibleAsync();
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(_page.Url, @"#/record/(\d+)").Groups[1].Value);

        var fengcheng = await hub.LoginAsync("anxi-fengcheng");
        var record = (await fengcheng.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}"))!["record"]!;
        Assert.Equal(Field.Lon, (double)record["longitude"]!, 5);
        Assert.Equal(Field.Lat, (double)record["latitude"]!, 5);

        await _page.GotoAsync("/console/#/township");
        await WaitForRenderedAsync("origin-points", $"f => f.properties.id === {id}");
        await _page.Locator("#map").ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = DocsImage("console-phone.png"), FullPage = false });
    });

    [Fact]
    public Task Collector_keeps_what_it_typed_when_a_save_is_refused_and_taps_the_map_to_move_a_point() => Screenshot(async () =>
    {
        var fengcheng = await hub.LoginAsync("anxi-fengcheng");
        var created = await fengcheng.PostAsJsonAsync("/api/origin/records", new
        {
            entityName = "凤城镇茶园合作社", entityType = "农民专业合作社", product = "芹菜", scale = 2, regionCode = Fengcheng,
            longitude = Field.Lon, latitude = Field.Lat,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["record"]!["id"]!;

        await UseViewportAsync(360, 740);
        await SignInAsync("anxi-fengcheng");
        await _page.GotoAsync($"/console/#/record/{id}");
        await WaitForRenderedAsync("record-point", "f => true");

        // A scale that is no number is refused: the reason shows, the field is marked, what was typed stays.
        await _page.FillAsync("input[name=scale]", "两亩");
        await _page.ClickAsync("#save");
        await Assertions.Expect(_page.Locator("#save-result")).ToContainTextAsync("SCALE_INVALID");
        await Assertions.Expect(_page.Locator("input[name=scale]")).ToHaveValueAsync("两亩");
        await Assertions.Expect(_page.Locator("input[name=scale].invalid")).ToHaveCountAsync(1);
        // …and survives a reload (a phone that lost the page).
        await _page.ReloadAsync();
        await Assertions.Expect(_page.Locator("#draft-note")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("input[name=scale]")).ToHaveValueAsync("两亩");
        await _page.FillAsync("input[name=scale]", "2");

        // A tap on the map, 60 px right of and 40 px above its centre, moves the point there.
        await WaitForRenderedAsync("record-point", "f => true");
        await _page.Locator("#map").ScrollIntoViewIfNeededAsync();
        var box = (await _page.Locator("#map canvas").BoundingBoxAsync())!;
        await _page.Mouse.ClickAsync(box.X + box.Width / 2 + 60, box.Y + box.Height / 2 - 40);
        await Assertions.Expect(_page.Locator("#locate-msg")).ToContainTextAsync("地图点选");
        var lon = double.Parse(await _page.InputValueAsync("input[name=longitude]"), System.Globalization.CultureInfo.InvariantCulture);
        var lat = double.Parse(await _page.InputValueAsync("input[name=latitude]"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lon > Field.Lon && lat > Field.Lat, $"the tap east and north of the point gave {lon}, {lat}");
        await _page.ClickAsync("#refine");
        await Assertions.Expect(_page.Locator("#refined")).ToBeVisibleAsync();

        var detail = (await fengcheng.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}"))!;
        Assert.Equal(lon, (double)detail["record"]!["longitude"]!, 5);
        Assert.Equal(lat, (double)detail["record"]!["latitude"]!, 5);
        var last = detail["locationHistory"]!.AsArray().Last()!;
        Assert.Equal("anxi-fengcheng", (string)last["changedBy"]!);
        Assert.Equal(Field.Lon, (double)last["fromLongitude"]!, 5);
        await Assertions.Expect(_page.Locator("main table").First).ToContainTextAsync("anxi-fengcheng");
        await FitsAsync(360, "record page");
    });

    [Fact]
    public Task Collector_imports_a_collection_sheet_with_its_row_report_and_records_a_rapid_test() => Screenshot(async () =>
    {
        var good = Features.Origin.OriginSheet.Row(entity: "凤城镇绿源蔬菜专业合作社");
        var bad = Features.Origin.OriginSheet.Row(entity: "凤城镇山前茶果场", product: "苹果");
        await UseViewportAsync(360, 740);
        await SignInAsync("anxi-fengcheng");
        await _page.GotoAsync("/console/#/collect-import");
        await _page.SetInputFilesAsync("input[type=file]", new FilePayload
        {
            Name = "采集表.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Features.Origin.OriginSheet.Csv([good, bad])),
        });
        await _page.ClickAsync("#upload button");
        var row = _page.Locator("#row-report tbody tr").First;
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("产品名称");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("PRODUCT_UNKNOWN");
        await FitsAsync(360, "sheet import with its report");

        bad["产品名称"] = "韭菜";
        await _page.SetInputFilesAsync("input[type=file]", new FilePayload
        {
            Name = "采集表.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Features.Origin.OriginSheet.Csv([good, bad])),
        });
        await _page.ClickAsync("#upload button");
        await Assertions.Expect(_page.Locator("#import-done")).ToContainTextAsync("新增 2");

        var fengcheng = await hub.LoginAsync("anxi-fengcheng");
        var id = (long)(await fengcheng.GetFromJsonAsync<JsonObject>($"/api/origin/records?region={Fengcheng}"))!["items"]![0]!["id"]!;
        await _page.GotoAsync($"/console/#/record/{id}");
        await _page.FillAsync("#rapid input[name=sampleNo]", "AX-2023-001");
        await _page.FillAsync("#rapid input[name=item]", "农药残留");
        await _page.SelectOptionAsync("#rapid select[name=result]", "合格");
        await _page.ClickAsync("#rapid button");
        await Assertions.Expect(_page.Locator("main")).ToContainTextAsync("AX-2023-001");
        var tests = (await fengcheng.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}"))!["rapidTests"]!.AsArray();
        Assert.Equal("AX-2023-001", (string)Assert.Single(tests)!["sampleNo"]!);
    });

    [Fact]
    public Task The_map_draws_county_outlines_under_the_hubs_points_and_keeps_its_table_in_step() => Screenshot(async () =>
    {
        var collector = await hub.LoginAsync("nongan-town");
        foreach (var (name, product, lon, lat) in new[] { ("农安镇宏达牧业有限公司", "肉牛", 125.1847, 44.4329), ("农安镇刘家屯合作社", "生猪", 125.2101, 44.4512) })
        {
            var r = await collector.PostAsJsonAsync("/api/origin/records", new
            {
                entityName = name, entityType = "农民专业合作社", product, scale = 60, regionCode = Nongan, longitude = lon, latitude = lat,
            });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        await SignInAsync("viewer");
        // Fitted to the county: its outline selected, its neighbours' drawn too, the points merged into clusters.
        await _page.GotoAsync("/console/#/origin?region=220122");
        await WaitForRenderedAsync("county-line", "f => f.properties.code === '220122' && f.properties.selected");
        await WaitForRenderedAsync("county-fill", "f => !f.properties.selected && f.properties.code.startsWith('22')");
        await WaitForRenderedAsync("origin-clusters", "f => f.properties.count >= 1");
        await Assertions.Expect(_page.Locator("#stats")).ToContainTextAsync("肉牛");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = DocsImage("console-map.png") });
        // Closer in, each record is its own point.
        await _page.GotoAsync("/console/#/origin?region=220122&at=125.19,44.44,11");
        var points = await WaitForRenderedAsync("origin-points", "f => true", count: 2);
        Assert.Equal(2, points);
        await WaitForRenderedAsync("county-fill", "f => f.properties.code === '220122' && f.properties.selected");
        await Assertions.Expect(_page.Locator("#stats")).ToContainTextAsync("肉牛");
        await Assertions.Expect(_page.Locator("#no-outline")).ToHaveCountAsync(0);
        Assert.True(await _page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 1366"), "the map page fits 1366 px");

        // Moved away from the points, the table says nothing is in view: it follows the map.
        await _page.EvaluateAsync("() => { window.consoleMap.jumpTo({ center: [126.9, 42.0], zoom: 11 }); }");
        await Assertions.Expect(_page.Locator("#stats")).ToContainTextAsync("nothing in view");

        // A township has no outline of its own in the open data: the page says so and selects its county.
        await _page.GotoAsync("/console/#/origin?region=220122100&product=beef-cattle&at=125.19,44.44,11");
        await Assertions.Expect(_page.Locator("#no-outline")).ToContainTextAsync("乡镇");
        Assert.Equal(1, await WaitForRenderedAsync("origin-points", "f => f.properties.product === 'beef-cattle'"));
        Assert.Equal(0, await _page.EvaluateAsync<int>("window.consoleMap.queryRenderedFeatures({ layers: ['origin-points'] }).filter(f => f.properties.product !== 'beef-cattle').length"));
        await WaitForRenderedAsync("county-fill", "f => f.properties.code === '220122' && f.properties.selected");
    });

    [Fact]
    public Task A_viewer_sees_personal_names_masked_on_the_map_and_opens_the_record() => Screenshot(async () =>
    {
        var collector = await hub.LoginAsync("nongan-town");
        var r = await collector.PostAsJsonAsync("/api/origin/records", new
        {
            entityName = "王建国", entityType = "农户", product = "生猪", scale = 40, regionCode = Nongan, longitude = 125.1847, latitude = 44.4329,
        });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        var id = (long)(await r.Content.ReadFromJsonAsync<JsonObject>())!["record"]!["id"]!;

        await SignInAsync("viewer");
        await _page.GotoAsync("/console/#/origin?at=125.1847,44.4329,13");
        await WaitForRenderedAsync("origin-points", "f => f.properties.entity === '王**'");
        Assert.Equal(0, await _page.EvaluateAsync<int>(
            "window.consoleMap.queryRenderedFeatures({ layers: ['origin-points'] }).filter(f => String(f.properties.entity).includes('建国')).length"));
        // A click on the point opens its record.
        await _page.Locator("#map").ScrollIntoViewIfNeededAsync();
        var at = await _page.EvaluateAsync<double[]>("(() => { const p = window.consoleMap.project([125.1847, 44.4329]); return [p.x, p.y]; })()");
        var box = (await _page.Locator("#map canvas").BoundingBoxAsync())!;
        await _page.Mouse.ClickAsync(box.X + (float)at[0], box.Y + (float)at[1]);
        // Polls the address: the click's hash change may land before a navigation waiter is set up.
        await Assertions.Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/record/{id}$"));
        await Assertions.Expect(_page.Locator("main h1")).ToContainTextAsync("王**");
    });

    [Fact]
    public Task Each_role_is_offered_its_own_pages_and_each_fits_its_screen() => Screenshot(async () =>
    {
        await SignInAsync("nongan");
        var clerk = await VisibleNavAsync();
        Assert.Contains("#/stock-sheet", clerk);
        Assert.Contains("#/labels", clerk);
        Assert.Contains("#/authorisations", clerk);
        Assert.DoesNotContain("#/journal", clerk);
        Assert.DoesNotContain("#/replays", clerk);
        foreach (var href in clerk) await OpensAndFitsAsync(href, 1366);

        await UseViewportAsync(360, 740);
        await SignInAsync("anxi-fengcheng");
        var collector = await VisibleNavAsync();
        Assert.Contains("#/township", collector);
        Assert.Contains("#/record/new", collector);
        Assert.Contains("#/collect-import", collector);
        Assert.DoesNotContain("#/stock-sheet", collector);
        Assert.DoesNotContain("#/journal", collector);
        foreach (var href in collector) await OpensAndFitsAsync(href, 360);

        // Not offered, and refused anyway.
        var fengcheng = await hub.LoginAsync("anxi-fengcheng");
        Assert.Equal(HttpStatusCode.Forbidden, (await fengcheng.GetAsync($"/api/console/qr-labels?township={Fengcheng}")).StatusCode);
    });

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private async Task UseViewportAsync(int width, int height, (double Lon, double Lat)? geolocation = null)
    {
        if (_context is not null) await _context.DisposeAsync();
        _context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.BaseAddress, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN",
            IsMobile = width < 600, HasTouch = width < 600,
            Geolocation = geolocation is { } g ? new Geolocation { Longitude = (float)g.Lon, Latitude = (float)g.Lat, Accuracy = 8 } : null,
            Permissions = geolocation is null ? [] : ["geolocation"],
        });
        _page = await _context.NewPageAsync();
        // The first page of a run loads MapLibre and the county outlines while other hubs share the two cores: a full
        // run once took longer than Playwright's 30 s to navigate.
        _page.SetDefaultNavigationTimeout(60_000);
    }

    private async Task SignInAsync(string user)
    {
        await _page.GotoAsync("/console/#/login");
        await _page.FillAsync("input[name=username]", user);
        await _page.FillAsync("input[name=password]", user + "-sandbox");
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("#who")).ToContainTextAsync(user);
    }

    private async Task<string[]> VisibleNavAsync() =>
        await _page.Locator("nav a[href^='#/']:visible").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");

    private async Task OpensAndFitsAsync(string href, int width)
    {
        await _page.ClickAsync($"nav a[href='{href}']");
        await Assertions.Expect(_page.Locator("main h1")).ToBeVisibleAsync();
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(_page.Locator("main .error")).ToHaveCountAsync(0);
        await FitsAsync(width, href);
    }

    private async Task FitsAsync(int width, string what) =>
        Assert.True(await _page.EvaluateAsync<bool>($"document.documentElement.scrollWidth <= {width}"),
            $"{what} fits {width} px (scrollWidth {await _page.EvaluateAsync<int>("document.documentElement.scrollWidth")})");

    /// <summary>
    /// Waits until MapLibre has drawn at least <paramref name="count"/> features of a layer matching a JS predicate; a
    /// point near a tile's edge is in two tiles, so features count once per id (or code).
    /// </summary>
    private async Task<int> WaitForRenderedAsync(string layer, string predicate, int count = 1)
    {
        var script = $"() => {{ const m = window.consoleMap; if (!m || !m.getLayer('{layer}')) return 0; " +
                     $"const found = m.queryRenderedFeatures({{ layers: ['{layer}'] }}).filter({predicate}); " +
                     "return new Set(found.map((f, i) => f.properties.id ?? f.properties.code ?? 'n' + i)).size; }";
        try
        {
            await _page.WaitForFunctionAsync($"() => ({script})() >= {count}", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 250 });
        }
        catch (TimeoutException e)
        {
            // What the map did draw, so a failure says more than "timeout".
            var state = await _page.EvaluateAsync<string>("""
                () => { const m = window.consoleMap; if (!m) return 'no map';
                  const c = m.getCanvas();
                  return JSON.stringify({ loaded: m.loaded(), zoom: m.getZoom(), center: m.getCenter(), canvas: [c.width, c.height],
                    layers: m.getStyle().layers.map(l => l.id + ':' + m.queryRenderedFeatures({ layers: [l.id] }).length) }); }
                """);
            throw new TimeoutException($"{layer} with {predicate} (≥ {count}) not drawn: {state}", e);
        }
        return await _page.EvaluateAsync<int>($"({script})()");
    }

    /// <summary>The QR code of one image of the PDF, or null: PdfPig gives the image as PNG, ZXing reads it.</summary>
    private static string? DecodeQr(UglyToad.PdfPig.Content.IPdfImage image)
    {
        int width, height;
        byte[] gray;
        if (image.TryGetPng(out var png)) (width, height, gray) = Png.Gray(png);
        else if (image.TryGetBytesAsMemory(out var samples)) (width, height, gray) = Samples(image, samples.ToArray());
        else return null;
        var source = new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        // ZXing's finder-pattern search missed one code in a few (which one depended on the token); the printed image is
        // an upright code on white with its quiet zone (QRCoder draws it), which its pure-barcode reading takes, and it
        // read every missed one.
        hints[DecodeHintType.PURE_BARCODE] = true;
        result ??= new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        return result?.Text;
    }

    /// <summary>Decoded samples of an image PdfPig cannot turn into PNG (1-bit, or a colour space it does not convert).</summary>
    private static (int, int, byte[]) Samples(UglyToad.PdfPig.Content.IPdfImage image, byte[] bytes)
    {
        int w = image.WidthInSamples, h = image.HeightInSamples;
        var gray = new byte[w * h];
        if (image.BitsPerComponent == 1)
        {
            var stride = (w + 7) / 8;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    gray[y * w + x] = (bytes[y * stride + x / 8] & (0x80 >> (x % 8))) != 0 ? (byte)255 : (byte)0;
            return (w, h, gray);
        }
        var components = bytes.Length / (w * h);
        for (var i = 0; i < gray.Length; i++) gray[i] = bytes[i * components];
        return (w, h, gray);
    }

    private static string DocsImage(string name)
    {
        // The README's screenshots: written into docs/ of the checkout the tests run from.
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EarTagTrace.sln"))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? Path.GetTempPath(), "docs", name);
    }

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

    /// <summary>Just enough PNG to read what PdfPig writes: 8-bit gray, RGB or RGBA, not interlaced.</summary>
    private static class Png
    {
        public static (int Width, int Height, byte[] Gray) Gray(byte[] png)
        {
            int width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            for (var at = 8; at < png.Length;)
            {
                var length = (png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) | png[at + 3];
                var type = Encoding.ASCII.GetString(png, at + 4, 4);
                if (type == "IHDR")
                {
                    width = (png[at + 8] << 24) | (png[at + 9] << 16) | (png[at + 10] << 8) | png[at + 11];
                    height = (png[at + 12] << 24) | (png[at + 13] << 16) | (png[at + 14] << 8) | png[at + 15];
                    Assert.Equal(8, png[at + 16]);
                    channels = png[at + 17] switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, var c => throw new NotSupportedException($"PNG colour type {c}") };
                }
                else if (type == "IDAT") idat.Write(png, at + 8, length);
                at += 12 + length;
            }
            idat.Position = 0;
            using var inflated = new MemoryStream();
            using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
            var raw = inflated.ToArray();
            var stride = width * channels;
            var rows = new byte[height * stride];
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= channels ? rows[y * stride + x - channels] : 0, b = y > 0 ? rows[(y - 1) * stride + x] : 0;
                    int c = x >= channels && y > 0 ? rows[(y - 1) * stride + x - channels] : 0;
                    var v = raw[y * (stride + 1) + 1 + x];
                    rows[y * stride + x] = (byte)(filter switch
                    {
                        0 => v, 1 => v + a, 2 => v + b, 3 => v + (a + b) / 2,
                        4 => v + Paeth(a, b, c),
                        _ => throw new NotSupportedException($"PNG filter {filter}"),
                    });
                }
            }
            var gray = new byte[width * height];
            for (var i = 0; i < gray.Length; i++)
                gray[i] = channels < 3 ? rows[i * channels] : (byte)((rows[i * channels] * 299 + rows[i * channels + 1] * 587 + rows[i * channels + 2] * 114) / 1000);
            return (width, height, gray);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
