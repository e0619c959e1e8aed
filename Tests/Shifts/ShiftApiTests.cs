using System.Net;
using System.Text.Json;

namespace ClubGrains.Tests.Shifts;

/// <summary>The department's shift through HTTP, as reception and the department manager read it.</summary>
public sealed class ShiftApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WD1_reception_reads_the_ktv_shift_with_the_sign_in_it_recorded()
    {
        var venue = "s-" + Guid.NewGuid().ToString("N")[..10];
        using (var op = api.ClientAs(Roles.Operator, Actor.AllVenues))
        {
            Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        }

        await api.RegisterManagers(venue, "K007", "K008");
        using var desk = api.ClientAs(Roles.Reception, venue);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/venues/{venue}/managers/K007/sign-in", null)).StatusCode);

        JsonElement shift = default;
        await TestSilo.Eventually(
            async () => (shift = await (await desk.GetAsync($"/venues/{venue}/shifts/ktv")).Read<JsonElement>()).GetProperty("signedIn").GetInt32() == 1,
            TimeSpan.FromSeconds(20),
            "the sign-in shows on the shift");

        Assert.Equal(["K007", "K008"], shift.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("badge").GetString()));
        Assert.Equal(["K008"], shift.GetProperty("notSignedIn").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal("ktv", shift.GetProperty("department").GetString());
    }

    [Fact]
    public async Task An_unknown_department_or_day_is_400_naming_the_field_and_a_manager_may_not_read_the_shift()
    {
        using (var op = api.ClientAs(Roles.Operator, Actor.AllVenues))
        {
            Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = "v1", name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        }

        using var desk = api.ClientAs(Roles.Reception, "v1");
        var department = await desk.GetAsync("/venues/v1/shifts/karaoke");
        Assert.Equal(HttpStatusCode.BadRequest, department.StatusCode);
        Assert.True((await department.Problem()).GetProperty("errors").TryGetProperty("department", out _));

        using var dm = api.ClientAs(Roles.DepartmentManager, "v1");
        var day = await dm.GetAsync("/venues/v1/shifts/ktv?day=27-11-2026");
        Assert.Equal(HttpStatusCode.BadRequest, day.StatusCode);
        Assert.True((await day.Problem()).GetProperty("errors").TryGetProperty("day", out _));

        using var manager = api.ClientWith(ApiFactory.TokenFor(new Api.Auth.TokenRequest("m-7", Roles.Manager, ["v1"], Badge: "K007", Department: "ktv")));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/venues/v1/shifts/ktv")).StatusCode);
    }
}
