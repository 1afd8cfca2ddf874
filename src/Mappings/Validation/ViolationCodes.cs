namespace EarTagTrace.Mappings.Validation;

/// <summary>Stable violation codes: journals, answers to partners and tests key on them, so never rename one.</summary>
public static class ViolationCodes
{
    public const string JsonMalformed = "JSON_MALFORMED";
    public const string SchemaRequired = "SCHEMA_REQUIRED";
    public const string SchemaType = "SCHEMA_TYPE";
    public const string SchemaPattern = "SCHEMA_PATTERN";
    public const string SchemaEnum = "SCHEMA_ENUM";
    public const string SchemaLength = "SCHEMA_LENGTH";
    public const string SchemaRange = "SCHEMA_RANGE";
    public const string SchemaItems = "SCHEMA_ITEMS";
    public const string SchemaAdditionalProperty = "SCHEMA_ADDITIONAL_PROPERTY";
    public const string SchemaOther = "SCHEMA_OTHER";
    /// <summary>More violations than a message reports: the count of those left out.</summary>
    public const string ViolationsTruncated = "VIOLATIONS_TRUNCATED";

    public const string PhoneInvalid = "PHONE_INVALID";
    public const string CoordOutOfRange = "COORD_OUT_OF_RANGE";
    public const string CoordIncomplete = "COORD_INCOMPLETE";
    public const string TimeInvalid = "TIME_INVALID";
    public const string SpeciesDuplicate = "SPECIES_DUPLICATE";
    public const string FarmTypeMissing = "FARM_TYPE_MISSING";
    public const string RegionInconsistent = "REGION_INCONSISTENT";
    public const string ValueOutOfRange = "VALUE_OUT_OF_RANGE";
}
