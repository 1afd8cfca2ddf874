using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Hub.Edge;

/// <summary>The edge every caller's input crosses once: JSON read one way (enums by name, times to UTC) and refusals with reasons.</summary>
public static class EdgeExtensions
{
    public static IServiceCollection AddEdge(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<InputExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.Converters.Add(new UtcTimeConverter());
        });
        return services;
    }
}
