using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>Scenario 2: kill -9 of the embedded single process (API co-hosting the silo on SQLite) under write load, then a restart.</summary>
[Collection(FaultScenarios.Name)]
public sealed class EmbeddedKillTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Killing_the_embedded_process_under_write_load_loses_no_acknowledged_booking()
    {
        var report = new Report(output, "embedded kill");
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        settings["ClubGrains:Auth:SigningKey"] = Convert.ToBase64String(ApiFactory.SigningKey.Key);
        settings["ClubGrains:Auth:WritesPerSecond"] = "10000";
        settings["ClubGrains:Management:Dashboard"] = "false";
        settings["ClubGrains:Management:Url"] = $"http://127.0.0.1:{TestSilo.FreePort()}";
        var url = new Uri($"http://127.0.0.1:{TestSilo.FreePort()}");
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        string[] arguments = [Repository.Program("Api", "ClubGrains.Api.dll"), .. settings.Select(s => $"--{s.Key}={s.Value}"), "--Logging:LogLevel:Default=Warning", $"--urls={url}"];

        var first = ChildProcess.Start("embedded", "dotnet", arguments);
        ChildProcess? second = null;
        using var stop = new CancellationTokenSource();
        Task running = Task.CompletedTask;
        try
        {
            await Ready(http, first);
            var venue = await FaultVenue.Create(http, rooms: 20);
            var load = new BookingLoad(http, venue);
            running = load.Run(partners: 3, receptionists: 1, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(10));

            var killedAt = DateTimeOffset.UtcNow;
            var before = load.Acknowledged.Count;
            Assert.True(first.Kill(), "The embedded process did not die.");
            Assert.Equal(137, first.ExitCode);
            second = ChildProcess.Start("embedded (restarted)", "dotnet", arguments);
            await Ready(http, second);
            report.Line($"kill -9 of pid {first.Pid} (exit code {first.ExitCode}) after {before} acknowledged bookings; the restarted pid {second.Pid} process was ready {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after the kill");
            await Task.Delay(TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await running;

            var figures = load.Figures(killedAt);
            report.Line(figures.ToString());
            SiloKillTests.AssertServed(figures, report);
            Assert.Contains(load.Attempts, a => a.Status == 201 && a.Start > killedAt + TimeSpan.FromSeconds(1));

            var (lost, now) = await load.ReadBack(http);
            report.Line($"read back {now.Count} of {load.Acknowledged.Count} acknowledged bookings: lost or changed {lost.Count}");
            Assert.Empty(lost);
            Assert.Empty(BookingLoad.DoubleOccupancy(now.Values));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            first.Dispose();
            second?.Dispose();
        }
    }

    private static async Task Ready(HttpClient http, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + FaultCluster.StartWithin;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"{process.Name} exited:{Environment.NewLine}{process.Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{process.Name} was not ready within {FaultCluster.StartWithin.TotalSeconds:0} s:{Environment.NewLine}{process.Tail()}");
    }
}
