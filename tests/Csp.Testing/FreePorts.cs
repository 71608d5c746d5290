using System.Net;
using System.Net.Sockets;

namespace Csp.Testing;

/// <summary>Loopback ports nobody listens on, so suites running side by side never meet.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
