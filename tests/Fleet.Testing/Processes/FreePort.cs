using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing.Processes;

/// <summary>Picks a loopback port nothing listens on right now.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds 127.0.0.1:0, reads the port the OS chose and releases it. Another process may take it before
    /// the caller's server binds it (redis-server, a service process); callers retry on "Address already in use".
    /// </summary>
    /// <returns>A loopback port that was free a moment ago.</returns>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
