using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing.Processes;

/// <summary>Picks a loopback port nothing listens on right now.</summary>
internal static class FreePort
{
    /// <summary>
    /// Binds 127.0.0.1:0, reads the port the OS chose and releases it. Another process may take it before
    /// redis-server binds it; callers retry on "Address already in use".
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
