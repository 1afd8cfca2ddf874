namespace EarTagTrace.Simulator;

/// <summary>Why a signed request was refused: 4010 missing headers, 4011 unknown appKey, 4012 stale timestamp, 4013 bad sign.</summary>
public sealed record SignatureRefusal(int Code, string Message);
