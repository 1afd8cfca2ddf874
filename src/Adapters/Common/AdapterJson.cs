using EarTagTrace.Mappings;

namespace EarTagTrace.Adapters.Common;

/// <summary>Refit settings of every partner client: partner-native JSON exactly as <see cref="PartnerJson"/> writes it.</summary>
internal static class AdapterJson
{
    public static Refit.RefitSettings RefitSettings() => new(new Refit.SystemTextJsonContentSerializer(PartnerJson.Options));
}
