using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/declarations 检疫申报 (docs/partners.md, 动监e通) → <see cref="CanonicalDeclaration"/>.</summary>
public static class DjetDeclarationMapping
{
    private static readonly Dictionary<string, string> Paths = new()
    {
        [nameof(CanonicalDeclaration.Id)] = "$.sbdh",
        [nameof(CanonicalDeclaration.FarmCode)] = "$.yzcbm",
        [nameof(CanonicalDeclaration.QrToken)] = "$.ewm",
        [nameof(CanonicalDeclaration.Species)] = "$.xmdm",
        [nameof(CanonicalDeclaration.HeadCount)] = "$.sl",
        [nameof(CanonicalDeclaration.Destination)] = "$.ddd",
        [nameof(CanonicalDeclaration.Purpose)] = "$.yt",
        [nameof(CanonicalDeclaration.Tags)] = "$.ebh",
        [nameof(CanonicalDeclaration.DeclaredAt)] = "$.sbsj",
    };

    /// <summary>
    /// The partner's path of a canonical field, so a rule that names <see cref="CanonicalDeclaration"/>'s fields is answered in
    /// 动监e通's own terms (a reason's path as the partner sent it); a path that is not a field name stays as it is.
    /// </summary>
    public static string? PartnerPath(string? field) => field is not null && Paths.TryGetValue(field, out var path) ? path : field;

    /// <summary>
    /// Validates the body against djet/declaration and maps it. The tags stay exactly as sent: whether each is
    /// well-formed, of the species, issued to the farm and unused are the hub's declaration rules, answered as reasons.
    /// </summary>
    public static MappingResult<CanonicalDeclaration> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetDeclarationMessage, CanonicalDeclaration>(Contracts.DjetDeclaration, body, Map);

    private static CanonicalDeclaration? Map(DjetDeclarationMessage message, List<Violation> violations)
    {
        MovementPurpose? purpose = message.Yt switch
        {
            "屠宰" => MovementPurpose.Slaughter,
            "饲养" => MovementPurpose.Rearing,
            "种用" => MovementPurpose.Breeding,
            "其他" => MovementPurpose.Other,
            _ => null,
        };
        var declaredAt = DjetInbound.Time(message.Sbsj, "$.sbsj", violations);

        if (violations.Count > 0
            || DjetInbound.SpeciesOf(message.Xmdm) is not { } species
            || purpose is not { } why
            || DjetInbound.PlaceOf(message.Ddd) is not { } destination
            || declaredAt is not { } at
            || message is not { Sbdh: { } id, Yzcbm: { } farm, Ewm: { } qr, Sl: { } heads, Ebh: { } ebh })
        {
            return null;
        }

        return new CanonicalDeclaration(id.Trim(), farm.Trim(), qr, species, heads, destination, why,
            ebh.OfType<string>().ToList(), at);
    }
}
