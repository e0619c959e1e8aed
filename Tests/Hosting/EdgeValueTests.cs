using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClubGrains.Tests.Bookings;
using ClubGrains.Tests.Rooms;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// Values at the edges — far dates, the largest amounts, control characters, odd ids, reused keys —
/// are refused with a 4xx that names the field (and the rule where a house rule decides), and
/// nothing is stored: an answer of 5xx would leave a client not knowing whether it was.
/// </summary>
public sealed class EdgeValueTests(EveningApiFactory api) : IClassFixture<EveningApiFactory>
{
    private static object GuestIn(string? roomId = "k01", string guestName = "王小明") => new
    {
        guestName,
        guestPhone = "13800138000",
        bookerDepartment = "ktv",
        bookerName = "李娜",
        bookerBadge = "K007",
        roomId,
    };

    /// <summary>A new venue on a new day at 20:00 Shanghai time (the clock only moves forward).</summary>
    private async Task<string> NewEvening()
    {
        var local = api.Clock!.GetUtcNow().ToOffset(China);
        api.Clock.SetUtcNow(new DateTimeOffset(local.Year, local.Month, local.Day, 20, 0, 0, China).AddDays(1));
        var id = "e-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        foreach (var room in new[] { "k01", "k02" })
        {
            await op.PutJson($"/venues/{id}/rooms/{room}", new { name = room, kind = "ktv", type = "small", capacity = 8 });
        }

        await api.RegisterManagers(id, "K007");
        return id;
    }

