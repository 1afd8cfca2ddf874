namespace EarTagTrace.Hub.Edge;

/// <summary>
/// Folds (<see cref="TypedText.Fold"/>) the look-up keys staff type into a path or a query, the string parameters named
/// <c>code</c> (a farm or a county), <c>ebh</c> (a tag) or <c>holder</c>, for every endpoint of the group it is added
/// to: a new look-up is folded without remembering to, as <c>ViewerMasking</c> masks without remembering to. Such a
/// parameter is always bound from the route or the query (a string from a body needs [FromBody]).
/// </summary>
public static class TypedLookupKeys
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "code", "ebh", "holder" };

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var keys = context.MethodInfo.GetParameters()
            .Where(p => p.ParameterType == typeof(string) && p.Name is { } name && Names.Contains(name))
            .Select(p => p.Position).ToArray();
        if (keys.Length == 0) return next;
        return invocation =>
        {
            foreach (var i in keys)
                if (invocation.Arguments[i] is string typed) invocation.Arguments[i] = TypedText.Fold(typed);
            return next(invocation);
        };
    }
}
