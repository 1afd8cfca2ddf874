namespace EarTagTrace.Hub.Messaging;

/// <summary>Outbox payload: a county switched the new function on or off from a China date (Jilin ear-tag plan, part 三).</summary>
public sealed record CountyFeatureSwitched(string CountyCode, bool Enabled, DateOnly Since);
