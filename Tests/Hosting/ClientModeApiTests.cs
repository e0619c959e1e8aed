using System.Net;
using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;

namespace ClubGrains.Tests.Hosting;

/// <summary>Cluster mode end to end: the API as a pure Orleans client of two silos on PostgreSQL.</summary>
public sealed class ClientModeApiTests
{
    [SkippableFact]
    public async Task The_api_in_client_mode_serves_venues_from_a_two_silo_postgresql_cluster()
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "api-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId)),
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId)));
        try
        {
            using var api = new ApiFactory();
            foreach (var (key, value) in TestSilo.PostgreSqlSettings(database, serviceId))
            {
                api.Settings[key] = value;
            }

            api.Settings["ClubGrains:Api:Mode"] = "Client";
            using var client = api.ClientAs(Roles.Operator, Actor.AllVenues);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var created = await client.PostJson("/venues", new { id = "cluster-1", name = "Cluster Club", timeZone = "Asia/Shanghai", kinds = new[] { "disco" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var venue = await (await client.GetAsync("/venues/cluster-1")).Read<Venue>();
            Assert.Equal("Cluster Club", venue.Name);
            var fromSilo = await silos[1].Grains().GetGrain<IVenueGrain>("cluster-1").GetVenue();
            Assert.Equal((venue.Name, venue.CreatedAt), (fromSilo.Value!.Name, fromSilo.Value.CreatedAt));
            Assert.Equal(venue.Kinds, fromSilo.Value.Kinds);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await TestSilo.Stop(silo);
            }
        }
    }

    [Fact]
    public void The_api_in_client_mode_refuses_the_embedded_sqlite_storage()
    {
        var failure = Assert.ThrowsAny<ClubGrainsStartupException>(() => ClubGrainsApi.Build(["--ClubGrains:Api:Mode=Client", "--ClubGrains:Storage=Sqlite"]));

        Assert.Contains("A client-mode API finds its silos through PostgreSQL", failure.Message);
    }

    [Fact]
    public void An_unknown_api_mode_is_refused()
    {
        var failure = Assert.ThrowsAny<ClubGrainsStartupException>(() => ClubGrainsApi.Build(["--ClubGrains:Api:Mode=Sideways"]));

        Assert.Contains("ClubGrains:Api:Mode must be CoHosted or Client, not 'Sideways'", failure.Message);
    }
}
