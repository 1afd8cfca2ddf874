using System.Text;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// What a person types into a look-up (a trace's start, a tag to follow): full-width forms (全角, which a Chinese input
/// method gives for digits and letters) folded to ASCII and the ideographic space U+3000 to a space (Unicode NFKC),
/// then trimmed. A tag typed as １２２０… is the tag 1220…. Partners' messages are not folded: their contracts say ASCII,
/// and a partner sending anything else is told so.
/// </summary>
public static class TypedText
{
    public static string Fold(string text)
    {
        try
        {
            return (text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC)).Trim();
        }
        catch (ArgumentException)
        {
            // Not valid UTF-16 (a lone surrogate from a decoded path): nothing to fold, and no look-up will find it.
            return text.Trim();
        }
    }
}
