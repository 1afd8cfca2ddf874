using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Access;

/// <summary>What an input must get: refused (4xx with a reason), or merely never a 5xx (a filter that matches nothing).</summary>
public enum Expect { Refused, Harmless }

/// <summary>How a partner push is signed: correctly over the exact bytes sent, or one of the ways it can be wrong.</summary>
public enum Signing { Correct, None, WrongSecret, Stale, Future, UnknownAppKey, GarbageSign, OtherPartnersKey }

/// <summary>Who a staff call claims to be.</summary>
public enum Caller { Staff, Anonymous, GarbageToken, ForgedToken, ExpiredToken, AlgNoneToken, HugeToken, Viewer }

/// <summary>One hostile request: where it goes, the exact bytes, how it is signed or who sends it, and what it must get.</summary>
public sealed record HostileInput(string Endpoint, string Name, HttpMethod Method, string Target, byte[]? Body, string? ContentType, Expect Expect)
{
    /// <summary>Set for a partner push; null for a staff call.</summary>
    public Signing? Signing { get; init; }
    public Caller Caller { get; init; } = Caller.Staff;
    /// <summary>When set, the reason (title or a partner reason code) the answer must carry.</summary>
    public string? Reason { get; init; }

    public override string ToString() => $"{Method} {Target} [{Name}]";
}

/// <summary>
/// Generates the hostile inputs: every field of every partner push with wrong types, injection strings, NUL, lone
/// surrogates, invalid UTF-8, huge and negative numbers, bad times and oversized values; whole bodies that are not JSON,
/// nested 10,000 deep, empty or oversized; forged signatures; and every staff endpoint with hostile paths, query values,
/// bodies, content types and bearer tokens. Each partner base message is well-formed but refused by a rule (an unknown
/// farm, a declaration that does not exist, tags nobody holds), so no mutation of it can be accepted by accident.
/// </summary>
public static class HostileInputs
{
    // Markers replaced in the serialized text by what a JSON serializer will not write.
    private const string RawNulMarker = "@@RAW-NUL@@";
    private const string LoneHighMarker = "@@LONE-HIGH@@";
    private const string LoneLowMarker = "@@LONE-LOW@@";
    private const string BadUtf8Marker = "@@BAD-UTF8@@";

    public const string KnownFarm = "FR220122100777";
    public const string UnknownFarm = "FR220122100999";

    public static readonly string TenK = new('x', 10_000);
    public static readonly string TenKChinese = new('路', 10_000);

    /// <summary>Hostile string values for text fields.</summary>
    public static readonly (string Name, JsonNode? Value)[] StringValues =
    [
        ("sql-or", "' OR 1=1 --"),
        ("sql-drop", "'; DROP TABLE farm; --"),
        ("sql-union", "1 UNION SELECT password_hash FROM staff_account --"),
        ("script", "<script>alert(1)</script>"),
        ("img-onerror", "\"><img src=x onerror=alert(1)>"),
        ("path-traversal", "../../../../etc/passwd"),
        ("path-traversal-win", "..\\..\\windows\\win.ini"),
        ("nul-escape", "a\u0000b"),
        ("raw-nul", RawNulMarker),
        ("lone-high-surrogate", LoneHighMarker),
        ("lone-low-surrogate", LoneLowMarker),
        ("invalid-utf8", BadUtf8Marker),
        ("10k-chars", TenK),
        ("10k-chinese", TenKChinese),
        ("empty", ""),
        ("spaces", "   "),
        ("format-string", "%s%s%s%n{0}{1}"),
        ("json-in-string", "{\"rows\":[]}"),
        ("crlf-injection", "a\r\nX-Injected: 1"),
        ("rtl-override", "\u202Egnp.exe"),
    ];

    /// <summary>Values of the wrong JSON type for any field.</summary>
    public static readonly (string Name, Func<JsonNode?> Value)[] WrongTypes =
    [
        ("null", () => null),
        ("true", () => JsonValue.Create(true)),
        ("number", () => JsonValue.Create(12345)),
        ("array", () => new JsonArray("a", 1)),
        ("object", () => new JsonObject { ["a"] = 1 }),
    ];

    /// <summary>Numbers no count can be: negative, zero, past long, past double, and strings that are not numbers.</summary>
    public static readonly (string Name, string RawJson)[] HostileNumbers =
    [
        ("minus-one", "-1"),
        ("zero", "0"),
        ("two-pow-63", "9223372036854775808"),
        ("minus-two-pow-63-minus-one", "-9223372036854775809"),
        ("two-pow-31", "2147483648"),
        ("1e308", "1e308"),
        ("1e309", "1e309"),
        ("fraction", "1.5"),
        ("nan-string", "\"NaN\""),
        ("infinity-string", "\"Infinity\""),
        ("hex-string", "\"0x10\""),
        ("huge-digits", new string('9', 400)),
    ];

    /// <summary>Times that are not times: out of range fields, zeros, other formats, far future.</summary>
    public static readonly (string Name, string Value)[] HostileTimes =
    [
        ("month-13", "2099-13-45 25:61:61"),
        ("zeros", "0000-00-00 00:00:00"),
        ("date-only-zero", "0000-00-00"),
        ("iso", "2026-05-01T09:00:00Z"),
        ("year-10000", "10000-01-01 00:00:00"),
        ("feb-30", "2026-02-30 10:00:00"),
        ("words", "yesterday"),
        ("unix", "1767225600000"),
    ];

