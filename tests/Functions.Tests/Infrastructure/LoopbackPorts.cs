using System.Net;
using System.Net.Sockets;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>Loopback ports for the servers a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port the operating system just handed out as free on 127.0.0.1. Servers that pick a port themselves at random
    /// (Microsoft's in-memory Durable Task sidecar picks one in 30000-40000 without checking it) are given one of these
    /// instead, so that they do not collide with another test's server or an outgoing connection.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
