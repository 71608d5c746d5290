using Csp.Storage.Emulator;
using Xunit;

namespace Csp.Testing;

/// <summary>
/// One in-memory Azurite per test collection, on free loopback ports. Tests isolate themselves by
/// using unique table and container names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>A table or container name that no other test uses (letters and digits only).</summary>
    public static string UniqueName(string prefix = "t") =>
        prefix + Guid.NewGuid().ToString("N")[..20];
}
