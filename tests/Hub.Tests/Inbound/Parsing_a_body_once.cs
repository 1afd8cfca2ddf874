using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Tests.Features.Journal;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Tests.Inbound;

/// <summary>
/// One parse per body: the message's one JsonDocument serves the journal's key reader, the schema proof and the
/// mapping; the text path (a lenient reader, the full validator) is only for bodies that are not strict JSON.
/// No database.
/// </summary>
public sealed class Parsing_a_body_once
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static string Pig(int n) => $"12201220{n:D7}";

    [Fact]
    public void Should_parse_the_body_once_and_again_only_for_an_edited_copy()
    {
        var message = new InboundMessage("djet", "declaration", """{"sbdh":"SB-1"}""", At);

        var first = message.Json;
        Assert.NotNull(first);
        Assert.Same(first, message.Json);

        var edited = message with { RawBody = """{"sbdh":"SB-2"}""" };
        Assert.NotSame(first, edited.Json);
        Assert.Equal("SB-2", edited.Json!.RootElement.GetProperty("sbdh").GetString());
        Assert.Equal("SB-1", message.Json!.RootElement.GetProperty("sbdh").GetString());
    }

    [Theory]
    [InlineData("""{"sbdh":"SB-1",}""")] // a trailing comma: not strict JSON
    [InlineData("""{"sbdh": /* note */ "SB-1"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Should_have_no_document_for_a_body_that_is_not_strict_json(string body)
    {
        Assert.Null(new InboundMessage("djet", "declaration", body, At).Json);
    }

    [Fact]
    public void Should_read_the_same_keys_from_the_document_as_from_the_text()
    {
        var bodies = new (string Source, string Type, string Body)[]
        {
            ("djet", "declaration", Finding_messages_by_business_key.Declaration("SB-1", "FR220122000123",
                Pig(3), Pig(1), Pig(2), Pig(9), "not-a-tag").ToJsonString()),
            ("djet", "tag-issuance", $$$"""{"ffid":"FF-9","ffdw":"220122","jsdw":"FR1","hd":[{"qshm":"{{{Pig(10)}}}","zzhm":"{{{Pig(1)}}}"},{"qshm":"{{{Pig(20)}}}"},{"zzhm":"{{{Pig(30)}}}","n":null,"ok":true}]}"""),
            ("farm-registry", "farm-push", """{"rows":[{"yzcbm":"FR1","fzr":"张伟","ebh":["122012200000001"]},{"yzcbm":"FR2","n":[1,2,{"yzcbm":"FR3"}]}]}"""),
            ("djet", "certificate", $$$"""{"zmbh":"ZM-1","cph":"吉A12345","ebh":["{{{Pig(5)}}}","{{{Pig(6)}}}",["{{{Pig(7)}}}"]],"yzcbm":"FR9","x":{"yzcbm":"FR10"}}"""),
        };
        foreach (var (source, type, body) in bodies)
        {
            var message = new InboundMessage(source, type, body, At);
            Assert.NotNull(message.Json);
            var fromText = JournalKeyExtractor.Extract(source, type, body);
            var fromDocument = new JournalKeyReader().Read(message);

            Assert.Equal(fromText.Keys, fromDocument.Keys);
            Assert.Equal(fromText.TagRanges, fromDocument.TagRanges);
            Assert.NotEmpty(fromDocument.Keys);
        }
    }

    [Fact]
    public void Should_map_the_same_from_the_document_as_from_the_text()
    {
        var body = Finding_messages_by_business_key.Declaration("SB-1", "FR220122000123", Pig(1), Pig(2)).ToJsonString();
        var message = new InboundMessage("djet", "declaration", body, At);

        var fromText = DjetDeclarationMapping.ToCanonical(body);
        var fromDocument = DjetDeclarationMapping.ToCanonical(message.Body());

        Assert.Equal(fromText.IsValid, fromDocument.IsValid);
        Assert.Equal(JsonSerializer.Serialize(fromText.Value), JsonSerializer.Serialize(fromDocument.Value));
        Assert.Equal(fromText.Violations.Select(v => (v.Path, v.Code)), fromDocument.Violations.Select(v => (v.Path, v.Code)));
    }

    [Fact]
    public void Should_name_the_same_faults_from_the_document_as_from_the_text()
    {
        var body = """{"sbdh":"","yzcbm":123,"sbsl":-1,"extra":true}""";
        var message = new InboundMessage("djet", "declaration", body, At);

        var fromText = DjetDeclarationMapping.ToCanonical(body);
        var fromDocument = DjetDeclarationMapping.ToCanonical(message.Body());

        Assert.False(fromDocument.IsValid);
        Assert.Equal(fromText.Violations.Select(v => (v.Path, v.Code)), fromDocument.Violations.Select(v => (v.Path, v.Code)));
    }

    [Fact]
    public void Should_keep_the_keys_before_a_string_that_is_not_text()
    {
        // Strict JSON, so it parses; "\uD800" alone is no character, which GetString refuses.
        var body = """{"zmbh":"ZM-1","cph":"\uD800","yzcbm":"FR9"}""";
        var message = new InboundMessage("djet", "certificate", body, At);
        Assert.NotNull(message.Json);

        var keys = new JournalKeyReader().Read(message);

        Assert.Equal(JournalKeyExtractor.Extract("djet", "certificate", body).Keys, keys.Keys);
        Assert.Contains("ZM-1", keys.Keys);
    }
}
