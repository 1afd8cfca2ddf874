using System.Text.Json;

namespace EarTagTrace.Mappings;

/// <summary>
/// A partner body as the hub holds it: its text, and the one <see cref="JsonDocument"/> parsed from it when it is strict
/// JSON. The schema proof and the mapping read the parsed element, so a body is parsed once on its way in; the text
/// serves what only text can (the full validator naming each fault of a body the proof could not pass).
/// </summary>
public readonly record struct PartnerBody(string Text, JsonElement? Element = null)
{
    /// <summary>A body known only as text (tests, tools): it is parsed where it is read.</summary>
    public static implicit operator PartnerBody(string text) => new(text);
}
