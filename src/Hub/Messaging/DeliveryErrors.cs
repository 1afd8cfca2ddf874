using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Whose an item's last error is. Business: the item itself is wrong — the platform said 2001, or the hub's own
/// mapping or payload check refused it — so sending it unchanged again will not help. Transport: everything on the way
/// (timeout, 5xx, 429, 5000 busy, circuit open, network, attempts exhausted), which a later send may get through.
/// </summary>
public static class DeliveryErrors
{
    public const string ItemInvalid = "2001";

    public static DeliveryErrorClass? Classify(DeliveryStatus status, string? error)
    {
        if (error is null) return status == DeliveryStatus.Rejected ? DeliveryErrorClass.Business : null;
        if (status == DeliveryStatus.Rejected
            || error.StartsWith(ItemInvalid, StringComparison.Ordinal)
            || error.StartsWith("MAPPING_INVALID", StringComparison.Ordinal)
            || error.StartsWith("PAYLOAD_INVALID", StringComparison.Ordinal))
            return DeliveryErrorClass.Business;
        return DeliveryErrorClass.Transport;
    }
}
