using System.Net;
using System.Net.Sockets;
using ClubGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// Starts silos exactly as the Silo and Api programs compose them (<c>UseClubGrains</c>), on free
/// loopback ports, optionally on a fake clock that drives grain timers and reminders.
/// </summary>
public static class TestSilo
{
    public static Dictionary<string, string?> SqliteSettings(string databasePath, string serviceId = "clubgrains-test") => new()
    {
        ["ClubGrains:Storage"] = "Sqlite",
        ["ClubGrains:Sqlite:Path"] = databasePath,
        ["ClubGrains:Cluster:ServiceId"] = serviceId,
        ["ClubGrains:Cluster:ClusterId"] = serviceId,
        ["ClubGrains:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ClubGrains:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string?> PostgreSqlSettings(string connectionString, string serviceId = "clubgrains-test") => new()
    {
        ["ClubGrains:Storage"] = "PostgreSql",
        ["ClubGrains:PostgreSql:ConnectionString"] = connectionString,
        ["ClubGrains:Cluster:ServiceId"] = serviceId,
        ["ClubGrains:Cluster:ClusterId"] = serviceId,
        ["ClubGrains:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ClubGrains:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Builds a silo host; the caller starts and disposes it.</summary>
    /// <param name="remindersOnFakeClock">
    /// Whether reminders follow the fake clock too. Tests that prove durable wake-ups across a restart
    /// need it, and keep the clock moving; with a frozen fake clock, reminder unregistration waits on it,
    /// so tests that hold the clock still keep reminders on real time (grain timers still follow the fake clock).
    /// </param>
    /// <param name="configure">Test-only additions to the silo, such as fault-injecting storage; registered last, so they win.</param>
    public static IHost Build(IDictionary<string, string?> settings, FakeTimeProvider? clock = null, TimeSpan? minimumReminderPeriod = null, bool remindersOnFakeClock = true, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseClubGrains(builder.Configuration);
            if (minimumReminderPeriod is { } period)
            {
                silo.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = period);
            }

            if (clock is not null)
            {
                // Grains and reminders follow the fake clock; membership and messaging keep real time.
                silo.Services.AddSingleton<TimeProvider>(clock);
                if (remindersOnFakeClock)
                {
                    silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
                }

                silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            }

            // Last, so that a test's own services (a clock with skewed timers) replace the defaults.
            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    public static async Task<IHost> Start(IDictionary<string, string?> settings, FakeTimeProvider? clock = null, TimeSpan? minimumReminderPeriod = null, bool remindersOnFakeClock = true, Action<ISiloBuilder>? configure = null)
    {
        var host = Build(settings, clock, minimumReminderPeriod, remindersOnFakeClock, configure);
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Starts an Orleans client that finds the silos through PostgreSQL, as a client-mode API does.</summary>
    public static async Task<IHost> StartClient(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseClubGrainsClient(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    public static async Task Stop(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// The stored version of a string-keyed grain's state in a SQLite file, read beside the silo: it
    /// shows a write without calling (and so waking) the grain.
    /// </summary>
    public static long StoredVersion(string databasePath, string grainKey)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection(new SqliteSettings { Path = databasePath }.ConnectionString);
        db.Open();
        using var read = db.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(Version), 0) FROM OrleansStorage WHERE GrainIdExtensionString = $key";
        read.Parameters.AddWithValue("$key", grainKey);
        return (long)read.ExecuteScalar()!;
    }

    /// <summary>
    /// A loopback port free now and never handed out before in this test run, taken below the range the
    /// system picks outgoing connections' local ports from: a port from that range (what binding port 0
    /// gives) can be taken by any connection of the test run before the silo or server meant for it
    /// binds, and a silo once failed to start so. Never twice in one run: a silo and its gateway once
    /// got the same one.
    /// </summary>
    public static int FreePort()
    {
        var (first, last) = ListenPortRange.Value;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(first, last + 1);
            lock (HandedOut)
            {
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {first} and {last} that was not handed out already in 200 attempts.");
    }

    /// <summary>The ports below the system's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), from 10000.</summary>
    private static readonly Lazy<(int First, int Last)> ListenPortRange = new(() =>
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        if (ephemeralStart <= 12000)
        {
            throw new InvalidOperationException($"The ephemeral port range starts at {ephemeralStart}: no room below it for the tests' listeners.");
        }

        return (10000, ephemeralStart - 1);
    });

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>Waits, bounded, until a condition holds; fails with the message otherwise.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan within, string because, Func<Task>? step = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            if (step is not null)
            {
                await step();
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out after {within.TotalSeconds:0} s waiting until {because}.");
    }
}
