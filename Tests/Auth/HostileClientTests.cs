using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Auth;

/// <summary>
/// Tokens forged as a hostile client (or a careless external issuer) would make them, sent to every
/// route: each is refused with 401 wherever a token is needed, and the silo itself refuses the system
/// actor from anyone but a grain.
/// </summary>
public sealed class HostileClientTests(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const string Venue = "hc-home";
    private const string Other = "hc-other";

    public static TheoryData<string> Forgeries() => [.. Forged.Keys];

    private static readonly Dictionary<string, Func<string>> Forged = new()
    {
        ["alg none"] = () => ForgedTokens.Unsigned(ForgedTokens.Claims()),
        ["signed with another key"] = () => ForgedTokens.Signed(ForgedTokens.Claims(), new SymmetricSecurityKey(Enumerable.Range(0, 48).Select(i => (byte)(255 - i)).ToArray())),
        ["expired"] = () => ForgedTokens.Signed(WithClaim(ForgedTokens.Claims(), "exp", DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), "nbf", DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds(), "iat", DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds())),
        ["another audience"] = () => ForgedTokens.Signed(WithClaim(ForgedTokens.Claims(), "aud", "someone-else")),
        ["roles [system, operator]"] = () => ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.System, Roles.Operator }, new[] { Venue })),
        ["roles [system, reception]"] = () => ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.System, Roles.Reception }, new[] { Venue })),
        ["roles [reception, operator]"] = () => ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.Reception, Roles.Operator }, new[] { Venue })),
        ["role system"] = () => ForgedTokens.Signed(ForgedTokens.Claims(Roles.System, Venue)),
        ["an unknown role"] = () => ForgedTokens.Signed(ForgedTokens.Claims("root", Venue)),
        ["no role"] = () => ForgedTokens.Signed(Without(ForgedTokens.Claims(), "role")),
        ["no sub"] = () => ForgedTokens.Signed(ForgedTokens.Claims(subject: null)),
        ["an empty sub"] = () => ForgedTokens.Signed(ForgedTokens.Claims(subject: " ")),
        ["two subs"] = () => ForgedTokens.Signed(WithClaim(ForgedTokens.Claims(), "sub", new[] { "a", "b" })),
        ["sub system"] = () => ForgedTokens.Signed(ForgedTokens.Claims(subject: Actor.SystemSubject)),
        ["a sub with control characters"] = () => ForgedTokens.Signed(ForgedTokens.Claims(subject: "evil\u0000")),
        ["a critical header extension"] = () => ForgedTokens.Signed(ForgedTokens.Claims(), header: new() { ["crit"] = new[] { "x-hostile" }, ["x-hostile"] = 1 }),
        ["a reception token granted every venue"] = () => ForgedTokens.Signed(ForgedTokens.Claims(Roles.Reception, Actor.AllVenues)),
        ["two badges"] = () => ForgedTokens.Signed(WithClaim(ForgedTokens.Claims(Roles.Manager, Venue), "badge", new[] { "K001", "K002" })),
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_token_is_refused_on_every_route_that_needs_one(string forgery)
    {
        await Venues();
        using var anonymous = api.CreateClient();
        using var forger = api.ClientWith(Forged[forgery]());
        var failures = new List<string>();
        var protectedRoutes = 0;
        foreach (var endpoint in EveryEndpoint.Of(api))
        {
            if (await EveryEndpoint.Call(anonymous, endpoint, Venue) != HttpStatusCode.Unauthorized)
            {
                continue;
            }

            protectedRoutes++;
            var status = await EveryEndpoint.Call(forger, endpoint, Venue);
            if (status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint}: {(int)status}");
            }
        }

        output.WriteLine($"{forgery}: {protectedRoutes} routes that need a token, {failures.Count} let it through.");
        Assert.True(protectedRoutes > 40, $"only {protectedRoutes} routes needed a token: the walk is broken");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_token_claiming_the_system_role_among_others_cannot_change_another_venue()
    {
        await Venues();
        using var forger = api.ClientWith(ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.System, Roles.Operator }, new[] { "x" })));

        var put = await forger.PutJson($"/venues/{Other}/rooms/r99", new { name = "R99", kind = "ktv", type = "small", capacity = 4 });
        var list = await forger.GetAsync("/venues");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (put.StatusCode, list.StatusCode));
        using var gm = api.ClientAs(Roles.GeneralManager, Other);
        Assert.Equal(HttpStatusCode.NotFound, (await gm.GetAsync($"/venues/{Other}/rooms/r99")).StatusCode);
    }

    [Fact]
    public async Task The_silo_refuses_the_system_actor_from_a_caller_outside_every_grain()
    {
        await Venues();
        var grains = api.Services.GetRequiredService<IGrainFactory>();
        var venue = grains.GetGrain<IVenueGrain>(Other);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => venue.PutRoom(Actor.System, "r98", new RoomDraft("R98", VenueKind.Ktv, "small", 4)));
        var forged = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => venue.PutRoom(new Actor("forger", Roles.System, Venues: ["x"]), "r98", new RoomDraft("R98", VenueKind.Ktv, "small", 4)));

        Assert.Contains("system actor", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(forged);
        Assert.DoesNotContain((await venue.GetSnapshot()).Value!.Rooms, r => r.Id == "r98");
    }

    [Fact]
    public async Task BK1_the_managers_registered_department_decides_not_the_department_in_the_token()
    {
        await Venues();
        await api.RegisterManagers(Venue, "K501");
        using var manager = api.ClientWith(ApiFactory.TokenFor(new(Subject: "m-501", Role: Roles.Manager, Venues: [Venue], Badge: "K501", Department: "disco")));
        object Booking(string department) => new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = department, bookerName = "李娜", bookerBadge = "K501" };

        var asDisco = await manager.PostJson($"/venues/{Venue}/bookings", Booking("disco"));
        var asKtv = await manager.PostJson($"/venues/{Venue}/bookings", Booking("ktv"));

        Assert.Equal(HttpStatusCode.BadRequest, asDisco.StatusCode);
        var problem = await asDisco.Problem();
        Assert.Equal("BK-1", problem.GetProperty("rule").GetString());
        Assert.Equal(["bookerDepartment"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(asKtv.IsSuccessStatusCode, $"{(int)asKtv.StatusCode}: {await asKtv.Content.ReadAsStringAsync()}");
    }

    private async Task Venues()
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        foreach (var id in new[] { Venue, Other })
        {
            var created = await op.PostJson("/venues", new { id, name = id, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{id}: {(int)created.StatusCode}");
        }
    }

    private static Dictionary<string, object> WithClaim(Dictionary<string, object> claims, params object[] pairs)
    {
        for (var i = 0; i < pairs.Length; i += 2)
        {
            claims[(string)pairs[i]] = pairs[i + 1];
        }

        return claims;
    }

    private static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        claims.Remove(name);
        return claims;
    }
}
