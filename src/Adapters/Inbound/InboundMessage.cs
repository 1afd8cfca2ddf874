using System.Text.Json;

namespace EarTagTrace.Adapters.Inbound;

/// <summary>A partner message as it arrived (pushed or pulled), before the hub made anything of it.</summary>
public sealed record InboundMessage(string Source, string Type, string RawBody, DateTimeOffset ReceivedAt)
{
    public string? AppKey { get; init; }
    /// <summary>Set when the transport already refused the message (bad signature): it is journaled, not processed.</summary>
    public IReadOnlyList<InboundReason>? TransportRefusal { get; init; }
    /// <summary>
    /// Set when the partner was authenticated but the body cannot be a message at all (not UTF-8 text, not JSON by its
    /// Content-Type): it is journaled and refused as malformed, without reaching a handler.
    /// </summary>
    public IReadOnlyList<InboundReason>? BodyRefusal { get; init; }
    /// <summary>The journal entry this message replays, if it is a replay.</summary>
    public long? ReplayOf { get; init; }
    /// <summary>Work out the outcome and stage nothing: what a replay would do, before doing it.</summary>
    public bool DryRun { get; init; }
    /// <summary>The staff account that submitted the message (a sheet import, a replay); null for a partner's push.</summary>
    public string? Actor { get; init; }
    /// <summary>That account's region scope: a staff-submitted message may change nothing outside it.</summary>
    public string? ActorRegion { get; init; }

    private ParsedBody? _parsed;

    /// <summary>
    /// The body as one <see cref="JsonDocument"/>, parsed on first use and shared by everything that reads it: the
    /// journal's key reader, the contract's validity proof and the mapping. Null when the body is not strict JSON (those
    /// take the text path, which names the fault). A copy made with <c>with { RawBody = … }</c> parses its own body.
    /// </summary>
    public JsonDocument? Json
    {
        get
        {
            var raw = RawBody;
            if (_parsed is { } parsed && ReferenceEquals(parsed.Raw, raw)) return parsed.Document;
            JsonDocument? document;
            try
            {
                document = string.IsNullOrEmpty(raw) ? null : JsonDocument.Parse(raw);
            }
            catch (JsonException)
            {
                document = null;
            }
            catch (ArgumentException)
            {
                document = null; // a string that is not text (a lone surrogate): refused before any rule reads it
            }
            _parsed = new ParsedBody(raw, document);
            return document;
        }
    }

    private sealed record ParsedBody(string Raw, JsonDocument? Document);
}

/// <summary>Why a message (or part of it) was refused: a code a person can act on, where, and which tags.</summary>
public sealed record InboundReason(string Code, string Detail, string? Path = null, IReadOnlyList<string>? Tags = null);

public enum InboundVerdict
{
    Accepted,
    /// <summary>Not well-formed or not signed: the partner must fix the message.</summary>
    Malformed,
    Unauthorized,
    /// <summary>Well-formed but against a business rule.</summary>
    Refused,
    /// <summary>The hub failed on its own account; journaled as failed, to be replayed.</summary>
    Failed,
}

/// <summary>What the hub made of a message; adapters turn it into the partner's answer envelope.</summary>
public sealed record InboundOutcome(InboundVerdict Verdict, long JournalId, IReadOnlyList<InboundReason> Reasons)
{
    public bool Accepted => Verdict == InboundVerdict.Accepted;
    /// <summary>Extra fields of the partner answer (e.g. the declaration's "jg").</summary>
    public IReadOnlyDictionary<string, object?>? Extra { get; init; }
}

/// <summary>
/// The hub's rule for one kind of partner message, under the source and type the journal names it by. Adapters bind
/// each route to one through their partner's rule set (IDjetRules, IFarmRegistryRules), which the hub implements.
/// </summary>
public interface IInboundRule
{
    string Source { get; }
    string Type { get; }

    /// <summary>Applies a message with this rule: journal, validate, map, apply in one transaction.</summary>
    Task<InboundOutcome> ApplyAsync(InboundMessage message, CancellationToken ct);
}

/// <summary>Implemented by the hub: journal, validate, map, apply in one transaction.</summary>
public interface IInboundPipeline
{
    /// <summary>
    /// Applies a journaled message again (replay, dry run, edited replay): its rule is the one bound to the source and
    /// type it was journaled under. An unknown pair is refused as <c>TYPE_UNKNOWN</c>.
    /// </summary>
    Task<InboundOutcome> ReplayAsync(InboundMessage message, CancellationToken ct);
}

/// <summary>Implemented by the hub: which secret an inbound appKey signs with.</summary>
public interface IPartnerCredentials
{
    ValueTask<string?> SecretForAsync(string partner, string appKey, CancellationToken ct);
}
