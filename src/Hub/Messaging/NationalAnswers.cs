using EarTagTrace.Adapters.Common;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Reads the national platforms' answer envelope into per-item results.</summary>
public static class NationalAnswers
{
    /// <param name="sentIndexes">For each item of the sent batch, its index in <paramref name="results"/>.</param>
    public static void Apply(NationalAnswer answer, IReadOnlyList<int> sentIndexes, ItemResult?[] results)
    {
        if (answer.Code == NationalCodes.Success)
        {
            var rejected = (answer.Data?.Rejected ?? []).ToDictionary(r => r.Index);
            for (var i = 0; i < sentIndexes.Count; i++)
            {
                results[sentIndexes[i]] = rejected.TryGetValue(i, out var r)
                    ? ItemResult.Rejected($"{r.Code}: {r.Message}")
                    : ItemResult.Delivered;
            }
            return;
        }

        var error = $"{answer.Code}: {answer.Message}";
        foreach (var index in sentIndexes)
            results[index] = PartnerFailure.IsTransient(answer) ? ItemResult.Retry(error) : ItemResult.Failed(error);
    }
}
