using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>Scenario 5: the three silos restarted one by one (SIGTERM, then a new silo) under booking load.</summary>
[Collection(FaultScenarios.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_rolling_restart_under_load_loses_no_acknowledged_booking_and_releases_every_hold_once_at_its_deadline()
    {
        var report = new Report(output, "rolling restart");
        await using var cluster = await FaultCluster.Start(await PostgreSqlServer.CreateDatabase(), silos: 3);
        var venue = await FaultVenue.Create(cluster.Http, rooms: 30);
        var load = new BookingLoad(cluster.Http, venue);
        using var stop = new CancellationTokenSource();
        var running = load.Run(partners: 3, receptionists: 2, stop.Token);
        var watching = load.WatchHolds(cluster.Http, stop.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            var rollStarted = DateTimeOffset.UtcNow;
            foreach (var silo in cluster.Silos.ToArray())
            {
                var stopped = await silo.Stop();
                var replacement = await cluster.StartSilo();
                await cluster.WaitForActiveSilos(3);
                report.Line($"silo {silo.Number} stopped gracefully in {stopped.TotalSeconds:0.0} s; silo {replacement.Number} active, {(DateTimeOffset.UtcNow - rollStarted).TotalSeconds:0} s into the roll");
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await running;
            var (violations, looks) = await watching;

            var figures = load.Figures(rollStarted);
            report.Line(figures.ToString());
            report.Line("exceptions behind the API's 503s: " + cluster.ApiExceptions());
            report.Line($"board looks {looks}, holds shown released before their deadline {violations.Count}");
            SiloKillTests.AssertServed(figures, report);
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Take(10)));
            Assert.True(looks > 10, $"Only {looks} looks at the board succeeded.");

            var holds = load.Acknowledged.Values.Where(b => b.Status == BookingStatus.Held).ToArray();
            var lastDeadline = holds.Max(b => b.HoldUntil!.Value);
            var day = holds[0].BusinessDay;
            await cluster.Until(
                async () =>
                {
                    using var response = await FaultVenue.Send(cluster.Http, HttpMethod.Get, $"/venues/{venue.Id}/bookings?day={day:yyyy-MM-dd}&state=held", venue.Reception, ensure: false);
                    return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()) == "[]";
                },
                lastDeadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(150),
                "the day index shows no hold left");

            var (lost, now) = await load.ReadBack(cluster.Http);
            report.Line($"read back {now.Count} of {load.Acknowledged.Count} acknowledged bookings: lost or changed {lost.Count}; {holds.Length} holds, all released once at their deadline");
            Assert.Empty(lost);
            BookingLoad.AssertReleasedAtTheirDeadlines(holds, now);
            Assert.Empty(await cluster.WronglyDeclaredDead());
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await watching;
        }
    }
}
