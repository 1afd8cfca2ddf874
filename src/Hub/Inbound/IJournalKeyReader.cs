namespace EarTagTrace.Hub.Inbound;

/// <summary>
/// Reads the business keys a raw body names (farm codes, message ids, plates, tags and tag ranges) for its journal
/// entry, whatever becomes of the message. Implemented by the journal (Features/Journal/JournalKeyExtractor), which
/// also searches by them.
/// </summary>
public interface IJournalKeyReader
{
    /// <summary>Reads a JSON body from its one parse (<see cref="Adapters.Inbound.InboundMessage.Json"/>) when it has one.</summary>
    (string[] Keys, (long First, long Last)[] TagRanges) Read(Adapters.Inbound.InboundMessage message);
}
