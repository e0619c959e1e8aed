using ClubGrains.Hosting;
using Microsoft.Data.Sqlite;

namespace ClubGrains.Tests.Hosting;

/// <summary>The embedded default: one process, one SQLite file, data that survives a restart.</summary>
public sealed class EmbeddedSqliteTests
{
    private static readonly Actor Operator = new("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);

    [Fact]
    public async Task A_venue_its_policy_and_rooms_survive_a_restart()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));

        var first = await TestSilo.Start(settings);
        var venue = first.Grains().GetGrain<IVenueGrain>("restart");
        Assert.True((await venue.Create(Operator, new VenueDraft("夜上海", "Asia/Shanghai", new TimeOnly(5, 0), [VenueKind.Ktv]))).Succeeded);
        var policy = VenuePolicy.Default with { Bookings = new BookingPolicy { LaterHoldMinutes = 25 } };
        Assert.True((await venue.SetPolicy(Operator, policy)).Succeeded);
        Assert.True((await venue.PutRoom(Operator, "k01", new RoomDraft("牡丹厅", VenueKind.Ktv, "large", 12))).Succeeded);
        await TestSilo.Stop(first);

        var second = await TestSilo.Start(settings);
        try
        {
            var reloaded = second.Grains().GetGrain<IVenueGrain>("restart");
            Assert.Equal(("夜上海", new TimeOnly(5, 0)), ((await reloaded.GetVenue()).Value!.Name, (await reloaded.GetVenue()).Value!.DayCutoff));
            Assert.Equal(25, (await reloaded.GetPolicy()).Value!.Bookings.LaterHoldMinutes);
            Assert.Equal("牡丹厅", Assert.Single((await reloaded.GetRooms()).Value!).Name);
            var history = (await reloaded.GetHistory()).Value!;
            Assert.Equal(3, history.Count);
            Assert.All(history, change => Assert.Equal(Operator.ForRecord(), change.Actor));
            Assert.Contains(await second.Grains().GetGrain<IVenueDirectoryGrain>(0).List(), v => v.Id == "restart");
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_full_synchronous_commits()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        await TestSilo.Stop(await TestSilo.Start(settings));

        var options = new ClubGrainsOptions { Sqlite = new SqliteSettings { Path = folder.File("club.db") } };
        await using var connection = new SqliteConnection(options.Sqlite.ConnectionString);
        await connection.OpenAsync();
        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)(await journal.ExecuteScalarAsync())!);
        await using var synchronous = connection.CreateCommand();
        synchronous.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long)(await synchronous.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_data_folder_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        var first = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")));
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db"))));

            var startup = ClubGrainsStartupException.Find(failure);
            Assert.NotNull(startup);
            Assert.Contains("Another ClubGrains process is already using the data folder", startup.Message);
        }
        finally
        {
            await TestSilo.Stop(first);
        }

        // Released on stop: the folder can be used again.
        await TestSilo.Stop(await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db"))));
    }

    [Fact]
    public void Invalid_settings_stop_start_up_naming_each_one()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ClubGrains:Storage"] = "PostgreSql",
            ["ClubGrains:Cluster:ServiceId"] = "",
            ["ClubGrains:Cluster:SiloPort"] = "30000",
            ["ClubGrains:Cluster:GatewayPort"] = "30000",
        };

        var failure = Assert.ThrowsAny<Exception>(() => TestSilo.Build(settings));

        var message = ClubGrainsStartupException.Find(failure)!.Message;
        Assert.Contains("ClubGrains:PostgreSql:ConnectionString is required", message);
        Assert.Contains("ClubGrains:Cluster:ServiceId", message);
        Assert.Contains("two different ports", message);
    }

    [Fact]
    public async Task A_second_instance_on_another_data_folder_whose_ports_are_taken_is_refused_naming_the_port()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var settings = TestSilo.SqliteSettings(first.File("club.db"));
        var running = await TestSilo.Start(settings);
        try
        {
            var clashing = TestSilo.SqliteSettings(second.File("club.db"));
            clashing["ClubGrains:Cluster:GatewayPort"] = settings["ClubGrains:Cluster:GatewayPort"];

            var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.Start(clashing));

            var startup = ClubGrainsStartupException.Find(failure);
            Assert.NotNull(startup);
            Assert.Contains($"Port {settings["ClubGrains:Cluster:GatewayPort"]} on 127.0.0.1 (ClubGrains:Cluster:GatewayPort) is already in use", startup.Message);
        }
        finally
        {
            await TestSilo.Stop(running);
        }
    }

    [Fact]
    public async Task An_embedded_instance_whose_http_address_is_taken_exits_with_a_clear_error_not_an_abort()
    {
        using var folder = new TempFolder();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        settings["ClubGrains:Management:Url"] = $"http://127.0.0.1:{TestSilo.FreePort()}";
        string[] arguments = [Repository.Program("Api", "ClubGrains.Api.dll"), .. settings.Select(s => $"--{s.Key}={s.Value}"), "--Logging:LogLevel:Default=Warning", $"--urls={url}"];

        using var api = ChildProcess.Start("embedded on a taken address", "dotnet", arguments);
        await api.Exited(TimeSpan.FromSeconds(60));

        Assert.Equal(2, api.ExitCode);
        Assert.Contains($"ClubGrains cannot start: Failed to bind to address {url}", api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", api.Output, StringComparison.Ordinal);
    }
}
