using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClubGrains.Accounts;
using ClubGrains.Api.Accounts;
using ClubGrains.Api.Auth;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ClubGrains.Tests.Accounts;

/// <summary>
/// The OpenID Connect token endpoint as a standard OAuth 2.0 client library sees it (Duende.IdentityModel):
/// discovery, a person's sign-in and refresh, and every refusal the issue names.
/// </summary>
public sealed class TokenEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Authority = "http://localhost";
    private const string FirstPassword = "set by the gm 1";
    private const string OwnPassword = "my own passphrase 2";

    [Fact]
    public async Task Discovery_names_the_token_endpoint_the_grants_and_publishes_the_signing_key()
    {
        using var http = api.CreateClient();

        var discovery = await http.GetDiscoveryDocumentAsync(Authority);

        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal($"{Authority}/", discovery.Issuer);
        Assert.Equal($"{Authority}/connect/token", discovery.TokenEndpoint);
        Assert.Superset(new HashSet<string> { "password", "refresh_token", "client_credentials" }, discovery.GrantTypesSupported.ToHashSet());
        Assert.Equal(["client_secret_basic", "client_secret_post"], discovery.TokenEndpointAuthenticationMethodsSupported.Order());
        Assert.Contains(ClaimNames.Venue, discovery.ClaimsSupported);
        var key = Assert.Single(discovery.KeySet!.Keys);
        Assert.Equal(("RSA", "sig"), (key.Kty, key.Use));
        Assert.Null(key.D);
    }

    [Fact]
    public async Task A_person_signs_in_changes_the_gms_password_first_then_refreshes_and_calls_the_api()
    {
        var (venue, login) = await NewDeskAccount();
        using var http = api.CreateClient();

        // The GM's password gives a token that only changes it: no refresh token, every other call refused.
        var first = await SignIn(http, login, FirstPassword);
        Assert.False(first.IsError, first.ErrorDescription);
        Assert.Null(first.RefreshToken);
        Assert.Equal("true", Claim(first.AccessToken!, ClaimNames.PasswordChange));
        using var pending = Bearer(first.AccessToken!);
        var board = await pending.GetAsync($"/venues/{venue}/rooms");
        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
        Assert.Equal(AccountRules.Rule, (await board.Problem()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await pending.PostJson("/accounts/me/password", new { currentPassword = FirstPassword, newPassword = OwnPassword })).StatusCode);

        var signedIn = await SignIn(http, login, OwnPassword);
        Assert.False(signedIn.IsError, signedIn.ErrorDescription);
        Assert.NotNull(signedIn.RefreshToken);
        Assert.NotNull(signedIn.IdentityToken);
        Assert.InRange(signedIn.ExpiresIn, 60, 5 * 60);
        Assert.Equal((login, Roles.Reception, venue), (Claim(signedIn.AccessToken!, "sub"), Claim(signedIn.AccessToken!, "role"), Claim(signedIn.AccessToken!, "venue")));
        Assert.Null(Claim(signedIn.AccessToken!, TokenEndpoint.SessionClaim));
        using (var desk = Bearer(signedIn.AccessToken!))
        {
            Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/venues/{venue}/rooms")).StatusCode);
        }

        var refreshed = await Refresh(http, signedIn.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.ErrorDescription);
        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);
        using var later = Bearer(refreshed.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync($"/venues/{venue}/rooms")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_refresh_token_is_refused_and_ends_the_session_for_its_newer_token_too()
    {
        var (_, login) = await NewDeskAccount(changed: true);
        using var http = api.CreateClient();
        var signedIn = await SignIn(http, login, OwnPassword);
        var refreshed = await Refresh(http, signedIn.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.ErrorDescription);

        var replayed = await Refresh(http, signedIn.RefreshToken!);
        Assert.Equal("invalid_grant", replayed.Error);
        Assert.Contains("already used", replayed.ErrorDescription);

        var newer = await Refresh(http, refreshed.RefreshToken!);
        Assert.Equal("invalid_grant", newer.Error);
        Assert.Contains("session has ended", newer.ErrorDescription);
    }

    [Fact]
    public async Task Disabling_an_account_stops_its_refresh_at_once_and_its_sign_in()
    {
        var (venue, login) = await NewDeskAccount(changed: true);
        using var http = api.CreateClient();
        var signedIn = await SignIn(http, login, OwnPassword);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        Assert.Equal(HttpStatusCode.OK, (await gm.PostAsync($"/venues/{venue}/accounts/{login}/disable", null)).StatusCode);

        var refresh = await Refresh(http, signedIn.RefreshToken!);
        Assert.Equal("invalid_grant", refresh.Error);
        var again = await SignIn(http, login, OwnPassword);
        Assert.Equal(("invalid_grant", "The account is disabled; a GM can enable it again."), (again.Error, again.ErrorDescription));

        // Enabled again, the old session stays ended: the person signs in anew.
        Assert.Equal(HttpStatusCode.OK, (await gm.PostAsync($"/venues/{venue}/accounts/{login}/enable", null)).StatusCode);
        Assert.Equal("invalid_grant", (await Refresh(http, signedIn.RefreshToken!)).Error);
        Assert.False((await SignIn(http, login, OwnPassword)).IsError);
    }

    [Fact]
    public async Task A_new_password_set_by_the_gm_ends_the_persons_sessions()
    {
        var (venue, login) = await NewDeskAccount(changed: true);
        using var http = api.CreateClient();
        var signedIn = await SignIn(http, login, OwnPassword);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        Assert.Equal(HttpStatusCode.OK, (await gm.PostJson($"/venues/{venue}/accounts/{login}/password", new { password = "another gm password" })).StatusCode);

        Assert.Equal("invalid_grant", (await Refresh(http, signedIn.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_and_an_unknown_login_gets_the_same_answers()
    {
        var (_, login) = await NewDeskAccount(changed: true);
        var stranger = "nobody-" + Guid.NewGuid().ToString("N")[..10];
        using var http = api.CreateClient();

        foreach (var who in new[] { login, stranger })
        {
            var answers = new List<string?>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add((await SignIn(http, who, "wrong password " + i)).ErrorDescription);
            }

            Assert.All(answers.Take(4), a => Assert.Equal("The login or the password is wrong.", a));
            Assert.StartsWith("Too many failed sign-ins: the account is locked until ", answers[4]);
        }

        var locked = await SignIn(http, login, OwnPassword);
        Assert.Equal("invalid_grant", locked.Error);
        Assert.StartsWith("Too many failed sign-ins", locked.ErrorDescription);
    }

    [Fact]
    public async Task A_token_for_venue_a_is_refused_on_venue_b()
    {
        var (_, login) = await NewDeskAccount(changed: true);
        var other = await NewVenue();
        using var http = api.CreateClient();
        using var desk = Bearer((await SignIn(http, login, OwnPassword)).AccessToken!);

        var foreign = await desk.GetAsync($"/venues/{other}/rooms");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains($"no grant for venue '{other}'", (await foreign.Problem()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_identity_token_or_a_refresh_token_is_not_an_access_token()
    {
        var (venue, login) = await NewDeskAccount(changed: true);
        using var http = api.CreateClient();
        var signedIn = await SignIn(http, login, OwnPassword);

        foreach (var wrong in new[] { signedIn.IdentityToken!, signedIn.RefreshToken! })
        {
            using var client = Bearer(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/venues/{venue}/rooms")).StatusCode);
        }
    }

    [Fact]
    public async Task A_staff_sign_in_through_another_client_or_with_a_secret_is_refused_as_invalid_client()
    {
        var (_, login) = await NewDeskAccount(changed: true);
        using var http = api.CreateClient();

        var partner = await http.RequestPasswordTokenAsync(new PasswordTokenRequest { Address = TokenAddress, ClientId = "pc-0123456789abcdef0123", UserName = login, Password = OwnPassword });
        var secret = await http.RequestPasswordTokenAsync(new PasswordTokenRequest { Address = TokenAddress, ClientId = ClientAuthentication.StaffClientId, ClientSecret = "guess", UserName = login, Password = OwnPassword });

        foreach (var refused in new[] { partner, secret })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (refused.HttpStatusCode, refused.Json?.GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task A_malformed_token_request_is_an_oauth_error_not_a_server_error()
    {
        using var http = api.CreateClient();

        var empty = await http.PostAsync(TokenAddress, new FormUrlEncodedContent([]));
        var unknownGrant = await http.PostAsync(TokenAddress, new FormUrlEncodedContent([new("grant_type", "urn:nothing")]));
        var json = await http.PostAsJsonAsync(TokenAddress, new { grant_type = "password" });

        foreach (var response in new[] { empty, unknownGrant, json })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
        }
    }

    [Fact]
    public async Task A_partner_gets_a_token_with_its_client_credentials_books_at_its_venue_and_nowhere_else()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        var (clientId, secret) = await NewClient(venue);
        using var http = api.CreateClient();

        var issued = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest { Address = TokenAddress, ClientId = clientId, ClientSecret = secret });

        Assert.False(issued.IsError, issued.ErrorDescription);
        Assert.Null(issued.RefreshToken);
        Assert.Equal((clientId, Roles.ApiClient, venue), (Claim(issued.AccessToken!, "sub"), Claim(issued.AccessToken!, "role"), Claim(issued.AccessToken!, "venue")));
        using var partner = Bearer(issued.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/venues/{venue}/bookings?day=2026-12-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/venues/{other}/bookings?day=2026-12-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PutJson($"/venues/{venue}/policy", new { })).StatusCode);
    }

    [Fact]
    public async Task A_revoked_client_or_a_rotated_secret_gets_no_token_and_the_new_secret_does()
    {
        var venue = await NewVenue();
        var (clientId, secret) = await NewClient(venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var http = api.CreateClient();
        Task<TokenResponse> Ask(string withSecret) =>
            http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest { Address = TokenAddress, ClientId = clientId, ClientSecret = withSecret });

        var rotated = await (await gm.PostAsync($"/venues/{venue}/clients/{clientId}/secret", null)).Read<NewClientSecret>();
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), ((await Ask(secret)).HttpStatusCode, (await Ask(secret)).Json?.GetProperty("error").GetString()));
        Assert.False((await Ask(rotated.ClientSecret)).IsError);

        Assert.Equal(HttpStatusCode.OK, (await gm.PostAsync($"/venues/{venue}/clients/{clientId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Ask(rotated.ClientSecret)).HttpStatusCode);

        // Neither an unknown client nor the staff client gets a token by client credentials.
        var unknown = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest { Address = TokenAddress, ClientId = "pc-ffffffffffffffffffff", ClientSecret = rotated.ClientSecret });
        var staff = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest { Address = TokenAddress, ClientId = ClientAuthentication.StaffClientId, ClientSecret = "anything" });
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unknown.HttpStatusCode, staff.HttpStatusCode));
    }

    [Fact]
    public async Task A_partners_client_id_cannot_sign_in_as_a_person()
    {
        var venue = await NewVenue();
        var (clientId, secret) = await NewClient(venue);
        using var http = api.CreateClient();

        var asPerson = await http.RequestPasswordTokenAsync(new PasswordTokenRequest { Address = TokenAddress, ClientId = ClientAuthentication.StaffClientId, UserName = clientId, Password = secret });

        Assert.Equal(("invalid_grant", "The login or the password is wrong."), (asPerson.Error, asPerson.ErrorDescription));
    }

    private async Task<(string ClientId, string Secret)> NewClient(string venue)
    {
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var created = await gm.PostJson($"/venues/{venue}/clients", new { name = "美团预订" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = await created.Read<NewClientSecret>();
        return (secret.Client.ClientId, secret.ClientSecret);
    }

    private static string TokenAddress => $"{Authority}/connect/token";

    private static Task<TokenResponse> SignIn(HttpClient http, string login, string password) =>
        http.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = TokenAddress,
            ClientId = ClientAuthentication.StaffClientId,
            UserName = login,
            Password = password,
            Scope = "openid offline_access",
        });

    private static Task<TokenResponse> Refresh(HttpClient http, string refreshToken) =>
        http.RequestRefreshTokenAsync(new RefreshTokenRequest { Address = TokenAddress, ClientId = ClientAuthentication.StaffClientId, RefreshToken = refreshToken });

    private HttpClient Bearer(string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static string? Claim(string jwt, string type) =>
        new JsonWebToken(jwt).Claims.FirstOrDefault(c => c.Type == type)?.Value;

    private async Task<string> NewVenue()
    {
        var venue = "tk-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = venue, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        return venue;
    }

    /// <summary>A venue and a receptionist's account made by its GM; <paramref name="changed"/>: the person has chosen their own password.</summary>
    private async Task<(string Venue, string Login)> NewDeskAccount(bool changed = false)
    {
        var venue = await NewVenue();
        var login = "desk-" + Guid.NewGuid().ToString("N")[..10];
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        Assert.Equal(HttpStatusCode.Created, (await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台小王", role = "reception", password = FirstPassword })).StatusCode);
        if (changed)
        {
            using var http = api.CreateClient();
            using var pending = Bearer((await SignIn(http, login, FirstPassword)).AccessToken!);
            Assert.Equal(HttpStatusCode.OK, (await pending.PostJson("/accounts/me/password", new { currentPassword = FirstPassword, newPassword = OwnPassword })).StatusCode);
        }

        return (venue, login);
    }
}
