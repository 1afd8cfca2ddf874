namespace EarTagTrace.Mappings.Validation;

/// <summary>One contract or mapping violation, located by its JSON path (e.g. <c>$.rows[3].lxdh</c>).</summary>
public sealed record Violation(string Path, string Code, string Message);
