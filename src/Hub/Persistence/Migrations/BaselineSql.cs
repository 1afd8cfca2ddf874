namespace EarTagTrace.Hub.Persistence.Migrations;

/// <summary>Reads a squashed migration's SQL, embedded in the hub's assembly (Hub.csproj).</summary>
internal static class BaselineSql
{
    public static string Read(string file)
    {
        var name = $"EarTagTrace.Hub.Persistence.Migrations.{file}";
        using var stream = typeof(BaselineSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The migration SQL {name} is not embedded in the hub (Hub.csproj).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
