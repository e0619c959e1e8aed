using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClubGrains.Accounts;
using ClubGrains.Api.Auth;

namespace ClubGrains.Tests.Accounts;

/// <summary>Staff accounts over HTTP: what a GM and an operator may do, and what is refused naming what.</summary>
public sealed class AccountApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Password = "first password 1";

    private async Task<string> NewVenue()
    {
        var venue = "ac-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = venue, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        return venue;
    }

    private static string NewLogin() => "u-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_gm_creates_lists_reads_disables_enables_and_resets_the_desks_account_and_no_view_holds_the_hash()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var login = NewLogin();

        var created = await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台小王", role = "reception", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/venues/{venue}/accounts/{login}", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("AQAAAA", body);
        Assert.DoesNotContain(Password, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("mustChangePassword").GetBoolean());

        var list = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/accounts");
        Assert.Equal(login, list[0].GetProperty("login").GetString());

        Assert.False((await (await gm.PostAsync($"/venues/{venue}/accounts/{login}/disable", null)).Read<StaffAccount>()).Enabled);
        Assert.False((await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/accounts"))[0].GetProperty("enabled").GetBoolean());
        Assert.True((await (await gm.PostAsync($"/venues/{venue}/accounts/{login}/enable", null)).Read<StaffAccount>()).Enabled);
        Assert.Equal(HttpStatusCode.OK, (await gm.PostJson($"/venues/{venue}/accounts/{login}/password", new { password = "second password 2" })).StatusCode);

        var read = await gm.GetAsync($"/venues/{venue}/accounts/{login}");
        var view = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hash", view, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, JsonDocument.Parse(view).RootElement.GetProperty("history").GetArrayLength());

        var history = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/history");
        Assert.Equal(4, history.EnumerateArray().Count(h => h.GetProperty("what").GetString()!.Contains(login, StringComparison.Ordinal) && h.GetProperty("actor").GetProperty("subject").GetString() == "gm-1"));
    }

    [Fact]
    public async Task A_gm_creating_an_operator_is_refused_403_with_the_rule_and_nothing_is_written()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var login = NewLogin();

        var refused = await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "运营", role = "operator", password = Password });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(AccountRules.Rule, (await refused.Problem()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/venues/{venue}/accounts/{login}")).StatusCode);
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/venues/{venue}/accounts")).GetArrayLength());
    }

    [Fact]
    public async Task A_gm_granting_another_venue_or_acting_at_another_venue_is_refused_403()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var granted = await gm.PostJson($"/venues/{venue}/accounts", new { login = NewLogin(), displayName = "前台", role = "reception", venues = new[] { venue, other }, password = Password });
        Assert.Equal((HttpStatusCode.Forbidden, AccountRules.Rule), (granted.StatusCode, (await granted.Problem()).GetProperty("rule").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await gm.PostJson($"/venues/{other}/accounts", new { login = NewLogin(), displayName = "前台", role = "reception", password = Password })).StatusCode);
    }

    [Fact]
    public async Task An_operator_manages_a_gms_account_and_a_gm_may_not()
    {
        var venue = await NewVenue();
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var opLogin = NewLogin();
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson($"/venues/{venue}/accounts", new { login = opLogin, displayName = "运营", role = "operator", venues = new[] { "*" }, password = Password })).StatusCode);
        var gmLogin = NewLogin();
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson($"/venues/{venue}/accounts", new { login = gmLogin, displayName = "李总", role = "gm", password = Password })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync($"/venues/{venue}/accounts/{gmLogin}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gm.PostAsync($"/venues/{venue}/accounts/{opLogin}/disable", null)).StatusCode);
    }

    [Fact]
    public async Task A_manager_account_without_a_registered_badge_is_refused_409_naming_badge()
    {
        var venue = await NewVenue();
        await api.RegisterManagers(venue, "K007");
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var unknown = await gm.PostJson($"/venues/{venue}/accounts", new { login = NewLogin(), displayName = "张三", role = "manager", badge = "K999", department = "ktv", password = Password });
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.True((await unknown.Problem()).GetProperty("errors").TryGetProperty("badge", out _));

        var known = await gm.PostJson($"/venues/{venue}/accounts", new { login = NewLogin(), displayName = "李娜", role = "manager", badge = "K007", department = "ktv", password = Password });
        Assert.Equal(HttpStatusCode.Created, known.StatusCode);
    }

    [Fact]
    public async Task A_short_password_is_refused_400_naming_password_and_nothing_is_written()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var login = NewLogin();

        var refused = await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台", role = "reception", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["password"], (await refused.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await gm.GetAsync($"/venues/{venue}/accounts/{login}")).StatusCode);
    }

    [Fact]
    public async Task A_login_taken_anywhere_in_the_chain_is_refused_409()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        var login = NewLogin();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var otherGm = api.ClientAs(Roles.GeneralManager, other);
        Assert.Equal(HttpStatusCode.Created, (await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台", role = "reception", password = Password })).StatusCode);

        var taken = await otherGm.PostJson($"/venues/{other}/accounts", new { login, displayName = "前台", role = "reception", password = Password });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGm.GetAsync($"/venues/{other}/accounts/{login}")).StatusCode);
    }

    [Fact]
    public async Task The_person_changes_their_own_password_with_the_current_one_and_a_wrong_one_is_refused_naming_it()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var login = NewLogin();
        Assert.Equal(HttpStatusCode.Created, (await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台", role = "reception", password = Password })).StatusCode);
        using var person = api.ClientWith(ApiFactory.TokenFor(new TokenRequest(login, Roles.Reception, [venue])));

        var wrong = await person.PostJson("/accounts/me/password", new { currentPassword = "not the password", newPassword = "my own password" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.True((await wrong.Problem()).GetProperty("errors").TryGetProperty("currentPassword", out _));
        var shortNew = await person.PostJson("/accounts/me/password", new { currentPassword = Password, newPassword = "short" });
        Assert.Equal(["newPassword"], (await shortNew.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());

        var changed = await person.PostJson("/accounts/me/password", new { currentPassword = Password, newPassword = "my own password" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.False((await changed.Read<StaffAccount>()).MustChangePassword);
    }
}
