using System.Net;
using System.Net.Sockets;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// A free port for a process a test starts later (a hub, a PostgreSQL cluster), taken below Linux's ephemeral range
/// (32768–60999). A port the kernel hands out for "port 0" is ephemeral: between the test picking it and the process
/// binding it, or while a killed hub is restarted on it, any outgoing connection (a database connection of another
/// test) may be given the same number as its local port, and the hub then dies with "address already in use".
/// </summary>
internal static class ListenPort
{
    private const int Lowest = 20_000;
    private const int Highest = 32_767;

    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException($"no free port between {Lowest} and {Highest} after 200 tries");
    }
}
