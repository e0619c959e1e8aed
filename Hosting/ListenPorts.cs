using System.Net;
using System.Net.Sockets;

namespace ClubGrains.Hosting;

/// <summary>
/// The silo's own ports (silo-to-silo and gateway) must be free before it starts: a second instance
/// on another data folder would otherwise come up beside the first on ports it cannot own. A port
/// in use stops start-up naming the port and the setting that moves it.
/// </summary>
internal static class ListenPorts
{
    public static void EnsureFree(ClubGrainsOptions options)
    {
        var cluster = options.Cluster;
        var address = options.Storage == StorageProvider.Sqlite
            ? IPAddress.Loopback
            : cluster.ListenOnAnyAddress ? IPAddress.Any : IPAddress.Parse(cluster.AdvertisedAddress);
        foreach (var (setting, port) in new[] { ("ClubGrains:Cluster:SiloPort", cluster.SiloPort), ("ClubGrains:Cluster:GatewayPort", cluster.GatewayPort) })
        {
            try
            {
                using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new ClubGrainsStartupException(
                    $"Port {port} on {address} ({setting}) is already in use: another ClubGrains instance (perhaps on another data folder) " +
                    $"or another program listens there. Stop it, or give this instance free ports ({setting}=<port>; " +
                    "SiloPort and GatewayPort must differ from every other instance's on this machine).", e);
            }
        }
    }
}
