using Microsoft.Extensions.FileProviders;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Serves the web client (web/, built into web/dist by `npm run build`, see web/README.md) at `/`:
/// its files as they are, and index.html for any other dot-free path outside api/ and runtime/ so the app's own
/// routes survive a reload. Kmt:DevHost:WebRoot overrides the folder; without a build, `/` explains
/// how to make one instead of answering 404.
/// </summary>
public static class WebClientFiles
{
    public static void MapWebClient(this WebApplication app)
    {
        var root = WebRoot(app.Configuration[$"{DevHostOptions.Section}:WebRoot"]);
        if (root is null)
        {
            app.MapGet("/", () => Results.Content(
                "<!doctype html><title>KMT</title><p>The web client is not built yet: run <code>npm ci --prefix web &amp;&amp; npm run build --prefix web</code> (or <code>scripts/build-web.sh</code>) and reload. The API is under /api/v1.</p>",
                "text/html"));
            return;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // An endpoint chosen by routing makes the static-file middleware step aside, so the fallback
        // must not match file names (anything with a dot), only the app's own paths.
        app.MapFallback("{*path:regex(^(?!api/|runtime/)[^.]*$)}", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        });
    }

    private static string? WebRoot(string? configured)
    {
        var candidates = string.IsNullOrWhiteSpace(configured)
            ? new[] { Path.Combine(Directory.GetCurrentDirectory(), "web", "dist"), Path.Combine(AppContext.BaseDirectory, "wwwroot-web") }
            : new[] { Path.GetFullPath(configured) };
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "index.html")));
    }
}
