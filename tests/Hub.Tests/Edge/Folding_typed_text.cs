using EarTagTrace.Hub.Edge;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>What staff type into a look-up, folded the one way (<see cref="TypedText"/>), without a database.</summary>
public sealed class Folding_typed_text
{
    [Theory]
    [InlineData("１２２０１２２００００１００１", "122012200001001")] // 全角 digits, as a Chinese input method gives them
    [InlineData("\u3000122012200001001\u3000", "122012200001001")] // ideographic spaces around
    [InlineData("ＦＲ２２０１２２Ｔ００００３", "FR220122T00003")] // a farm code in full-width letters and digits
    [InlineData("  ZM-2026-0001 ", "ZM-2026-0001")]
    [InlineData("追溯一号场", "追溯一号场")] // CJK stays as it is
    [InlineData("牛😀", "牛😀")] // and so does a 4-byte character
    [InlineData("", "")]
    public void Should_fold_full_width_forms_to_ascii_and_trim(string typed, string folded) =>
        Assert.Equal(folded, TypedText.Fold(typed));

    [Fact]
    public void Should_leave_text_that_is_not_valid_utf16_as_it_is_but_trimmed() =>
        Assert.Equal("12\ud800", TypedText.Fold(" 12\ud800 "));
}
