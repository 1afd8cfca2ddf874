using Microsoft.Extensions.FileProviders;

namespace EarTagTrace.Hub.StaffConsole;

/// <summary>
/// The staff console at /console: static files shipped with the hub (wwwroot/console, copied next to the dll), a
/// single page that signs in with the staff accounts and calls /api like any other client. The files hold no data,
/// so they are served without a token; everything they show comes from /api under the signed-in account.
/// </summary>
public static class ConsoleExtensions
{
    public static WebApplication UseConsole(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");
        if (!Directory.Exists(root)) return app;
        app.MapGet("/console", () => Results.Redirect("/console/")).ExcludeFromDescription();
        // A configured base layer (Console:BaseLayer:Url) is the one outside origin the map may fetch tiles from.
        var baseLayer = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.BaseLayer.Url;
        var tileOrigin = Uri.TryCreate(baseLayer, UriKind.Absolute, out var u) ? " " + u.GetLeftPart(UriPartial.Authority) : "";
        var policy = $"default-src 'self'; img-src 'self' data:{tileOrigin}; connect-src 'self'{tileOrigin}; worker-src 'self'; " +
            "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/console"))
            {
                // Nothing from outside: no CDN, no inline script; the token never leaves this origin.
                http.Response.Headers.ContentSecurityPolicy = policy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "no-referrer";
            }
            await next(http);
        });
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = "/console", FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/console", FileProvider = files });
        return app;
    }
}
