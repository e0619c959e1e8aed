using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClubGrains.Accounts;
using ClubGrains.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace ClubGrains.Tests.Accounts;

/// <summary>Partner clients over HTTP: the secret shown once, the check the token endpoint calls, and what is refused naming what.</summary>
public sealed partial class ClientApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private ClientSignIn SignIn => api.Services.GetRequiredService<ClientSignIn>();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex Base64UrlOf32Bytes();

    private async Task<string> NewVenue()
    {
        var venue = "cl-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = venue, timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        return venue;
    }

    private static async Task<NewClientSecret> Created(HttpClient gm, string venue, string name = "美团")
    {
        var created = await gm.PostJson($"/venues/{venue}/clients", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Read<NewClientSecret>();
    }

    [Fact]
    public async Task A_gm_creates_a_partners_client_whose_secret_is_shown_once_and_then_gets_the_partners_actor()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var created = await gm.PostJson($"/venues/{venue}/clients", new { name = "美团" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await created.Read<NewClientSecret>();
        Assert.True(ClientRules.IsClientId(body.Client.ClientId), body.Client.ClientId);
        Assert.Equal($"/venues/{venue}/clients/{body.Client.ClientId}", created.Headers.Location?.OriginalString);
        Assert.Matches(Base64UrlOf32Bytes(), body.ClientSecret);
        Assert.Equal(("美团", true), (body.Client.Name, body.Client.Enabled));
        Assert.Equal([venue], body.Client.Venues);

        var actor = await SignIn.Check(body.Client.ClientId, body.ClientSecret);
        Assert.Equal((body.Client.ClientId, Roles.ApiClient, "美团"), (actor!.Subject, actor.Role, actor.DisplayName));
        Assert.Equal([venue], actor.Venues!);

        foreach (var read in new[] { $"/venues/{venue}/clients", $"/venues/{venue}/clients/{body.Client.ClientId}" })
        {
            var text = await gm.GetStringAsync(read);
            Assert.Contains(body.Client.ClientId, text);
            Assert.DoesNotContain(body.ClientSecret, text);
            Assert.DoesNotContain("AQAAAA", text);
            Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("clientSecret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_new_secret_works_at_once_and_the_old_one_no_longer_does()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var first = await Created(gm, venue);

        var rotated = await gm.PostAsync($"/venues/{venue}/clients/{first.Client.ClientId}/secret", null);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
        var second = await rotated.Read<NewClientSecret>();
        Assert.Matches(Base64UrlOf32Bytes(), second.ClientSecret);
        Assert.NotEqual(first.ClientSecret, second.ClientSecret);
        Assert.Equal((first.Client.ClientId, 2L), (second.Client.ClientId, second.Client.Version));
        Assert.Null(await SignIn.Check(first.Client.ClientId, first.ClientSecret));
        Assert.NotNull(await SignIn.Check(first.Client.ClientId, second.ClientSecret));
    }

    [Fact]
    public async Task A_disabled_client_is_refused_and_enabled_again_is_accepted()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var client = await Created(gm, venue);

        var disabled = await gm.PostAsync($"/venues/{venue}/clients/{client.Client.ClientId}/disable", null);
        Assert.False((await disabled.Read<ApiClient>()).Enabled);
        Assert.False((await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/clients"))[0].GetProperty("enabled").GetBoolean());
        Assert.Null(await SignIn.Check(client.Client.ClientId, client.ClientSecret));

        var enabled = await gm.PostAsync($"/venues/{venue}/clients/{client.Client.ClientId}/enable", null);
        Assert.True((await enabled.Read<ApiClient>()).Enabled);
        Assert.NotNull(await SignIn.Check(client.Client.ClientId, client.ClientSecret));
    }

    [Fact]
    public async Task The_venues_history_lists_each_change_with_the_gm_who_made_it()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var clientId = (await Created(gm, venue)).Client.ClientId;
        foreach (var step in new[] { "disable", "enable", "secret" })
        {
            Assert.Equal(HttpStatusCode.OK, (await gm.PostAsync($"/venues/{venue}/clients/{clientId}/{step}", null)).StatusCode);
        }

        var history = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/history");
        var changes = history.EnumerateArray().Where(h => h.GetProperty("what").GetString()!.Contains(clientId, StringComparison.Ordinal)).ToArray();
        Assert.Equal(["created", "disabled", "enabled", "issued"], changes.Select(h => h.GetProperty("what").GetString()!.Split(' ')[0]).ToArray());
        Assert.All(changes, h => Assert.Equal(("gm-1", AccountRules.Rule), (h.GetProperty("actor").GetProperty("subject").GetString(), h.GetProperty("rule").GetString())));
        var view = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/clients/{clientId}");
        Assert.Equal(4, view.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_gm_of_another_venue_is_refused_403_there_and_finds_nothing_at_their_own_and_nothing_is_written()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var otherGm = api.ClientAs(Roles.GeneralManager, other);
        var client = await Created(gm, venue);
        var id = client.Client.ClientId;

        foreach (var step in new[] { "disable", "enable", "secret" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await otherGm.PostAsync($"/venues/{venue}/clients/{id}/{step}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await otherGm.PostAsync($"/venues/{other}/clients/{id}/{step}", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await otherGm.GetAsync($"/venues/{venue}/clients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGm.GetAsync($"/venues/{other}/clients/{id}")).StatusCode);
        Assert.Equal(0, (await otherGm.GetFromJsonAsync<JsonElement>($"/venues/{other}/clients")).GetArrayLength());
        var view = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/clients/{id}");
        Assert.Equal((1, true), (view.GetProperty("history").GetArrayLength(), view.GetProperty("client").GetProperty("enabled").GetBoolean()));
        Assert.NotNull(await SignIn.Check(id, client.ClientSecret));
    }

    [Fact]
    public async Task A_gm_granting_another_venue_is_refused_403_naming_the_rule_and_nothing_is_written()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);

        var refused = await gm.PostJson($"/venues/{venue}/clients", new { name = "美团", venues = new[] { venue, other } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(AccountRules.Rule, (await refused.Problem()).GetProperty("rule").GetString());
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/venues/{venue}/clients")).GetArrayLength());
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/venues/{other}/clients")).GetArrayLength());
    }

    [Fact]
    public async Task An_operator_grants_a_client_several_venues_and_it_is_listed_at_each()
    {
        var venue = await NewVenue();
        var other = await NewVenue();
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);

        var created = await op.PostJson($"/venues/{venue}/clients", new { name = "携程", venues = new[] { venue, other } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Read<NewClientSecret>()).Client.ClientId;
        foreach (var at in new[] { venue, other })
        {
            Assert.Equal(id, (await op.GetFromJsonAsync<JsonElement>($"/venues/{at}/clients"))[0].GetProperty("clientId").GetString());
        }
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("美团\u0000", "name")]
    [InlineData("*", "venues")]
    public async Task A_bad_field_is_refused_400_naming_it_and_nothing_is_written(string value, string field)
    {
        var venue = await NewVenue();
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        object body = field == "name" ? new { name = value } : new { name = "美团", venues = new[] { value } };

        var refused = await op.PostJson($"/venues/{venue}/clients", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal([field], (await refused.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/venues/{venue}/clients")).GetArrayLength());
    }

    [Theory]
    [InlineData("pc-00000000000000000000")]
    [InlineData("PC-NOT-A-CLIENT")]
    [InlineData("desk.wang")]
    public async Task An_unknown_or_malformed_client_id_is_404(string clientId)
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        Assert.Equal(HttpStatusCode.NotFound, (await gm.GetAsync($"/venues/{venue}/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gm.PostAsync($"/venues/{venue}/clients/{clientId}/secret", null)).StatusCode);
        Assert.Null(await SignIn.Check(clientId, "any secret"));
    }
}
