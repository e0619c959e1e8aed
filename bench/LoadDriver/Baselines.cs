using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Bench;

[Alias("bench.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<string> Ping();
}

/// <summary>The trivial grain call of the baseline: no state, no I/O.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> Ping() => Task.FromResult("pong");
}

[GenerateSerializer, Alias("bench.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public Booking? Booking { get; set; }
    [Id(1)] public long Writes { get; set; }
}

[Alias("bench.IStoreProbeGrain")]
public interface IStoreProbeGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task Write();
}

/// <summary>One Orleans ADO.NET state write per call, through the service's own storage provider, of a booking-sized payload.</summary>
public sealed class StoreProbeGrain([PersistentState("probe", StorageNames.Club)] IPersistentState<ProbeState> state) : Grain, IStoreProbeGrain
{
    public async Task Write()
    {
        state.State.Writes++;
        state.State.Booking = SampleBooking.Held("probe", this.GetPrimaryKeyString(), DateTimeOffset.UtcNow);
        await state.WriteStateAsync();
    }
}

/// <summary>What the raw store child prints: writes a second through the service's storage configuration.</summary>
internal sealed record RawStoreResult(long Writes, long WarmupWrites, double Seconds, long Errors, double P50, double P90, double P99, double Max, double CpuMicroseconds)
{
    public double Rate => Seconds > 0 ? Writes / Seconds : 0;
}

/// <summary>The baselines, each run as a child process of the driver like the service is.</summary>
internal static class Baselines
{
    public const string ServeBare = "serve-bare";
    public const string ServeGrain = "serve-grain";
    public const string RawStore = "raw-store";
    private const int PingGrains = 1024;

    /// <summary>A bare Kestrel endpoint: GET /ping answers "pong".</summary>
    public static async Task<int> RunBare(Cli cli)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{cli.Required("port")}");
        var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// A bare co-hosted silo (localhost clustering, no storage, no telemetry, no auth): GET /ping does
    /// one trivial grain call; GET /ready answers once the silo serves grain calls (cold-start baseline).
    /// </summary>
    public static async Task<int> RunGrain(Cli cli)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{cli.Required("port")}");
        builder.UseOrleans(silo => silo.UseLocalhostClustering(
            int.Parse(cli.Required("silo-port"), CultureInfo.InvariantCulture),
            int.Parse(cli.Required("gateway-port"), CultureInfo.InvariantCulture),
            serviceId: "bench-baseline",
            clusterId: "bench-baseline"));
        var app = builder.Build();
        app.MapGet("/ping", (IGrainFactory grains) => grains.GetGrain<IPingGrain>(Random.Shared.Next(PingGrains)).Ping());
        app.MapGet("/ready", (IGrainFactory grains) => grains.GetGrain<IPingGrain>(0).Ping());
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// The raw store: a silo composed exactly as the service's (UseClubGrains: same provider, serializer,
    /// connection string, schema) whose probe grains each write their state once per call, from a fixed
    /// number of concurrent callers for a fixed time. Prints one RESULT line.
    /// </summary>
    public static async Task<int> RunRawStore(Cli cli)
    {
        var clients = cli.Int("clients", 64);
        var seconds = cli.Int("seconds", 10);
        var warmupSeconds = cli.Int("warmup", 2);
        var grainCount = cli.Int("grains", 10_000);
        var settings = new Dictionary<string, string?>
        {
            ["ClubGrains:Cluster:SiloPort"] = cli.Required("silo-port"),
            ["ClubGrains:Cluster:GatewayPort"] = cli.Required("gateway-port"),
            ["ClubGrains:Cluster:ServiceId"] = cli.Text("service-id") ?? "bench-store",
            ["ClubGrains:Cluster:ClusterId"] = cli.Text("service-id") ?? "bench-store",
            ["ClubGrains:Management:Dashboard"] = "false",
        };
        if (cli.Text("postgres") is { } postgres)
        {
            settings["ClubGrains:Storage"] = "PostgreSql";
            settings["ClubGrains:PostgreSql:ConnectionString"] = postgres;
        }
        else
        {
            settings["ClubGrains:Storage"] = "Sqlite";
            settings["ClubGrains:Sqlite:Path"] = cli.Required("sqlite");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseClubGrains(configuration));
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        long sequence = -1;
        async Task<(List<long> Latencies, long Errors)> Loop(TimeSpan length)
        {
            var latencies = new List<long>(4096);
            long errors = 0;
            var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var seq = Interlocked.Increment(ref sequence);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var key = "probe-" + (seq % grainCount).ToString(CultureInfo.InvariantCulture);
                    await grains.GetGrain<IStoreProbeGrain>(key).Write();
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    errors++;
                }
            }

            return (latencies, errors);
        }

        var warmup = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Loop(TimeSpan.FromSeconds(warmupSeconds)))));
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var loops = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Loop(TimeSpan.FromSeconds(seconds)))));
        clock.Stop();
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var sorted = loops.SelectMany(l => l.Latencies).ToArray();
        Array.Sort(sorted);
        var result = new RawStoreResult(
            sorted.Length,
            warmup.Sum(l => l.Latencies.Count),
            clock.Elapsed.TotalSeconds,
            loops.Sum(l => l.Errors) + warmup.Sum(l => l.Errors),
            Latency.Percentile(sorted, 50),
            Latency.Percentile(sorted, 90),
            Latency.Percentile(sorted, 99),
            sorted.Length == 0 ? 0 : Latency.ToMs(sorted[^1]),
            sorted.Length == 0 ? 0 : cpu.TotalMicroseconds / sorted.Length);
        await host.StopAsync();
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }
}
