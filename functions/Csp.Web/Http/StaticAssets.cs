using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Csp.Web.Http;

/// <summary>
/// Serves GOV.UK Frontend (from npm, never a CDN) and the service's own script and styles.
/// </summary>
public static class StaticAssets
{
    /// <summary>
    /// The folder holding <c>govuk-frontend.min.css</c>, <c>govuk-frontend.min.js</c> and <c>assets/</c>:
    /// the copy the build puts beside the binaries, else <c>node_modules/govuk-frontend/dist/govuk</c>
    /// above the working directory or the binaries. Null when neither exists (run <c>npm ci</c>).
    /// </summary>
    public static string? FindGovUkFrontend()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "govuk-frontend");
        if (File.Exists(Path.Combine(copied, "govuk-frontend.min.css"))) return copied;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "govuk-frontend", "dist", "govuk");
                if (File.Exists(Path.Combine(candidate, "govuk-frontend.min.css"))) return candidate;
            }
        }
        return null;
    }

    public static IApplicationBuilder UseCspStaticAssets(this IApplicationBuilder app)
    {
        var govuk = FindGovUkFrontend()
            ?? throw new InvalidOperationException(
                "GOV.UK Frontend is not installed: run 'npm ci' in the repository root, then build again.");
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";

        void Cache(StaticFileResponseContext ctx) =>
            ctx.Context.Response.Headers.CacheControl = "public, max-age=3600";

        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = StaticAssetPaths.GovUkAssets,
            FileProvider = new PhysicalFileProvider(Path.Combine(govuk, "assets")),
            ContentTypeProvider = types,
            OnPrepareResponse = Cache,
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = StaticAssetPaths.GovUkFrontend,
            // Only the two built files: the folder (node_modules in development) holds much more.
            FileProvider = new FilteredFileProvider(new PhysicalFileProvider(govuk), "govuk-frontend.min.css", "govuk-frontend.min.js"),
            ContentTypeProvider = types,
            OnPrepareResponse = Cache,
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = StaticAssetPaths.Service,
            FileProvider = new FlatEmbeddedFileProvider(typeof(StaticAssets).Assembly, "Csp.Web.Static."),
            ContentTypeProvider = types,
            OnPrepareResponse = Cache,
        });
        return app;
    }

    /// <summary>Exposes only the named files of a folder.</summary>
    private sealed class FilteredFileProvider(IFileProvider inner, params string[] allowed) : IFileProvider
    {
        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IFileInfo GetFileInfo(string subpath) =>
            allowed.Contains(subpath.TrimStart('/'), StringComparer.Ordinal)
                ? inner.GetFileInfo(subpath)
                : new NotFoundFileInfo(subpath);

        public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;
    }

    /// <summary>Embedded resources named <c>prefix + file name</c> (one flat folder).</summary>
    private sealed class FlatEmbeddedFileProvider(Assembly assembly, string prefix) : IFileProvider
    {
        private readonly DateTimeOffset _built = File.GetLastWriteTimeUtc(assembly.Location);

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IFileInfo GetFileInfo(string subpath)
        {
            var name = subpath.TrimStart('/');
            if (name.Length == 0 || name.Contains('/')) return new NotFoundFileInfo(subpath);
            return assembly.GetManifestResourceInfo(prefix + name) is null
                ? new NotFoundFileInfo(subpath)
                : new EmbeddedFile(assembly, prefix + name, name, _built);
        }

        public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;
    }

    private sealed class EmbeddedFile(Assembly assembly, string resource, string name, DateTimeOffset modified) : IFileInfo
    {
        public bool Exists => true;
        public long Length { get; } = GetLength(assembly, resource);
        public string? PhysicalPath => null;
        public string Name => name;
        public DateTimeOffset LastModified => modified;
        public bool IsDirectory => false;
        public Stream CreateReadStream() => assembly.GetManifestResourceStream(resource)!;

        private static long GetLength(Assembly assembly, string resource)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            return stream.Length;
        }
    }
}