    public static IEnumerable<HostileInput> All(long refusedJournalId) =>
        Partner().Concat(Staff(refusedJournalId));

    // ------------------------------------------------------------------------------------------------------------
    // Partner pushes

    private sealed record PartnerEndpoint(string Path, JsonObject Base, string[] TimeFields, string[] NumberFields, string ArrayField, Func<int, JsonNode> ArrayItem);

    private static IEnumerable<PartnerEndpoint> PartnerEndpoints()
    {
        // Township 220122999 is not in the region table: the record is well-formed and refused (REGION_UNKNOWN).
        var farm = RegistryPush.Farm(UnknownFarm);
        farm["xzqhdm"] = "220122999";
        yield return new PartnerEndpoint("/adapters/farm-registry/farms", new JsonObject { ["rows"] = new JsonArray(farm) },
            ["rows[0].gxsj"], ["rows[0].yzzl[0].clsl"], "rows", i => Farm(i));

        // 220183 (德惠市) tags registered by 220122 (农安县): RANGE_NOT_IN_REGISTRAR_COUNTY.
        yield return new PartnerEndpoint("/adapters/djet/tag-stock", new JsonObject
        {
            ["djdw"] = "220122",
            ["rows"] = new JsonArray(new JsonObject
            {
                ["xh"] = "A1", ["bh"] = "P1", ["qshm"] = "122018300000001", ["zzhm"] = "122018300000100", ["sl"] = 100,
                ["djsj"] = "2026-05-01 09:00:00",
            }),
        }, ["rows[0].djsj"], ["rows[0].sl"], "rows", i => new JsonObject
        {
            ["xh"] = "A1", ["bh"] = "P1", ["qshm"] = DjetPush.Pig(i * 10 + 1, "220183"), ["zzhm"] = DjetPush.Pig(i * 10 + 10, "220183"), ["sl"] = 10, ["djsj"] = "2026-05-01 09:00:00",
        });

        // Nobody holds these tags: RANGE_NOT_HELD_BY_ISSUER.
        yield return new PartnerEndpoint("/adapters/djet/tag-issuances",
            DjetPush.Issue("FF-HOSTILE-1", "1", "220122", "220122100", "XZ", (DjetPush.Pig(90_000_001), DjetPush.Pig(90_000_100))),
            ["ffsj"], [], "hd", i => new JsonObject { ["qshm"] = DjetPush.Pig(i * 10 + 1), ["zzhm"] = DjetPush.Pig(i * 10 + 5) });

        // Never registered: TAG_NEVER_REGISTERED.
        yield return new PartnerEndpoint("/adapters/djet/tag-cancellations",
            DjetPush.Cancel("ZX-HOSTILE-1", "死亡", DjetPush.Pig(90_000_001)),
            ["zxsj"], [], "ebh", i => DjetPush.Pig(i + 1));

        // An unknown farm: FARM_UNKNOWN (and more).
        yield return new PartnerEndpoint("/adapters/djet/declarations", new JsonObject
        {
            ["sbdh"] = "SB-HOSTILE-1", ["yzcbm"] = UnknownFarm, ["ewm"] = "YZC-" + UnknownFarm + "-00000000", ["xmdm"] = "1", ["sl"] = 1,
            ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "吉林省长春市南关区肉联厂" },
            ["yt"] = "屠宰", ["ebh"] = new JsonArray(DjetPush.Pig(90_000_001)), ["sbsj"] = "2026-05-20 07:30:00",
        }, ["sbsj"], ["sl"], "ebh", i => DjetPush.Pig(i + 1));

