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
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/console"))
            {
                // Nothing from outside: no CDN, no inline script; the token never leaves this origin.
                http.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
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
