using Csp.Testing;

namespace Csp.Durable.Tests;

/// <summary>One in-memory Azurite shared by the engine's storage tests.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite (engine)";
}
