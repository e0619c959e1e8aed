using System.Net;
using System.Text.Json;
using ClubGrains.Api.Auth;
using ClubGrains.Customers;

namespace ClubGrains.Tests.Customers;

/// <summary>Customer files over HTTP, per venue.</summary>
public sealed class CustomerApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_manager_reports_a_new_customer_the_department_manager_confirms_and_notes_follow_the_file()
    {
        var venue = "c-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        await op.PostJson("/venues", new { id = venue, name = "Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        await api.RegisterManagers(venue, "K007", "K008");
        using var manager = api.ClientWith(ApiFactory.TokenFor(new TokenRequest("m-7", Roles.Manager, [venue], Badge: "K007", Department: "ktv")));
        using var dm = api.ClientAs(Roles.DepartmentManager, venue);
        var phone = "135" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var missing = await manager.PostJson($"/venues/{venue}/customers", new { name = "孙七" });
        Assert.Equal("phone", (await missing.Problem()).GetProperty("errors").EnumerateObject().Single().Name);

        var claimed = await manager.PostJson($"/venues/{venue}/customers", new { name = "孙七", phone = $"+86 {phone}" });
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJson($"/venues/{venue}/customers", new { name = "孙七", phone })).StatusCode);
        using var colleague = api.ClientWith(ApiFactory.TokenFor(new TokenRequest("m-8", Roles.Manager, [venue], Badge: "K008", Department: "ktv")));
        var taken = await colleague.PostJson($"/venues/{venue}/customers", new { name = "孙七", phone });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("TG-3", (await taken.Problem()).GetProperty("rule").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/venues/{venue}/customers/{phone}/confirm", null)).StatusCode);
        Assert.True((await (await dm.PostAsync($"/venues/{venue}/customers/{phone}/confirm", null)).Read<CustomerFile>()).Confirmed);
        await manager.PostJson($"/venues/{venue}/customers/{phone}/feedback", new { text = "wants a bigger room next time" });
        var complaint = await (await manager.PostJson($"/venues/{venue}/customers/{phone}/complaints", new { text = "waited too long" })).Read<CustomerFile>();
        var resolved = await dm.PostJson($"/venues/{venue}/customers/{phone}/complaints/{complaint.Complaints.Single().Id}/resolve", new { resolution = "apologised" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var file = await dm.GetFromJsonAsyncSafe($"/venues/{venue}/customers/%2B86{phone}");
        Assert.Equal(("孙七", "K007", true), (file.GetProperty("name").GetString(), file.GetProperty("managerBadge").GetString(), file.GetProperty("confirmed").GetBoolean()));
        Assert.Equal("wants a bigger room next time", file.GetProperty("feedback")[0].GetString());
        Assert.Equal("apologised", file.GetProperty("complaints")[0].GetProperty("resolution").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await dm.GetAsync($"/venues/{venue}/customers/not-a-phone")).StatusCode);
    }
}

internal static class JsonHttp
{
    public static async Task<JsonElement> GetFromJsonAsyncSafe(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
