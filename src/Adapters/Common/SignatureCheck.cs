namespace EarTagTrace.Adapters.Common;

/// <summary>Outcome of checking an inbound signed request; <see cref="ReasonCode"/> is null when it passed.</summary>
public sealed record SignatureCheck(bool IsValid, string? ReasonCode, string Message, string? AppKey)
{
    public const string SignatureMissing = "SIGNATURE_MISSING";
    public const string TimestampStale = "TIMESTAMP_STALE";
    public const string AppKeyUnknown = "APPKEY_UNKNOWN";
    public const string SignatureInvalid = "SIGNATURE_INVALID";

    public static SignatureCheck Valid(string appKey) => new(true, null, "ok", appKey);

    public static SignatureCheck Refused(string reasonCode, string message, string? appKey) => new(false, reasonCode, message, appKey);
}