        // No such declaration: DECLARATION_UNKNOWN.
        yield return new PartnerEndpoint("/adapters/djet/certificates", new JsonObject
        {
            ["zmbh"] = "ZM-HOSTILE-1", ["zmlx"] = "B", ["sbdh"] = "SB-NEVER-DECLARED", ["yzcbm"] = UnknownFarm, ["xmdm"] = "1", ["sl"] = 1,
            ["ebh"] = new JsonArray(DjetPush.Pig(90_000_001)),
            ["qydd"] = new JsonObject { ["xzqhdm"] = "220122100", ["dz"] = "吉林省长春市农安县农安镇宏达路8号" },
            ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "吉林省长春市南关区肉联厂" },
            ["cyr"] = "张运输", ["cph"] = "吉A12345", ["gfsy"] = "李明", ["qfsj"] = "2026-05-20 10:00:00", ["yxts"] = 1,
        }, ["qfsj"], ["sl", "yxts"], "ebh", i => DjetPush.Pig(i + 1));

        // An unknown farm: FARM_UNKNOWN.
        yield return new PartnerEndpoint("/adapters/djet/stock-changes", new JsonObject
        {
            ["bdid"] = "BD-HOSTILE-1", ["yzcbm"] = UnknownFarm, ["xmdm"] = "1", ["bdlx"] = "出生", ["sl"] = 3, ["bdsj"] = "2026-05-01 06:00:00",
        }, ["bdsj"], ["sl"], "", _ => JsonValue.Create(0));

        // 现场纠正 of an unknown farm: FARM_UNKNOWN.
        yield return new PartnerEndpoint("/adapters/djet/farm-corrections", new JsonObject
        {
            ["jzid"] = "JZ-HOSTILE-1", ["yzcbm"] = UnknownFarm, ["jzsj"] = "2026-05-01 06:00:00", ["gfsy"] = "李明", ["lxdh"] = "13912345678",
            ["jd"] = "125.184", ["wd"] = "44.432", ["yzzl"] = new JsonArray(new JsonObject { ["xmdm"] = "1", ["clsl"] = 95 }),
        }, ["jzsj"], ["yzzl[0].clsl"], "", _ => JsonValue.Create(0));
    }

    private static JsonObject Farm(int i)
    {
        var farm = RegistryPush.Farm($"FR2201229{i:D5}");
        farm["xzqhdm"] = "220122999";
        return farm;
    }

    private static IEnumerable<HostileInput> Partner()
    {
        // A farm that is valid but for a lone surrogate in its name: without the check it would be stored (or fail storing).
        var lone = RegistryPush.Farm(UnknownFarm);
        lone["yzcmc"] = LoneHighMarker;
        yield return new("/adapters/farm-registry/farms", "valid farm, yzcmc=lone-high-surrogate", HttpMethod.Post, "/adapters/farm-registry/farms",
            Serialize(new JsonObject { ["rows"] = new JsonArray(lone.DeepClone()) }.ToJsonString()).Bytes, "application/json", Expect.Refused)
        { Signing = Signing.Correct, Reason = "TEXT_LONE_SURROGATE" };
        lone["yzcmc"] = BadUtf8Marker;
        yield return new("/adapters/farm-registry/farms", "valid farm, yzcmc=invalid-utf8", HttpMethod.Post, "/adapters/farm-registry/farms",
            Serialize(new JsonObject { ["rows"] = new JsonArray(lone.DeepClone()) }.ToJsonString()).Bytes, "application/json", Expect.Refused)
        { Signing = Signing.Correct, Reason = "BODY_NOT_UTF8" };

        foreach (var e in PartnerEndpoints())
        {
            var name = e.Path;
            HostileInput Push(string what, byte[] body, Signing signing = Signing.Correct, string? reason = null, string? contentType = "application/json") =>
                new(name, what, HttpMethod.Post, e.Path, body, contentType, Expect.Refused) { Signing = signing, Reason = reason };
            HostileInput PushText(string what, string text, string? reason = null) => Push(what, Encode(text), reason: reason);

            // The base itself: well-formed, refused by a rule.
            yield return PushText("base (refused by a rule)", e.Base.ToJsonString());

            // Every leaf and container of the base: wrong types, hostile strings, removed.
            foreach (var path in Paths(e.Base))
            {
                foreach (var (what, value) in WrongTypes)
                    yield return PushText($"{path}={what}", Mutate(e.Base, path, value()));
                foreach (var (what, value) in StringValues)
                {
                    yield return Push($"{path}={what}", Serialize(Mutate(e.Base, path, value?.DeepClone())).Bytes, reason: what switch
                    {
                        "nul-escape" or "raw-nul" => "TEXT_NUL",
                        "lone-high-surrogate" or "lone-low-surrogate" => "TEXT_LONE_SURROGATE",
                        "invalid-utf8" => "BODY_NOT_UTF8",
                        _ => null,
                    });
                }
                yield return PushText($"{path} removed", Remove(e.Base, path));
            }

            foreach (var field in e.NumberFields)
                foreach (var (what, raw) in HostileNumbers)
                    yield return PushText($"{field}={what}", MutateRaw(e.Base, field, raw));
            foreach (var field in e.TimeFields)
                foreach (var (what, time) in HostileTimes)
                    yield return PushText($"{field}={what}", Mutate(e.Base, field, time));

            // Oversized arrays: 501 rows, and 100,000 tags (over the body limit: refused before it is read).
            if (e.ArrayField.Length > 0)
            {
                var over = (JsonObject)e.Base.DeepClone();
                over[e.ArrayField] = new JsonArray(Enumerable.Range(0, 501).Select(e.ArrayItem).ToArray());
                yield return PushText($"{e.ArrayField} with 501 items", over.ToJsonString());
                var huge = (JsonObject)e.Base.DeepClone();
                huge[e.ArrayField] = new JsonArray(Enumerable.Range(0, 100_000).Select(i => (JsonNode)DjetPush.Pig(i + 1)).ToArray());
                yield return PushText($"{e.ArrayField} with 100,000 tags", huge.ToJsonString());
                var manyEmpty = (JsonObject)e.Base.DeepClone();
                manyEmpty[e.ArrayField] = new JsonArray(Enumerable.Range(0, 20_000).Select(_ => (JsonNode?)null).ToArray());
                yield return PushText($"{e.ArrayField} with 20,000 nulls", manyEmpty.ToJsonString());
                var emptyArray = (JsonObject)e.Base.DeepClone();
                emptyArray[e.ArrayField] = new JsonArray();
                yield return PushText($"{e.ArrayField} empty", emptyArray.ToJsonString());
            }

            // Whole bodies that are not the message.
            foreach (var (what, text) in MalformedDocuments())
                yield return PushText(what, text);
            yield return PushText("nested 10,000 arrays in a field", e.Base.ToJsonString()[..^1] + ",\"deep\":" + Nested(10_000, '[', ']') + "}");
            yield return PushText("nested 10,000 objects", Nested(10_000, "{\"a\":", "}", "1"));
            yield return PushText("nested 10,000 arrays", Nested(10_000, '[', ']'));
            yield return Push("empty body", []);
            yield return Push("invalid UTF-8 only", [0xFF, 0xFE, 0xFD], reason: "BODY_NOT_UTF8");
            yield return Push("UTF-16 body", Encoding.Unicode.GetBytes(e.Base.ToJsonString()));
            yield return Push("overlong UTF-8 slash", Encode("{\"rows\":\"").Concat(new byte[] { 0xC0, 0xAF }).Concat(Encode("\"}")).ToArray(), reason: "BODY_NOT_UTF8");
            yield return Push("CESU surrogate bytes", Encode("{\"a\":\"").Concat(new byte[] { 0xED, 0xA0, 0x80 }).Concat(Encode("\"}")).ToArray(), reason: "BODY_NOT_UTF8");
            yield return Push("truncated UTF-8", Encode(e.Base.ToJsonString()[..^2]).Concat(new byte[] { 0xE4, 0xB8 }).ToArray(), reason: "BODY_NOT_UTF8");
            yield return Push("as text/plain", Encode(e.Base.ToJsonString()), contentType: "text/plain");
            yield return Push("as form", Encode("rows=1&a=2"), contentType: "application/x-www-form-urlencoded");
            yield return Push("as xml", Encode("<rows><row/></rows>"), contentType: "application/xml");
            yield return Push("no content type", Encode(e.Base.ToJsonString()), contentType: null);
            yield return Push("multipart", Encode("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"), contentType: "multipart/form-data; boundary=b");
            yield return Push("over one megabyte", Encode(e.Base.ToJsonString()[..^1] + ",\"pad\":\"" + new string('x', 1_100_000) + "\"}"), reason: "BODY_TOO_LARGE");

            // Forged, missing and stale signatures over a body that would otherwise be read.
            foreach (var signing in Enum.GetValues<Signing>().Where(s => s != Signing.Correct))
            {
                yield return Push($"signature {signing}", Encode(e.Base.ToJsonString()), signing, reason: signing switch
                {
                    Signing.None => "SIGNATURE_MISSING",
                    Signing.Stale or Signing.Future => "TIMESTAMP_STALE",
                    Signing.UnknownAppKey or Signing.OtherPartnersKey => "APPKEY_UNKNOWN",
                    _ => "SIGNATURE_INVALID",
                });
                yield return Push($"signature {signing}, malformed body", Encode("{\"rows\":"), signing);
            }
        }
    }

    private static IEnumerable<(string Name, string Text)> MalformedDocuments() =>
    [
        ("unterminated object", "{\"rows\":["),
        ("trailing comma", "{\"a\":1,}"),
        ("single quotes", "{'rows':[]}"),
        ("bare words", "rows please"),
        ("two documents", "{}{}"),
        ("json null", "null"),
        ("json number", "42"),
        ("json string", "\"rows\""),
        ("json array", "[]"),
        ("empty object", "{}"),
        ("comment", "/* hi */ {}"),
        ("NaN literal", "{\"a\":NaN}"),
        ("duplicate keys", "{\"rows\":[],\"rows\":{}}"),
        ("bom then json", "\uFEFF{}"),
        ("only whitespace", "   \r\n\t "),
        ("raw NUL", "{\"a\":\"\0\"}"),
        ("control chars", "{\"a\":\"\u0001\u0002\u001f\"}"),
        ("lone surrogate key", "{\"\\ud800\":1}"),
        ("escaped lone surrogate pair reversed", "{\"a\":\"\\udc00\\ud800\"}"),
    ];

    // ------------------------------------------------------------------------------------------------------------
    // Staff endpoints

    private static readonly string[] PathValues =
    [
        "' OR 1=1 --", "'; DROP TABLE farm; --", "<script>alert(1)</script>", "../../etc/passwd", "..\\..\\win.ini",
        "%ED%A0%80", "%FF%FE", "%C0%AF", TenK, new string('9', 40), "FR" + new string('2', 40), "-1", "0",
        "9223372036854775808", "NaN", "%20", "null", "FR999999999999", "122012200000001x", "1220122", "999999999999999",
        "%E2%80%AE", "%0D%0AX-Injected:%201",
    ];

    private static readonly string[] StringQueryValues =
    [
        "' OR 1=1 --", "'; DROP TABLE farm; --", "<script>alert(1)</script>", "../../etc/passwd", "%ED%A0%80", "%FF",
        TenK, "%25", "_", "\\", "%5C%25", "null",
    ];

    private static readonly string[] IntQueryValues = ["abc", "1.5", "1e308", "9223372036854775808", "NaN", "%00", "0x10", "--1"];
    private static readonly string[] HarmlessIntQueryValues = ["-1", "0", "-2147483648", "2147483647"];
    private static readonly string[] LongQueryValues = ["abc", "1.5", "9223372036854775808", "NaN", "0x10"];
    private static readonly string[] HarmlessLongQueryValues = ["-1", "0", "-9223372036854775808", "9223372036854775807"];
    private static readonly string[] DateQueryValues = ["notadate", "2099-13-45 25:61:61", "0000-00-00", "2026-02-30", "yesterday", "1e308", "%00"];
    private static readonly string[] HarmlessDateQueryValues = ["0001-01-01", "9999-12-31", "2099-12-31T23:59:59Z"];

    private sealed record ListEndpoint(string Path, string[] Strings, string[] Ints, string[] Longs, string[] Dates, string[] Validated);

    private static IEnumerable<HostileInput> Staff(long refusedJournalId)
    {
        // Lists: string filters that match nothing are harmless; numbers, dates and checked values that do not parse are refused.
        ListEndpoint[] lists =
        [
            new("/api/farms", ["county", "township", "text"], ["offset", "limit"], [], [], ["species"]),
            new("/api/journal", ["source", "type", "farm", "partnerId"], ["limit"], ["before"], ["from", "to"], ["status"]),
            new("/api/deliveries", ["destination", "entityKey"], ["limit"], ["before"], [], ["status"]),
            new("/api/audit", ["actor", "action", "target", "region"], ["limit"], ["before"], ["from", "to"], []),
            new("/api/tags/holdings", ["holder"], [], [], [], []),
            new("/api/tags/ledger", [], [], [], [], ["region"]),
            new("/api/rollout", [], [], [], [], ["asOf", "region"]),
        ];
        foreach (var l in lists)
        {
            HostileInput Get(string query, Expect expect) => new(l.Path, query, HttpMethod.Get, l.Path + "?" + query, null, null, expect);
            foreach (var p in l.Strings)
                foreach (var v in StringQueryValues)
                    yield return Get($"{p}={Q(v)}", Expect.Harmless);
            foreach (var p in l.Validated)
                foreach (var v in StringQueryValues.Concat(["pig2", "22x", "2026-13-01", ""]))
                    yield return Get($"{p}={Q(v)}", l.Path == "/api/tags/holdings" ? Expect.Harmless : Expect.Refused);
            foreach (var p in l.Ints)
            {
                foreach (var v in IntQueryValues) yield return Get($"{p}={v}", Expect.Refused);
                foreach (var v in HarmlessIntQueryValues) yield return Get($"{p}={v}", Expect.Harmless);
            }
            foreach (var p in l.Longs)
            {
                foreach (var v in LongQueryValues) yield return Get($"{p}={v}", Expect.Refused);
                foreach (var v in HarmlessLongQueryValues) yield return Get($"{p}={v}", Expect.Harmless);
            }
            foreach (var p in l.Dates)
            {
                foreach (var v in DateQueryValues) yield return Get($"{p}={Q(v)}", Expect.Refused);
                foreach (var v in HarmlessDateQueryValues) yield return Get($"{p}={Q(v)}", Expect.Harmless);
            }
            yield return Get("unknown=1&limit=1&limit=2", l.Ints.Length > 0 ? Expect.Refused : Expect.Harmless);
            foreach (var input in Callers(l.Path, HttpMethod.Get, l.Path, null, null)) yield return input;
        }

        // Single items by a hostile key: unknown, so 404 with a reason (or 400 for a NUL).
        var journalId = refusedJournalId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Endpoint, HttpMethod Method, string Template, string Sample)[] items =
        [
            ("/api/farms/{code}", HttpMethod.Get, "/api/farms/{0}", KnownFarm),
            ("/api/farms/{code}/stock", HttpMethod.Get, "/api/farms/{0}/stock", KnownFarm),
            ("/api/farms/{code}/qr", HttpMethod.Get, "/api/farms/{0}/qr", KnownFarm),
            ("/api/farms/{code}/qr", HttpMethod.Get, "/api/farms/{0}/qr.png", KnownFarm),
            ("/api/farms/{code}/qr", HttpMethod.Get, "/api/farms/{0}/qr.svg", KnownFarm),
            ("/api/farms/{code}/qr/rotate", HttpMethod.Post, "/api/farms/{0}/qr/rotate", UnknownFarm),
            ("/api/tags/{ebh}/trace", HttpMethod.Get, "/api/tags/{0}/trace", DjetPush.Pig(1)),
            ("/api/certificates/{zmbh}", HttpMethod.Get, "/api/certificates/{0}", "ZM-NONE"),
            ("/api/rollout/counties/{code}", HttpMethod.Get, "/api/rollout/counties/{0}", "220122"),
            ("/api/journal/{id}", HttpMethod.Get, "/api/journal/{0}", journalId),
            ("/api/journal/{id}/replay", HttpMethod.Post, "/api/journal/{0}/replay", "999999999"),
            ("/api/accounts", HttpMethod.Get, "/api/accounts/{0}", "viewer"),
            ("/api/collector-authorisations", HttpMethod.Delete, "/api/collector-authorisations/{0}", "999999999"),
        ];
        foreach (var (endpoint, method, template, sample) in items)
        {
            foreach (var v in PathValues)
                yield return new(endpoint, "path " + Short(v), method, string.Format(template, Seg(v)), null, null, Expect.Refused);
            foreach (var input in Callers(endpoint, method, string.Format(template, sample), null, null))
                yield return input;
        }
        foreach (var input in ReplayBodies(refusedJournalId)) yield return input;
        foreach (var input in LoginBodies()) yield return input;
        foreach (var input in RolloutBodies()) yield return input;
        foreach (var input in AccountBodies()) yield return input;
        foreach (var input in AuthorisationBodies()) yield return input;
        foreach (var input in SheetUploads()) yield return input;
    }

    /// <summary>The same call without a token, with garbage, forged, expired or unsigned tokens, and as a viewer where the role matters.</summary>
    private static IEnumerable<HostileInput> Callers(string endpoint, HttpMethod method, string target, byte[]? body, string? contentType)
    {
        foreach (var caller in new[] { Caller.Anonymous, Caller.GarbageToken, Caller.ForgedToken, Caller.ExpiredToken, Caller.AlgNoneToken, Caller.HugeToken })
            yield return new(endpoint, $"caller {caller}", method, target, body, contentType, Expect.Refused) { Caller = caller };
        // A viewer reads, except QR tokens, accounts, authorisations and the audit log; it never writes.
        var viewerRefused = method != HttpMethod.Get || endpoint.Contains("/qr") || endpoint.StartsWith("/api/audit", StringComparison.Ordinal)
            || endpoint.StartsWith("/api/accounts", StringComparison.Ordinal) || endpoint.StartsWith("/api/collector", StringComparison.Ordinal);
        yield return new(endpoint, "caller viewer", method, target, body, contentType, viewerRefused ? Expect.Refused : Expect.Harmless) { Caller = Caller.Viewer };
    }

    private static IEnumerable<HostileInput> JsonBodies(string endpoint, HttpMethod method, string target, JsonObject valid, Func<string, bool>? harmless = null)
    {
        HostileInput Send(string what, byte[] body, string? contentType = "application/json", string? reason = null) =>
            new(endpoint, what, method, target, body, contentType, harmless?.Invoke(what) == true ? Expect.Harmless : Expect.Refused) { Reason = reason };
        foreach (var path in Paths(valid))
        {
            foreach (var (what, value) in WrongTypes)
                yield return Send($"{path}={what}", Encode(Mutate(valid, path, value())));
            foreach (var (what, value) in StringValues)
                yield return Send($"{path}={what}", Serialize(Mutate(valid, path, value?.DeepClone())).Bytes,
                    reason: what switch
                    {
                        "nul-escape" or "raw-nul" => "TEXT_NUL",
                        "lone-high-surrogate" or "lone-low-surrogate" => "TEXT_LONE_SURROGATE",
                        "invalid-utf8" => "BODY_NOT_UTF8",
                        _ => null,
                    });
            foreach (var (what, raw) in HostileNumbers.Take(6))
                yield return Send($"{path}={what}", Encode(MutateRaw(valid, path, raw)));
        }
        foreach (var (what, text) in MalformedDocuments())
            yield return Send(what, Encode(text));
        yield return Send("nested 10,000 arrays", Encode(Nested(10_000, '[', ']')));
        yield return Send("nested 10,000 objects in a field", Encode(valid.ToJsonString()[..^1] + ",\"deep\":" + Nested(10_000, "{\"a\":", "}", "1") + "}"));
        yield return Send("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]);
        yield return Send("empty body", []);
        yield return Send("as text/plain", Encode(valid.ToJsonString()), "text/plain");
        yield return Send("as xml", Encode("<a/>"), "application/xml");
        yield return Send("no content type", Encode(valid.ToJsonString()), null);
        yield return Send("over one megabyte", Encode("{\"a\":\"" + new string('x', 1_100_000) + "\"}"), reason: "BODY_TOO_LARGE");
    }

    private static IEnumerable<HostileInput> LoginBodies()
    {
        // Only names that are no account: a wrong password for a real one would lock it for every other test.
        var valid = new JsonObject { ["username"] = "no-such-account", ["password"] = "no-such-password" };
        foreach (var input in JsonBodies("/api/auth/login", HttpMethod.Post, "/api/auth/login", valid))
            yield return input with { Caller = Caller.Anonymous };
    }

    /// <summary>Replay bodies whose reason is some text, or none: the refused entry is replayed and refused again.</summary>
    private static readonly HashSet<string> HarmlessReplays =
    [
        "reason=null", "reason removed", "empty object", "json null", "empty body", "duplicate keys", "bom then json", "comment",
        .. new[] { "sql-or", "sql-drop", "sql-union", "script", "img-onerror", "path-traversal", "path-traversal-win", "empty", "spaces",
            "format-string", "json-in-string", "crlf-injection", "rtl-override" }.Select(v => "reason=" + v),
    ];

    private static IEnumerable<HostileInput> ReplayBodies(long refusedJournalId)
    {
        // A refused entry replayed with a hostile reason: the reason is checked before anything runs.
        var valid = new JsonObject { ["reason"] = TenK };
        foreach (var input in JsonBodies("/api/journal/{id}/replay", HttpMethod.Post, $"/api/journal/{refusedJournalId}/replay", valid,
                     harmless: what => HarmlessReplays.Contains(what)))
            yield return input;
        yield return new("/api/journal/{id}/replay", "dryRun=abc", HttpMethod.Post, $"/api/journal/{refusedJournalId}/replay?dryRun=abc", null, null, Expect.Refused);
        yield return new("/api/journal/{id}/replay", "dryRun=1e308", HttpMethod.Post, $"/api/journal/{refusedJournalId}/replay?dryRun=1e308", null, null, Expect.Refused);
    }

    private static IEnumerable<HostileInput> RolloutBodies()
    {
        // 220122 must stay switched off: every body below is refused before the switch.
        var valid = new JsonObject { ["enabled"] = true, ["since"] = "2099-13-45", ["note"] = "hostile" };
        foreach (var input in JsonBodies("PUT /api/rollout/counties/{code}", HttpMethod.Put, "/api/rollout/counties/220122", valid))
            yield return input;
        foreach (var (what, time) in HostileTimes.Append(("year-2100", "2100-01-01")))
            yield return new("PUT /api/rollout/counties/{code}", $"since={what}", HttpMethod.Put, "/api/rollout/counties/220122",
                Encode(new JsonObject { ["enabled"] = true, ["since"] = time }.ToJsonString()), "application/json", Expect.Refused);
        foreach (var v in PathValues)
            yield return new("PUT /api/rollout/counties/{code}", "path " + Short(v), HttpMethod.Put, "/api/rollout/counties/" + Seg(v),
                Encode("{\"enabled\":true,\"since\":\"2026-01-01\"}"), "application/json", Expect.Refused);
        // A valid switch but for its note: without the check the county would be switched on.
        yield return new("PUT /api/rollout/counties/{code}", "valid switch, note=lone-high-surrogate", HttpMethod.Put, "/api/rollout/counties/220122",
            Encode("{\"enabled\":true,\"since\":\"2026-01-01\",\"note\":\"\\ud800\"}"), "application/json", Expect.Refused) { Reason = "TEXT_LONE_SURROGATE" };
        yield return new("PUT /api/rollout/counties/{code}", "note 10k", HttpMethod.Put, "/api/rollout/counties/220122",
            Encode(new JsonObject { ["enabled"] = true, ["since"] = "2026-01-01", ["note"] = TenK }.ToJsonString()), "application/json", Expect.Refused);
        foreach (var input in Callers("PUT /api/rollout/counties/{code}", HttpMethod.Put, "/api/rollout/counties/220122",
                     Encode("{\"enabled\":true,\"since\":\"2026-01-01\"}"), "application/json"))
            yield return input;
    }

    private static IEnumerable<HostileInput> AccountBodies()
    {
        // The region 99 does not exist, so even a body that binds is refused; hostile values elsewhere are refused first.
        var valid = new JsonObject
        {
            ["username"] = "hostile-new", ["password"] = "hostile-password-long", ["displayName"] = "x",
            ["roles"] = new JsonArray("viewer"), ["region"] = "99", ["thirdParty"] = false,
        };
        foreach (var input in JsonBodies("/api/accounts", HttpMethod.Post, "/api/accounts", valid))
            yield return input;
        foreach (var input in JsonBodies("/api/accounts", HttpMethod.Patch, "/api/accounts/no-such-account", new JsonObject { ["displayName"] = "x", ["roles"] = new JsonArray("viewer") }))
            yield return input with { Name = "patch " + input.Name };
        foreach (var input in Callers("/api/accounts", HttpMethod.Get, "/api/accounts", null, null)) yield return input;
        foreach (var input in Callers("/api/accounts", HttpMethod.Post, "/api/accounts", Encode(valid.ToJsonString()), "application/json")) yield return input;
    }

    private static IEnumerable<HostileInput> AuthorisationBodies()
    {
        // No such collector: refused even when the body binds.
        var valid = new JsonObject
        {
            ["username"] = "no-such-collector", ["region"] = "220122", ["agreementNo"] = "XY-1", ["agreementDate"] = "2026-13-45",
            ["expiresAt"] = "2099-12-31T00:00:00Z",
        };
        foreach (var input in JsonBodies("/api/collector-authorisations", HttpMethod.Post, "/api/collector-authorisations", valid))
            yield return input;
        foreach (var (what, time) in HostileTimes)
            yield return new("/api/collector-authorisations", $"expiresAt={what}", HttpMethod.Post, "/api/collector-authorisations",
                Encode(Mutate(valid, "expiresAt", time)), "application/json", Expect.Refused);
        foreach (var input in Callers("/api/collector-authorisations", HttpMethod.Get, "/api/collector-authorisations", null, null)) yield return input;
    }

    private static IEnumerable<HostileInput> SheetUploads()
    {
        const string endpoint = "/api/tag-stock/import", target = "/api/tag-stock/import";
        const string header = "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间\r\n";
        HostileInput Csv(string what, string text, string contentType = "text/csv") => new(endpoint, what, HttpMethod.Post, target, Encode(text), contentType, Expect.Refused);
        // Every row below is refused: 220183's tags in 220122, or a bad value in a column.
        const string good = "220122,A1,P1,122018300000001,122018300000010,10,2026-05-01 09:00:00";
        var cells = good.Split(',');
        for (var c = 0; c < cells.Length; c++)
        {
            foreach (var (what, value) in StringValues)
            {
                if (value is null) continue;
                var row = (string[])cells.Clone();
                row[c] = "\"" + value.GetValue<string>().Replace("\"", "\"\"").Replace(RawNulMarker, "\0").Replace(LoneHighMarker, "\ud800")
                    .Replace(LoneLowMarker, "\udc00").Replace(BadUtf8Marker, "\uFFFD") + "\"";
                yield return Csv($"column {c}={what}", header + string.Join(',', row) + "\r\n");
            }
            foreach (var (what, raw) in HostileNumbers)
            {
                var row = (string[])cells.Clone();
                row[c] = raw.Replace("\"", "");
                yield return Csv($"column {c}={what}", header + string.Join(',', row) + "\r\n");
            }
        }
        foreach (var (what, time) in HostileTimes)
            yield return Csv($"time {what}", header + string.Join(',', cells[..6]) + "," + time + "\r\n");
        yield return Csv("501 refused rows", header + string.Concat(Enumerable.Range(0, 501).Select(i => $"220122,,,{DjetPush.Pig(i * 10 + 1, "220183")},{DjetPush.Pig(i * 10 + 10, "220183")},10,2026-05-01 09:00:00\r\n")));
        yield return Csv("header only", header);
        yield return Csv("no header", good + "\r\n");
        yield return Csv("unterminated quote", header + "\"220122,A1");
        yield return Csv("10k columns", header + string.Join(',', Enumerable.Repeat("x", 10_000)) + "\r\n");
        yield return Csv("json as csv", "{\"rows\":[]}");
        yield return Csv("as json", header + good, "application/json");
        yield return Csv("as xml", "<a/>", "application/xml");
        yield return Csv("unknown charset", header + good, "text/csv; charset=x-klingon");
        yield return new(endpoint, "empty body", HttpMethod.Post, target, [], "text/csv", Expect.Refused);
        yield return new(endpoint, "no content type", HttpMethod.Post, target, Encode(header + good), null, Expect.Refused);
        yield return new(endpoint, "invalid UTF-8 and GB18030", HttpMethod.Post, target, Encode(header).Concat(new byte[] { 0xFF, 0xFF, 0x80, 0x2C, 0x0D, 0x0A }).ToArray(), "text/csv", Expect.Refused);
        yield return new(endpoint, "fake xlsx", HttpMethod.Post, target, new byte[] { 0x50, 0x4B, 0x03, 0x04 }.Concat(Encode(TenK)).ToArray(), "application/octet-stream", Expect.Refused);
        yield return new(endpoint, "fake xlsx as csv", HttpMethod.Post, target, new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 }, "text/csv", Expect.Refused);
        yield return new(endpoint, "empty zip", HttpMethod.Post, target, EmptyZip(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Expect.Refused);
        yield return new(endpoint, "xls header", HttpMethod.Post, target, new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3 }, "application/octet-stream", Expect.Refused);
        yield return new(endpoint, "multipart without file", HttpMethod.Post, target,
            Encode("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"), "multipart/form-data; boundary=b", Expect.Refused);
        yield return new(endpoint, "multipart broken", HttpMethod.Post, target, Encode("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + header),
            "multipart/form-data; boundary=b", Expect.Refused);
        yield return new(endpoint, "multipart no boundary", HttpMethod.Post, target, Encode("x"), "multipart/form-data", Expect.Refused);
        foreach (var input in Callers(endpoint, HttpMethod.Post, target, Encode(header + good), "text/csv")) yield return input;
    }

    private static byte[] EmptyZip()
    {
        using var stream = new MemoryStream();
        using (new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true)) { }
        return stream.ToArray();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /// <summary>Every property path of a JSON object (a.b, rows[0].c), leaves and containers alike.</summary>
    public static IEnumerable<string> Paths(JsonNode node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    if (child is not null) foreach (var p in Paths(child, path)) yield return p;
                }
                break;
            case JsonArray array when array.Count > 0 && array[0] is { } first:
                yield return $"{prefix}[0]";
                foreach (var p in Paths(first, $"{prefix}[0]")) yield return p;
                break;
        }
    }

    private static (JsonNode Parent, string? Key, int Index) Locate(JsonNode root, string path)
    {
        var parts = path.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
            node = parts[i].StartsWith('[') ? node[int.Parse(parts[i][1..^1])]! : node[parts[i]]!;
        var last = parts[^1];
        return last.StartsWith('[') ? (node, null, int.Parse(last[1..^1])) : (node, last, -1);
    }

    /// <summary>The base with the value at <paramref name="path"/> replaced, as JSON text.</summary>
    public static string Mutate(JsonObject root, string path, JsonNode? value)
    {
        var copy = (JsonObject)root.DeepClone();
        var (parent, key, index) = Locate(copy, path);
        if (key is not null) parent[key] = value;
        else parent.AsArray()[index] = value;
        return copy.ToJsonString();
    }

    private static string MutateRaw(JsonObject root, string path, string rawJson) =>
        Mutate(root, path, "@@RAW@@").Replace("\"@@RAW@@\"", rawJson);

    private static string Remove(JsonObject root, string path)
    {
        var copy = (JsonObject)root.DeepClone();
        var (parent, key, index) = Locate(copy, path);
        if (key is not null) parent.AsObject().Remove(key);
        else parent.AsArray().RemoveAt(index);
        return copy.ToJsonString();
    }

    /// <summary>JSON text to bytes, with the markers turned into a raw NUL, lone surrogate escapes or invalid UTF-8.</summary>
    private static (string Text, byte[] Bytes) Serialize(string json)
    {
        var text = json.Replace(RawNulMarker, "\0").Replace(LoneHighMarker, "\\ud800").Replace(LoneLowMarker, "\\udc00");
        var at = text.IndexOf(BadUtf8Marker, StringComparison.Ordinal);
        if (at < 0) return (text, Encode(text));
        var bytes = Encode(text[..at]).Concat(new byte[] { 0xFF, 0xC3, 0x28, 0xE2, 0x82 }).Concat(Encode(text[(at + BadUtf8Marker.Length)..])).ToArray();
        return (text, bytes);
    }

    private static byte[] Encode(string text) => new UTF8Encoding(false).GetBytes(text);

    private static string Nested(int depth, char open, char close) => new string(open, depth) + new string(close, depth);

    private static string Nested(int depth, string open, string close, string inner) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    /// <summary>A query value: already-encoded ones (starting with %) are sent as they are.</summary>
    private static string Q(string v) => v.StartsWith('%') ? v : Uri.EscapeDataString(v);

    /// <summary>A path segment: already-encoded ones are sent as they are, others escaped (so '/' cannot leave the route).</summary>
    private static string Seg(string v) => v.Contains('%') ? v : Uri.EscapeDataString(v);

    private static string Short(string v) => v.Length > 24 ? v[..12] + $"…({v.Length})" : v;
}