    private static async Task<string[]> Errors(HttpResponseMessage response, string field)
    {
        var problem = await response.Problem();
        var messages = default(JsonElement);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out messages),
            $"the problem names {field}: {problem}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    [Theory]
    [InlineData(60)]
    [InlineData(null)]
    public async Task BK8_hold_extension_past_the_business_day_is_refused_and_stores_nothing(int? daysAhead)
    {
        var venue = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var booking = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn())).Read<Booking>();
        var until = daysAhead is { } days ? booking.HoldUntil!.Value.AddDays(days) : DateTimeOffset.MaxValue;

        var extended = await gm.PostJson($"/venues/{venue}/bookings/{booking.Id}/extend-hold", new { until, reason = "the party is on its way" });

        Assert.Equal(HttpStatusCode.BadRequest, extended.StatusCode);
        Assert.Contains(await Errors(extended, "until"), m => m.Contains("BK-8", StringComparison.Ordinal));
        var stored = await (await desk.GetAsync($"/venues/{venue}/bookings/{booking.Id}")).Read<Booking>();
        Assert.Equal(booking.HoldUntil, stored.HoldUntil);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/venues/{venue}/rooms")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k02"))).StatusCode);
    }

    [Fact]
    public async Task BK8_hold_extension_within_the_business_day_is_stored()
    {
        var venue = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var booking = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn())).Read<Booking>();
        var until = booking.HoldUntil!.Value.AddHours(2);

        var extended = await gm.PostJson($"/venues/{venue}/bookings/{booking.Id}/extend-hold", new { until, reason = "the party is on its way" });

        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(until, (await extended.Read<Booking>()).HoldUntil);
    }

    [Fact]
    public async Task BK8_authorisation_until_far_ahead_is_refused_naming_until()
    {
        var venue = await NewEvening();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var granted = await gm.PostJson($"/venues/{venue}/authorisations",
            new { supervisor = "sup-wang", scopes = new[] { "extendHold" }, until = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), reason = "for ever" });

        Assert.Equal(HttpStatusCode.BadRequest, granted.StatusCode);
        Assert.Contains(await Errors(granted, "until"), m => m.Contains("BK-8", StringComparison.Ordinal));
        Assert.Equal("[]", (await (await gm.GetAsync($"/venues/{venue}/authorisations")).Content.ReadAsStringAsync()).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("workday", "lateFine")]
    [InlineData("discipline", "quarrelFineMax")]
    [InlineData("targets", "ktvMonthlyRevenue")]
    [InlineData("customers", "bigCustomerSpend")]
    public async Task Policy_amount_beyond_the_bound_is_refused_naming_the_field(string section, string field)
    {
        var venue = await NewEvening();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        var policy = "{\"" + section + "\":{\"" + field + "\":" + decimal.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}";

        var put = await gm.PutAsync($"/venues/{venue}/policy", new StringContent(policy, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        await Errors(put, $"{section}.{field}");
    }

    [Fact]
    public async Task DS2_tip_beyond_the_bound_is_refused_naming_tip_and_records_nothing()
    {
        var venue = await NewEvening();
        using var dm = api.ClientAs(Roles.DepartmentManager, venue);

        var recorded = await dm.PostJson($"/venues/{venue}/managers/K007/violations", new { rule = "DS-2", tip = decimal.MaxValue, evidence = "the guest complained" });

        Assert.Equal(HttpStatusCode.BadRequest, recorded.StatusCode);
        Assert.Contains(await Errors(recorded, "tip"), m => m.Contains("DS-2", StringComparison.Ordinal));
        var record = await (await dm.GetAsync($"/venues/{venue}/managers/K007")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, record.GetProperty("ledger").GetArrayLength());
    }

    [Theory]
    [InlineData("reports/daily")]
    [InlineData("reports/weekly")]
    [InlineData("reports/monthly")]
    [InlineData("shifts/ktv")]
    [InlineData("bookings")]
    public async Task A_far_day_is_refused_naming_day(string route)
    {
        var venue = await NewEvening();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        foreach (var day in new[] { "9999-12-31", "0001-01-01", "2100-01-01" })
        {
            var read = await gm.GetAsync($"/venues/{venue}/{route}?day={day}");
            Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
            await Errors(read, "day");
        }

        Assert.Equal(HttpStatusCode.OK, (await gm.GetAsync($"/venues/{venue}/{route}?day=2099-12-31")).StatusCode);
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_other_details_is_refused_naming_the_key()
    {
        var venue = await NewEvening();
        using var partner = api.ClientAs(Roles.ApiClient, venue);
        partner.DefaultRequestHeaders.Add("Idempotency-Key", "order-4711");
        var first = await partner.PostJson($"/venues/{venue}/bookings", GuestIn(roomId: null));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var original = await first.Read<Booking>();

        var retry = await partner.PostJson($"/venues/{venue}/bookings", GuestIn(roomId: null));
        var other = await partner.PostJson($"/venues/{venue}/bookings", GuestIn(roomId: null, guestName: "张三"));

        Assert.Equal(original.Id, (await retry.Read<Booking>()).Id);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        await Errors(other, "Idempotency-Key");
        var stored = await (await partner.GetAsync($"/venues/{venue}/bookings/{original.Id}")).Read<Booking>();
        Assert.Equal("王小明", stored.GuestName);
    }

    [Theory]
    [InlineData("王\u0000明")]
    [InlineData("王\n明")]
    [InlineData("\u001b[31m王")]
    public async Task BK1_control_characters_in_a_name_are_refused_naming_the_field(string name)
    {
        var venue = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var dm = api.ClientAs(Roles.DepartmentManager, venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var booking = await desk.PostJson($"/venues/{venue}/bookings", GuestIn(guestName: name));
        var manager = await dm.PutJson($"/venues/{venue}/managers/K008", new { name, department = "ktv", onProbation = true });
        var renamed = await gm.PatchJson($"/venues/{venue}", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, booking.StatusCode);
        Assert.Contains(await Errors(booking, "guestName"), m => m.Contains("BK-1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, manager.StatusCode);
        await Errors(manager, "name");
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        await Errors(renamed, "name");
        Assert.Empty(await (await desk.GetAsync($"/venues/{venue}/bookings")).Read<BookingSummary[]>());
    }

    [Fact]
    public async Task A_duplicate_json_key_is_refused()
    {
        var venue = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        const string body = """{"guestName":"王小明","guestName":"张三","guestPhone":"13800138000","bookerDepartment":"ktv","bookerName":"李娜","bookerBadge":"K007","roomId":"k01"}""";

        var placed = await desk.PostAsync($"/venues/{venue}/bookings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, placed.StatusCode);
        Assert.Contains("guestName", (await placed.Problem()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await (await desk.GetAsync($"/venues/{venue}/bookings")).Read<BookingSummary[]>());
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%20%20")]
    [InlineData("%1B")]
    [InlineData("a%2Fb")]
    [InlineData("夜色")]
    [InlineData("%E2%80%8B")]
    public async Task An_id_of_any_shape_in_a_route_answers_404_not_500(string id)
    {
        var venue = await NewEvening();
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var longId = new string('x', 5000);
        foreach (var bad in new[] { id, longId })
        {
            foreach (var url in new[]
            {
                $"/venues/{bad}", $"/venues/{bad}/rooms", $"/venues/{bad}/bookings", $"/venues/{bad}/policy", $"/venues/{bad}/reports/daily",
                $"/venues/{bad}/shifts/ktv", $"/venues/{bad}/managers/K007", $"/venues/{bad}/history",
                $"/venues/{venue}/rooms/{bad}", $"/venues/{venue}/bookings/{bad}", $"/venues/{venue}/managers/{bad}",
            })
            {
                var read = await op.GetAsync(url);
                Assert.True(read.StatusCode == HttpStatusCode.NotFound, $"GET {url}: {(int)read.StatusCode}");
            }

            foreach (var url in new[] { $"/venues/{bad}/bookings", $"/venues/{venue}/bookings/{bad}/seat", $"/venues/{venue}/managers/{bad}/sign-in" })
            {
                var write = await op.PostJson(url, GuestIn());
                Assert.True(write.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"POST {url}: {(int)write.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task The_onProbation_default_of_a_manager_registration_is_documented_in_the_openapi_document()
    {
        using var anonymous = api.ClientWith(null);
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();

        var description = document.GetProperty("components").GetProperty("schemas").GetProperty("ManagerDraft")
            .GetProperty("properties").GetProperty("onProbation").GetProperty("description").GetString();

        Assert.Contains("true for a new manager", description, StringComparison.Ordinal);
    }
}
