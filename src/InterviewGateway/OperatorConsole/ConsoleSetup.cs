using Microsoft.Extensions.FileProviders;

namespace InterviewGateway.OperatorConsole;

/// The operator console at /console (issue 19): static HTML, ES modules and CSS embedded in the assembly,
/// so it works offline and from any working directory. It holds no powers of its own: the page calls the
/// public API with the key the operator pastes in. Served by the static-file middleware, not endpoints,
/// so the console adds nothing to the anonymous endpoint surface or the OpenAPI document.
/// (The folder is not called Console: an InterviewGateway.Console namespace would hide System.Console.)
internal static class ConsoleSetup
{
    public const string Path = "/console";

    /// No inline script or style, nothing from another origin, never framed.
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapConsole(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(ConsoleSetup).Assembly, "InterviewGateway.OperatorConsole.Assets");
        app.Map(Path, console =>
        {
            console.Use((http, next) =>
            {
                AddSecurityHeaders(http.Response.Headers);
                if (http.Request.Path == PathString.Empty)
                {
                    http.Response.Redirect(Path + "/"); // the page's relative module paths need the slash
                    return Task.CompletedTask;
                }

                return next(http);
            });
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            console.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        });
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Revalidate every time (ETag): a deployment's new console is seen at once, never a stale mix of modules.
        headers.CacheControl = "no-cache";
    }
}
