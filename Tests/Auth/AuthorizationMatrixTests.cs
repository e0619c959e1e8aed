using System.Net;
using ClubGrains.Api.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Auth;

/// <summary>
/// Every endpoint the app maps (read from its own endpoint list, so a new one cannot slip past) is
/// called with no token, an expired token, a token signed with another key, tokens with several or
/// unknown roles, each role at its own venue, at a foreign venue and granted ids that are a prefix of
/// the venue's or extend it, and the answer checked against one table (forged tokens of every other
/// kind: HostileClientTests).
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const string Home = "home";
    private const string Foreign = "foreign";

    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Configurers = [Roles.Operator, Roles.GeneralManager];
    private static readonly string[] Reception = [Roles.Reception, Roles.ReceptionSupervisor, Roles.GeneralManager];
    private static readonly string[] Placers = [Roles.Manager, Roles.ApiClient, Roles.Reception, Roles.ReceptionSupervisor, Roles.GeneralManager];
    private static readonly string[] BookingReaders = [Roles.Manager, Roles.ApiClient, Roles.Reception, Roles.ReceptionSupervisor, Roles.GeneralManager, Roles.DepartmentManager, Roles.Operator];
    private static readonly string[] Overriders = [Roles.GeneralManager, Roles.ReceptionSupervisor];

    /// <summary>
    /// Metrics and the Orleans dashboard answer only connections on the loopback management listener;
    /// here, on the public one, no caller passes, not even an operator (ManagementListenerTests covers that listener).
    /// </summary>
    private static readonly string[] ManagementListenerOnly = [];

    /// <summary>Who may call each endpoint; <c>null</c> means public (no token needed).</summary>
    private static readonly Dictionary<string, string[]?> Expected = new()
    {
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /docs/{documentName?}"] = null,
        ["GET /docs/favicon.svg"] = null,
        ["GET /docs/scalar.aspnetcore.js"] = null,
        ["GET /docs/scalar.js"] = null,
        ["GET /health/live"] = null,
        ["GET /health/ready"] = null,
        ["POST /connect/token"] = null,
        ["GET /venues/"] = Everyone,
        ["POST /venues/"] = [Roles.Operator],
        ["GET /venues/{venueId}/"] = Everyone,
        ["PATCH /venues/{venueId}/"] = Configurers,
        ["GET /venues/{venueId}/policy"] = Everyone,
        ["PUT /venues/{venueId}/policy"] = Configurers,
        ["GET /venues/{venueId}/rooms"] = Everyone,
        ["GET /venues/{venueId}/rooms/{roomId}"] = Everyone,
        ["PUT /venues/{venueId}/rooms/{roomId}"] = Configurers,
        ["DELETE /venues/{venueId}/rooms/{roomId}"] = Configurers,
        ["GET /venues/{venueId}/authorisations"] = [Roles.Operator, Roles.GeneralManager, Roles.ReceptionSupervisor],
        ["POST /venues/{venueId}/authorisations"] = [Roles.GeneralManager],
        ["DELETE /venues/{venueId}/authorisations/{supervisor}"] = [Roles.GeneralManager],
        ["GET /venues/{venueId}/history"] = [Roles.Operator, Roles.GeneralManager, Roles.ReceptionSupervisor, Roles.DepartmentManager],
        ["POST /venues/{venueId}/bookings"] = Placers,
        ["GET /venues/{venueId}/bookings"] = BookingReaders,
        ["POST /venues/{venueId}/walk-ins"] = Reception,
        ["GET /venues/{venueId}/bookings/{bookingId}/"] = BookingReaders,
        ["POST /venues/{venueId}/bookings/{bookingId}/assign"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/seat"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/transfer"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/cancel"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/cancel-request"] = [Roles.Manager, Roles.ApiClient],
        ["POST /venues/{venueId}/bookings/{bookingId}/checkout"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/late-arrival"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/outage-arrival"] = Reception,
        ["POST /venues/{venueId}/bookings/{bookingId}/extend-hold"] = Overriders,
        ["POST /venues/{venueId}/bookings/{bookingId}/reinstate"] = Overriders,
        ["POST /venues/{venueId}/rooms/{roomId}/repair"] = Overriders,
        ["PUT /venues/{venueId}/managers/{badge}/"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["GET /venues/{venueId}/managers/{badge}/"] = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator, Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/messages"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/messages/{messageId}/reply"] = [Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/messages/{messageId}/objection"] = [Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/violations"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/ledger/{entryId}/decision"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/card/sign"] = [Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/phone-in"] = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager, Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/sign-in"] = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/meal-leave"] = [Roles.Manager],
        ["POST /venues/{venueId}/managers/{badge}/meal-return"] = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/absences"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/managers/{badge}/log"] = [Roles.Manager],
        ["GET /venues/{venueId}/reports/{period}"] = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator],
        ["GET /venues/{venueId}/shifts/{department}"] = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator],
        ["POST /venues/{venueId}/customers/"] = [Roles.Manager],
        ["GET /venues/{venueId}/customers/{phone}/"] = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator, Roles.Manager, Roles.Reception, Roles.ReceptionSupervisor],
        ["POST /venues/{venueId}/customers/{phone}/confirm"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/customers/{phone}/feedback"] = [Roles.Manager, Roles.DepartmentManager, Roles.GeneralManager, Roles.Reception],
        ["POST /venues/{venueId}/customers/{phone}/complaints"] = [Roles.Manager, Roles.DepartmentManager, Roles.GeneralManager, Roles.Reception],
        ["POST /venues/{venueId}/customers/{phone}/complaints/{complaintId}/resolve"] = [Roles.DepartmentManager, Roles.GeneralManager],
        ["POST /venues/{venueId}/customers/{phone}/callbacks"] = [Roles.Manager],
        ["POST /venues/{venueId}/accounts/"] = Configurers,
        ["GET /venues/{venueId}/accounts/"] = Configurers,
        ["GET /venues/{venueId}/accounts/{login}"] = Configurers,
        ["POST /venues/{venueId}/accounts/{login}/disable"] = Configurers,
        ["POST /venues/{venueId}/accounts/{login}/enable"] = Configurers,
        ["POST /venues/{venueId}/accounts/{login}/password"] = Configurers,
        ["POST /accounts/me/password"] = [.. Roles.All.Where(r => r != Roles.ApiClient)],
        ["POST /venues/{venueId}/clients/"] = Configurers,
        ["GET /venues/{venueId}/clients/"] = Configurers,
        ["GET /venues/{venueId}/clients/{clientId}"] = Configurers,
        ["POST /venues/{venueId}/clients/{clientId}/disable"] = Configurers,
        ["POST /venues/{venueId}/clients/{clientId}/enable"] = Configurers,
        ["POST /venues/{venueId}/clients/{clientId}/secret"] = Configurers,
        ["GET /venues/{venueId}/events/"] = Everyone,
        ["GET /venues/{venueId}/events/stream"] = Everyone,
        // The Orleans dashboard: one endpoint for every path under it, handed to its own routes on first use
        // (ManagementListener.MapDashboardOnFirstUse); ManagementListenerTests calls some of those routes.
        ["GET /dashboard/"] = ManagementListenerOnly,
        ["GET /dashboard/{**path}"] = ManagementListenerOnly,
        ["GET /metrics"] = ManagementListenerOnly,
    };

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_the_table_says()
    {
        using var admin = api.ClientAs(Roles.Operator, Actor.AllVenues);
        foreach (var id in new[] { Home, Foreign })
        {
            await admin.PostJson("/venues", new { id, name = id, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        }

        var endpoints = EveryEndpoint.Of(api);
        Assert.Empty(endpoints.Where(e => !Expected.ContainsKey(e)).Select(e => $"missing from the table: {e}"));
        Assert.Empty(Expected.Keys.Where(k => !endpoints.Contains(k)).Select(k => $"no longer mapped: {k}"));

        var strangerKey = new SymmetricSecurityKey(Enumerable.Range(0, 48).Select(i => (byte)(255 - i)).ToArray());
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var allowed = Expected[endpoint];
            var isVenueRoute = endpoint.Contains("{venueId}", StringComparison.Ordinal);
            var cells = new List<(string Caller, string? Token, bool MayPass)>
            {
                ("no token", null, allowed is null),
                ("expired token", Issue(Roles.Operator, [Actor.AllVenues], ApiFactory.SigningKey, DateTimeOffset.UtcNow.AddHours(-13)), allowed is null),
                ("token of another key", Issue(Roles.Operator, [Actor.AllVenues], strangerKey, DateTimeOffset.UtcNow), allowed is null),
                ("token whose roles are [system, operator]", ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.System, Roles.Operator }, new[] { Home, Foreign })), allowed is null),
                ("token whose roles are [gm, operator]", ForgedTokens.Signed(ForgedTokens.Claims(new[] { Roles.GeneralManager, Roles.Operator }, Home)), allowed is null),
                ("token whose role is system", ForgedTokens.Signed(ForgedTokens.Claims(Roles.System, Home)), allowed is null),
                ("token whose role is unknown", ForgedTokens.Signed(ForgedTokens.Claims("superuser", Home)), allowed is null),
                ("gm token granted every venue", ForgedTokens.Signed(ForgedTokens.Claims(Roles.GeneralManager, Actor.AllVenues)), allowed is null),
                ("operator awaiting a password change", AwaitingPasswordChange(), allowed is null || endpoint == "POST /accounts/me/password"),
            };
            foreach (var role in Roles.All)
            {
                var roleMayPass = allowed is null || allowed.Contains(role);
                cells.Add(($"{role} at its venue", Issue(role, [Home], ApiFactory.SigningKey, DateTimeOffset.UtcNow), roleMayPass));
                cells.Add(($"{role} at a foreign venue", Issue(role, [Foreign], ApiFactory.SigningKey, DateTimeOffset.UtcNow), roleMayPass && !isVenueRoute));

                // Grants are whole ids: neither a prefix of the venue's id nor an id it is a prefix of opens it.
                cells.Add(($"{role} granted '{Home[..^1]}'", Issue(role, [Home[..^1]], ApiFactory.SigningKey, DateTimeOffset.UtcNow), roleMayPass && !isVenueRoute));
                cells.Add(($"{role} granted '{Home}1'", Issue(role, [Home + "1"], ApiFactory.SigningKey, DateTimeOffset.UtcNow), roleMayPass && !isVenueRoute));
            }

            foreach (var (caller, token, mayPass) in cells)
            {
                using var client = api.ClientWith(token);
                var status = await EveryEndpoint.Call(client, endpoint, Home);
                var expected = mayPass ? "not 401/403" : token is null || caller.Contains("token", StringComparison.Ordinal) ? "401" : "403";
                var ok = mayPass
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == (expected == "401" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden);
                if (!ok)
                {
                    failures.Add($"{endpoint} as {caller}: {(int)status}, expected {expected}");
                }
            }
        }

        output.WriteLine($"{endpoints.Count} endpoints × {9 + (4 * Roles.All.Count)} callers checked.");
        Assert.Empty(failures);
    }

    [Fact]
    public void Bearer_tokens_are_validated_through_the_one_caching_handler()
    {
        var bearer = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>().Get("Bearer");
        Assert.Same(api.Services.GetRequiredService<CachingTokenHandler>(), Assert.Single(bearer.TokenHandlers));
    }

    [Fact]
    public async Task A_refusal_is_problem_details_without_internals()
    {
        using var stranger = api.ClientAs(Roles.Reception, Foreign);

        var forbidden = await stranger.GetAsync($"/venues/{Home}/policy");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var body = await forbidden.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body);

        using var anonymous = api.CreateClient();
        var unauthorized = await anonymous.GetAsync($"/venues/{Home}/policy");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("Bearer", unauthorized.Headers.WwwAuthenticate.ToString());
        await unauthorized.Problem();
    }

    /// <summary>
    /// Partner tokens on the booking routes they may call: allowed by role, but a partner reaches only
    /// the bookings its own client placed (the subject recorded at placement).
    /// </summary>
    [Fact]
    public async Task A_partner_token_reads_lists_and_asks_to_cancel_only_the_bookings_its_client_placed()
    {
        var venue = "pt-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJson("/venues", new { id = venue, name = venue, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJson($"/venues/{venue}/rooms/k01", new { name = "k01", kind = "ktv", type = "small", capacity = 8 })).StatusCode);
        await api.RegisterManagers(venue, "K007");
        using var placer = api.ClientWith(ApiFactory.TokenFor(new TokenRequest("partner-a", Roles.ApiClient, [venue])));
        using var stranger = api.ClientWith(ApiFactory.TokenFor(new TokenRequest("partner-b", Roles.ApiClient, [venue])));
        using var desk = api.ClientAs(Roles.Reception, venue);

        var placed = await placer.PostJson($"/venues/{venue}/bookings", new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var id = (await placed.Read<ClubGrains.Bookings.Booking>()).Id;
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{venue}/bookings/{id}/assign", new { roomId = "k01" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/venues/{venue}/bookings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostJson($"/venues/{venue}/bookings/{id}/cancel-request", new { reason = "the guest called" })).StatusCode);
        Assert.DoesNotContain(id, await stranger.GetStringAsync($"/venues/{venue}/bookings"));
        Assert.DoesNotContain(id, await stranger.GetStringAsync($"/venues/{venue}/rooms"));
        Assert.DoesNotContain(id, await stranger.GetStringAsync($"/venues/{venue}/rooms/k01"));

        Assert.Equal(HttpStatusCode.OK, (await placer.GetAsync($"/venues/{venue}/bookings/{id}")).StatusCode);
        Assert.Contains(id, await placer.GetStringAsync($"/venues/{venue}/bookings"));
        Assert.Contains(id, await placer.GetStringAsync($"/venues/{venue}/rooms"));
        Assert.Equal(HttpStatusCode.OK, (await placer.PostJson($"/venues/{venue}/bookings/{id}/cancel-request", new { reason = "the guest called" })).StatusCode);
    }

    /// <summary>A manager's token names the badge the routes use, so only role and grant decide, not ownership.</summary>
    /// <summary>An operator's token as the token endpoint gives it for a password a GM set: it may only change the password.</summary>
    private static string AwaitingPasswordChange()
    {
        var claims = ForgedTokens.Claims(Roles.Operator, Actor.AllVenues, "op-new");
        claims[ClaimNames.PasswordChange] = "true";
        return ForgedTokens.Signed(claims);
    }

    private static string Issue(string role, string[] venues, SymmetricSecurityKey key, DateTimeOffset at) =>
        TokenIssuer.Issue(new TokenRequest($"{role}-m", role, venues, Badge: role == Roles.Manager ? "K999" : null, Department: role == Roles.Manager ? "ktv" : null, Lifetime: TimeSpan.FromHours(12)), key, ApiFactory.Auth, at);
}
