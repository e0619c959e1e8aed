using System.Net;
using ClubGrains.Api.Accounts;
using ClubGrains.Api.Hosting;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Hosting;
using ClubGrains.Hosting;

namespace ClubGrains.Tests.Hosting;

/// <summary>Cluster mode end to end: the API as a pure Orleans client of two silos on PostgreSQL.</summary>
public sealed class ClientModeApiTests
{
    [SkippableFact]
    public async Task The_api_in_client_mode_serves_venues_from_a_two_silo_postgresql_cluster()
    {
        await OnTwoSilos(async (database, serviceId, silos) =>
        {
            using var api = ClientModeApi(database, serviceId);
            using var client = api.ClientAs(Roles.Operator, Actor.AllVenues);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var created = await client.PostJson("/venues", new { id = "cluster-1", name = "Cluster Club", timeZone = "Asia/Shanghai", kinds = new[] { "disco" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var venue = await (await client.GetAsync("/venues/cluster-1")).Read<Venue>();
            Assert.Equal("Cluster Club", venue.Name);
            var fromSilo = await silos[1].Grains().GetGrain<IVenueGrain>("cluster-1").GetVenue();
            Assert.Equal((venue.Name, venue.CreatedAt), (fromSilo.Value!.Name, fromSilo.Value.CreatedAt));
            Assert.Equal(venue.Kinds, fromSilo.Value.Kinds);
        });
    }

    /// <summary>
    /// Two API processes of one cluster: a person signs in at one and is served and refreshed by the
    /// other, because both read the chain's token keys from the cluster's storage.
    /// </summary>
    [SkippableFact]
    public async Task Two_api_processes_of_a_cluster_honour_each_others_tokens_and_refresh_tokens()
    {
        await OnTwoSilos(async (database, serviceId, _) =>
        {
            using var east = ClientModeApi(database, serviceId);
            using var west = ClientModeApi(database, serviceId);
            using var op = east.ClientAs(Roles.Operator, Actor.AllVenues);
            Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = "two-api", name = "Two", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues/two-api/accounts", new { login = "desk.two", displayName = "前台", role = "reception", password = "first password 1" })).StatusCode);

            using var eastHttp = east.CreateClient();
            using var westHttp = west.CreateClient();
            var eastKeys = await eastHttp.GetStringAsync("/.well-known/jwks");
            Assert.Equal(eastKeys, await westHttp.GetStringAsync("/.well-known/jwks"));

            var pending = await eastHttp.RequestPasswordTokenAsync(new PasswordTokenRequest { Address = "http://localhost/connect/token", ClientId = ClientAuthentication.StaffClientId, UserName = "desk.two", Password = "first password 1" });
            using (var changing = west.ClientWith(pending.AccessToken))
            {
                Assert.Equal(HttpStatusCode.OK, (await changing.PostJson("/accounts/me/password", new { currentPassword = "first password 1", newPassword = "own password 2" })).StatusCode);
            }

            var signedIn = await eastHttp.RequestPasswordTokenAsync(new PasswordTokenRequest { Address = "http://localhost/connect/token", ClientId = ClientAuthentication.StaffClientId, UserName = "desk.two", Password = "own password 2", Scope = "offline_access" });
            using (var desk = west.ClientWith(signedIn.AccessToken))
            {
                Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/venues/two-api/rooms")).StatusCode);
            }

            var refreshed = await westHttp.RequestRefreshTokenAsync(new RefreshTokenRequest { Address = "http://localhost/connect/token", ClientId = ClientAuthentication.StaffClientId, RefreshToken = signedIn.RefreshToken! });
            Assert.False(refreshed.IsError, refreshed.ErrorDescription);
            var replayed = await eastHttp.RequestRefreshTokenAsync(new RefreshTokenRequest { Address = "http://localhost/connect/token", ClientId = ClientAuthentication.StaffClientId, RefreshToken = signedIn.RefreshToken! });
            Assert.Equal("invalid_grant", replayed.Error);
        });
    }

    /// <summary>Runs <paramref name="test"/> against two silos of a fresh PostgreSQL cluster, stopped after.</summary>
    private static async Task OnTwoSilos(Func<string, string, IHost[], Task> test)
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "api-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId)),
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId)));
        try
        {
            await test(database, serviceId, silos);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await TestSilo.Stop(silo);
            }
        }
    }

    private static ApiFactory ClientModeApi(string database, string serviceId)
    {
        var api = new ApiFactory();
        foreach (var (key, value) in TestSilo.PostgreSqlSettings(database, serviceId))
        {
            api.Settings[key] = value;
        }

        api.Settings["ClubGrains:Api:Mode"] = "Client";
        return api;
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
