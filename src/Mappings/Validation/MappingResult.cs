namespace EarTagTrace.Mappings.Validation;

public sealed record MappingResult<T>(T? Value, IReadOnlyList<Violation> Violations)
    where T : class
{
    public bool IsValid => Value is not null && Violations.Count == 0;

    public static MappingResult<T> Ok(T value) => new(value, []);
    public static MappingResult<T> Fail(IReadOnlyList<Violation> violations) => new(null, violations);
}
