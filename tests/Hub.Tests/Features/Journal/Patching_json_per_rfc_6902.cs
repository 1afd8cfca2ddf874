using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Journal;

namespace EarTagTrace.Hub.Tests.Features.Journal;

/// <summary>The examples of RFC 6902 appendix A, and the refusals it asks for.</summary>
public sealed class Patching_json_per_rfc_6902
{
    private static string Apply(string document, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))!.ToJsonString();

    private static void Same(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}, got {actual}");

    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")] // A.1
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")] // A.2
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")] // A.3
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")] // A.4
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")] // A.5
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")] // A.6
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""",
        """{"foo":["all","cows","eat","grass"]}""")] // A.7
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
        """{"baz":"qux","foo":["a",2,"c"]}""")] // A.8
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")] // A.10
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")] // A.14
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")] // A.16
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"},{"op":"replace","path":"/c/b","value":2}]""", """{"a":{"b":1},"c":{"b":2}}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"","value":[1]}]""", """[1]""")]
    [InlineData("""{"a/b":1}""", """[{"op":"remove","path":"/a~1b"}]""", """{}""")]
    public void Should_apply_the_rfc_examples(string document, string patch, string expected) => Same(expected, Apply(document, patch));

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", JsonPatch.TestFailed)] // A.9
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", JsonPatch.NotApplicable)] // A.12
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", JsonPatch.TestFailed)] // A.15
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/nope"}]""", JsonPatch.NotApplicable)]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/nope","value":1}]""", JsonPatch.NotApplicable)]
    [InlineData("""{"foo":[1,2]}""", """[{"op":"add","path":"/foo/3","value":1}]""", JsonPatch.NotApplicable)]
    [InlineData("""{"foo":[1,2]}""", """[{"op":"remove","path":"/foo/01"}]""", JsonPatch.NotApplicable)]
    [InlineData("""{"foo":[1,2]}""", """[{"op":"remove","path":"/foo/-"}]""", JsonPatch.NotApplicable)]
    [InlineData("""{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""", JsonPatch.Invalid)]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b"}]""", JsonPatch.Invalid)] // A.13-ish: add without value
    [InlineData("""{"a":1}""", """[{"op":"jump","path":"/a"}]""", JsonPatch.Invalid)]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"b","value":1}]""", JsonPatch.Invalid)]
    [InlineData("""{"a":1}""", """{"op":"add","path":"/b","value":1}""", JsonPatch.Invalid)]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":""}]""", JsonPatch.Invalid)]
    [InlineData("""{"a":1}""", """[1]""", JsonPatch.Invalid)]
    public void Should_refuse_what_the_rfc_refuses(string document, string patch, string code) =>
        Assert.Equal(code, Assert.Throws<JsonPatchException>(() => Apply(document, patch)).Code);

    [Fact]
    public void Should_leave_the_original_untouched_even_when_a_later_operation_fails()
    {
        var original = JsonNode.Parse("""{"a":1,"b":[1]}""");
        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(original,
            JsonNode.Parse("""[{"op":"replace","path":"/a","value":2},{"op":"remove","path":"/b/5"}]""")));
        Same("""{"a":1,"b":[1]}""", original!.ToJsonString());
    }
}
