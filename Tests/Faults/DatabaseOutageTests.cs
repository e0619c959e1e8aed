using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>Scenario 3: PostgreSQL killed for a few seconds under load (its own server), then started again.</summary>
[Collection(FaultScenarios.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);

    [SkippableFact]
    public async Task PostgreSql_down_for_seconds_under_load_fails_writes_with_503_and_the_cluster_recovers_without_a_restart()
    {
        var report = new Report(output, "database outage");
        using var database = await PrivatePostgreSql.Create();
        await using var cluster = await FaultCluster.Start(database.ConnectionString, silos: 2);
        var venue = await FaultVenue.Create(cluster.Http, rooms: 30);
        var load = new BookingLoad(cluster.Http, venue);
        using var stop = new CancellationTokenSource();
        var running = load.Run(partners: 4, receptionists: 2, stop.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            var downAt = DateTimeOffset.UtcNow;
            database.Crash();
            await Task.Delay(Outage);
            var upAt = DateTimeOffset.UtcNow;
            await database.Start();
            report.Line($"PostgreSQL killed (kill -9 of the server and its backends) for {(upAt - downAt).TotalSeconds:0.0} s, accepting connections again {(DateTimeOffset.UtcNow - upAt).TotalSeconds:0.0} s after the restart");
            await Task.Delay(TimeSpan.FromSeconds(20));
            await stop.CancelAsync();
            await running;

            var figures = load.Figures(upAt);
            report.Line(figures.ToString().Replace("after the fault", "after PostgreSQL came back", StringComparison.Ordinal));
            report.Line("exceptions behind the API's 503s: " + cluster.ApiExceptions());
            var during = load.Attempts.Where(a => a.Start > downAt + TimeSpan.FromSeconds(1) && a.Start + a.Latency < upAt).ToArray();
            report.Line($"during the outage: {during.Length} requests, {during.Count(a => a.Status == 503)} answered 503, {during.Count(a => a.Status == 201)} acknowledged");
            SiloKillTests.AssertServed(figures, report);
            Assert.NotEmpty(during);
            Assert.All(during, a => Assert.Equal(503, a.Status));
            Assert.All(cluster.Silos, s => Assert.False(s.Process.HasExited, $"{s.Process.Name} exited:{Environment.NewLine}{s.Process.Tail()}"));
            Assert.False(cluster.Api!.HasExited);
            Assert.Contains(load.Attempts, a => a.Status == 201 && a.Start > upAt);

            var (lost, now) = await load.ReadBack(cluster.Http);
            report.Line($"read back {now.Count} of {load.Acknowledged.Count} acknowledged bookings: lost or changed {lost.Count}");
            Assert.Empty(lost);
            Assert.Empty(BookingLoad.DoubleOccupancy(now.Values));
            Assert.Empty(await cluster.WronglyDeclaredDead());
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
