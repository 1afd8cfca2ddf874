using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Tests.Features.Traces;

/// <summary>
/// A hand-built world with known movements (农安县 220122, and 德惠市 220183 next door):
/// tags T1..T10 issued to F1 60 days ago; T9..T10 left for F4 50 days ago (before the window); T1..T3 went to F2 on
/// certificate C1 10 days ago (destination farm F2); T4..T5 turned up at F3 (德惠) 8 days ago without a certificate.
/// F2 keeps U1..U5; U1..U2 went to a slaughterhouse on C2, U3 to F5 on C4. F5 keeps W1..W3; W1 went to F6 on C5.
/// F3 keeps V1..V2; V1 went to F7 (德惠) on C6. Traced from T1 over 30 days.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Tracing_an_outbreak(HubFixture hub) : IAsyncLifetime
{
    private const string F1 = "FR220122T00001", F2 = "FR220122T00002", F3 = "FR220183T00003", F4 = "FR220122T00004",
        F5 = "FR220122T00005", F6 = "FR220122T00006", F7 = "FR220183T00007";
    private const string Slaughterhouse = "dest:220122100|农安县肉联厂";
    private static readonly string Start = TraceWorld.Pig(1001);

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        long T(int i) => 122012200001000 + i;
        long U(int i) => 122012200002000 + i;
        long W(int i) => 122012200003000 + i;
        long V(int i) => 122018300004000 + i;
        await new TraceWorld(hub.ConnectionString, hub.Clock.GetUtcNow())
            .Farm(F1, "追溯一号场", "220122100", "王一", "13811110001")
            .Farm(F2, "追溯二号场", "220122100", "王二", "13811110002")
            .Farm(F3, "德惠三号场", "220183100", "赵三", "13811110003")
            .Farm(F4, "追溯四号场", "220122100")
            .Farm(F5, "追溯五号场", "220122100")
            .Farm(F6, "追溯六号场", "220122100")
            .Farm(F7, "德惠七号场", "220183100")
            .Issue("FF-T", F1, T(1), T(10), 60)
            .Issue("FF-U", F2, U(1), U(5), 40)
            .Issue("FF-W", F5, W(1), W(3), 20)
            .Issue("FF-V", F3, V(1), V(2), 100, county: "220183")
            .Certify("C3", F1, T(9), T(10), 50, "220122100", F4 + "地址", F4)
            .Certify("C1", F1, T(1), T(3), 10, "220122100", "追溯二号场地址", F2)
            .Declare("SB-F3", F3, T(4), T(5), 8)
            .Certify("C2", F2, U(1), U(2), 5, "220122100", "农安县肉联厂")
            .Certify("C4", F2, U(3), U(3), 3, "220122100", "追溯五号场地址", F5)
            .Certify("C6", F3, V(1), V(1), 2, "220183100", "德惠七号场地址", F7)
            .Certify("C5", F5, W(1), W(1), 1, "220122100", "追溯六号场地址", F6)
            .SaveAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonObject> TraceAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/traces", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static Dictionary<string, JsonObject> Places(JsonObject trace) =>
        trace["places"]!.AsArray().Select(p => p!.AsObject()).ToDictionary(p => (string)p["id"]!);

    private static HashSet<string> Movements(JsonObject trace) => trace["movements"]!.AsArray()
        .Select(m => $"{m!["from"]}>{m["to"]}:{m["kind"]}:{m["certificateNumber"]}:{m["count"]}").ToHashSet();

    [Fact]
    public async Task Should_find_exactly_the_places_co_residents_and_forward_moves_of_the_world()
    {
        var trace = await TraceAsync(hub.Client, new { start = Start, days = 30, depth = 2 });

        var places = Places(trace);
        Assert.Equal(
            new[] { "farm:" + F1, "farm:" + F2, "farm:" + F3, "farm:" + F5, "farm:" + F6, "farm:" + F7, Slaughterhouse }.Order(),
            places.Keys.Order());
        // Back: T1 lived at F1, then at F2 (C1 named F2 as its destination farm); F4 only held T9..T10 before the window.
        Assert.Equal(0, (int)places["farm:" + F1]["hop"]!);
        Assert.Equal(0, (int)places["farm:" + F2]["hop"]!);
        Assert.Equal(1, (int)places["farm:" + F3]["hop"]!);
        Assert.Equal(2, (int)places["farm:" + F7]["hop"]!);
        Assert.Equal("13811110001", (string)places["farm:" + F1]["phone"]!);

        // 同群: at F1 T1..T8 (T9..T10 had left), at F2 T1..T3 and U1..U5, at F3 T4..T5 and V1..V2.
        var animals = trace["animals"]!.AsArray().Select(a => a!.AsObject())
            .GroupBy(a => (string)a["placeId"]!)
            .ToDictionary(g => g.Key, g => g.Select(a => $"{a["first"]}-{a["last"]}{((bool)a["start"]! ? "*" : "")}").Order().ToList());
        Assert.Equal(new[] { $"{Start}-{Start}*", $"{TraceWorld.Pig(1002)}-{TraceWorld.Pig(1008)}" }, animals["farm:" + F1]);
        Assert.Equal(8, (long)places["farm:" + F1]["animals"]!);
        Assert.Equal(8, (long)places["farm:" + F2]["animals"]!);
        Assert.Equal(4, (long)places["farm:" + F3]["animals"]!);
        Assert.Equal(4, (long)places["farm:" + F5]["animals"]!); // U3 arrived, W1..W3 there
        Assert.Equal(2, (long)places[Slaughterhouse]["animals"]!);

        Assert.Equal(new HashSet<string>
        {
            $"farm:{F1}>farm:{F2}:certificate:C1:3",
            $"farm:{F1}>farm:{F3}:turnedUp::2",
            $"farm:{F2}>{Slaughterhouse}:certificate:C2:2",
            $"farm:{F2}>farm:{F5}:certificate:C4:1",
            $"farm:{F3}>farm:{F7}:certificate:C6:1",
            $"farm:{F5}>farm:{F6}:certificate:C5:1",
        }, Movements(trace));

        // Read again, as stored.
        var again = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/traces/{trace["id"]}");
        Assert.Equal(Movements(trace), Movements(again!));
    }

    [Fact]
    public async Task Should_stop_at_the_depth()
    {
        var trace = await TraceAsync(hub.Client, new { start = Start, depth = 1 });
        Assert.Equal(new[] { "farm:" + F1, "farm:" + F2, "farm:" + F3, "farm:" + F5, Slaughterhouse }.Order(), Places(trace).Keys.Order());
    }

    [Fact]
    public async Task Should_start_from_a_farm_or_a_certificate_too()
    {
        var fromFarm = await TraceAsync(hub.Client, new { start = F3, depth = 1 });
        Assert.Equal(new[] { "farm:" + F3, "farm:" + F7 }.Order(), Places(fromFarm).Keys.Order());
        Assert.Equal("farm", (string)fromFarm["startKind"]!);

        var fromCertificate = await TraceAsync(hub.Client, new { start = "C4", depth = 0 });
        Assert.Equal(new[] { "farm:" + F2, "farm:" + F5 }.Order(), Places(fromCertificate).Keys.Order());
    }

    [Fact]
    public async Task Should_take_a_start_typed_in_full_width_forms_as_the_tag_or_farm_it_names()
    {
        // What a clerk's Chinese input method gives: 全角 digits and letters, an ideographic space after.
        static string FullWidth(string ascii) => new(ascii.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c).ToArray());
        var typed = await TraceAsync(hub.Client, new { start = FullWidth(Start) + "\u3000", depth = 1 });
        var plain = await TraceAsync(hub.Client, new { start = Start, depth = 1 });
        Assert.Equal(Start, (string)typed["start"]!);
        Assert.Equal(Places(plain).Keys.Order(), Places(typed).Keys.Order());

        var farm = await TraceAsync(hub.Client, new { start = FullWidth(F3), depth = 1 });
        Assert.Equal(new[] { "farm:" + F3, "farm:" + F7 }.Order(), Places(farm).Keys.Order());
    }

    [Fact]
    public async Task Should_store_each_answer_under_its_own_id_with_its_audit_row()
    {
        var nongan = await hub.LoginAsync("nongan"); // clerk of 农安县 220122
        var fromTag = await TraceAsync(nongan, new { start = Start, depth = 2 });
        var fromCertificate = await TraceAsync(nongan, new { start = "C4", depth = 0 });

        // The certificate's start was first tried as a farm: the id reserved then is the one it is stored under.
        Assert.NotEqual((long)fromTag["id"]!, (long)fromCertificate["id"]!);
        foreach (var trace in new[] { fromTag, fromCertificate })
        {
            var stored = await nongan.GetFromJsonAsync<JsonObject>($"/api/traces/{trace["id"]}");
            Assert.Equal((long)trace["id"]!, (long)stored!["id"]!);
            Assert.Equal((string)trace["startKind"]!, (string)stored["startKind"]!);
            Assert.Equal(Places(trace).Keys.Order(), Places(stored).Keys.Order());
        }

        var admin = await hub.LoginAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?action=trace.run&target={Start}");
        var row = Assert.Single(audit!["items"]!.AsArray(), i => (long)i!["detail"]!["id"]! == (long)fromTag["id"]!)!;
        Assert.Equal("nongan", (string)row["actor"]!);
        Assert.Equal("220122", (string)row["region"]!);
        Assert.Equal("tag", (string)row["detail"]!["startKind"]!);
        Assert.Equal(Places(fromTag).Count, (int)row["detail"]!["places"]!);
        Assert.Equal(1, (int)row["detail"]!["outOfScope"]!);
    }

    [Fact]
    public async Task Should_cut_the_graph_at_the_edge_of_the_region_scope()
    {
        var nongan = await hub.LoginAsync("nongan"); // clerk of 农安县 220122
        var trace = await TraceAsync(nongan, new { start = Start, depth = 2 });
        var text = trace.ToJsonString();

        // F3 is 德惠's: a county code and a count, never its code, name or contact; and nothing beyond it (F7).
        Assert.Equal(new[] { "farm:" + F1, "farm:" + F2, "farm:" + F5, "farm:" + F6, Slaughterhouse }.Order(), Places(trace).Keys.Order());
        var outside = Assert.Single(trace["outOfScope"]!.AsArray())!;
        Assert.Equal("220183", (string)outside["countyCode"]!);
        Assert.Equal(1, (int)outside["places"]!);
        Assert.Equal(2, (long)outside["animals"]!);
        Assert.Contains($"farm:{F1}>county:220183:turnedUp::2", Movements(trace));
        foreach (var secret in new[] { F3, F7, "德惠三号场", "赵三", "13811110003", TraceWorld.Pig(4001, "220183") })
            Assert.DoesNotContain(secret, text);

        // The province's trace is not the county's to read.
        var province = await TraceAsync(hub.Client, new { start = Start });
        Assert.Equal(HttpStatusCode.NotFound, (await nongan.GetAsync($"/api/traces/{province["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nongan.GetAsync($"/api/traces/{trace["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Should_write_one_task_sheet_per_county_with_a_row_per_place()
    {
        var trace = await TraceAsync(hub.Client, new { start = Start, depth = 2 });
        var bytes = await hub.Client.GetByteArrayAsync($"/api/traces/{trace["id"]}/tasks.xlsx");
        var sheets = ReadWorkbook(bytes);

        Assert.Equal(new[] { "220122 农安县", "220183 德惠市" }, sheets.Keys.ToArray());
        // Column C is the farm code: hop 0 first, then hop 1 (the slaughterhouse has no farm code), then hop 2.
        Assert.Equal(new[] { F1, F2, "", F5, F6 }, sheets["220122 农安县"].Skip(1).Select(r => r[2]).ToArray());
        Assert.Equal(new[] { F3, F7 }, sheets["220183 德惠市"].Skip(1).Select(r => r[2]).ToArray());
        var f1 = sheets["220122 农安县"][1];
        Assert.Equal(["0", "回溯 back", F1, "追溯一号场", "王一", "13811110001"], f1.Take(6).ToArray());
        Assert.Equal("8", f1[7]);
        Assert.Equal($"{Start}-{TraceWorld.Pig(1008)}", f1[8]);
    }

    [Theory]
    [InlineData("{}", "TRACE_START_REQUIRED")]
    [InlineData("{\"start\":\"122012200001001\",\"depth\":9}", "TRACE_DEPTH_INVALID")]
    [InlineData("{\"start\":\"122012200001001\",\"days\":0}", "TRACE_DAYS_INVALID")]
    public async Task Should_refuse_a_request_it_cannot_run(string body, string code)
    {
        var response = await hub.Client.PostAsync("/api/traces", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]!);
    }

    [Fact]
    public async Task Should_answer_404_for_a_start_it_does_not_hold_and_let_only_the_tracing_roles_run_it()
    {
        Assert.Equal("TRACE_START_UNKNOWN", (string)(await TraceAsync(hub.Client, new { start = "FR-NOBODY" }, HttpStatusCode.NotFound))["title"]!);
        // Anxi's clerk (350524) does not see Nongan's farms: as unknown as a farm that does not exist.
        Assert.Equal("TRACE_START_UNKNOWN", (string)(await TraceAsync(await hub.LoginAsync("anxi"), new { start = F1 }, HttpStatusCode.NotFound))["title"]!);
        var viewer = await hub.LoginAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/traces", new { start = Start })).StatusCode);
        var vet = await hub.LoginAsync("vet");
        Assert.Equal(HttpStatusCode.Created, (await vet.PostAsJsonAsync("/api/traces", new { start = Start })).StatusCode);
    }

    /// <summary>Each worksheet's name and its rows' cell texts (inline strings and numbers), columns in order.</summary>
    private static Dictionary<string, List<string[]>> ReadWorkbook(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, List<string[]>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<string[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new string[9];
                Array.Fill(cells, "");
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference!.Value![0] - 'A';
                    if (column < cells.Length) cells[column] = cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
                }
                rows.Add(cells);
            }
            result[sheet.Name!] = rows;
        }
        return result;
    }
}
