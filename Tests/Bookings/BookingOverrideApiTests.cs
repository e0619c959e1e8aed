using System.Net;
using ClubGrains.Api.Auth;
using Microsoft.Extensions.Time.Testing;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>A fake-clock API for the evening's later steps: releases, late arrivals, cancellations and overrides over HTTP.</summary>
public sealed class EveningApiFactory : ApiFactory
{
    public EveningApiFactory()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 20, 0, 0, China));
    }
}

public sealed class BookingOverrideApiTests(EveningApiFactory api) : IClassFixture<EveningApiFactory>
{
    private static object GuestIn(string roomId) => new
    {
        guestName = "王小明",
        guestPhone = "13800138000",
        bookerDepartment = "ktv",
        bookerName = "李娜",
        bookerBadge = "K007",
        roomId,
    };

    /// <summary>A new venue on a new day at 20:00 Shanghai time (the clock only moves forward).</summary>
    private async Task<(string Venue, DateTimeOffset Evening)> NewEvening()
    {
        var local = api.Clock!.GetUtcNow().ToOffset(China);
        var evening = new DateTimeOffset(local.Year, local.Month, local.Day, 20, 0, 0, China).AddDays(1);
        api.Clock.SetUtcNow(evening);
        var id = "o-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        await op.PostJson("/venues", new { id, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        foreach (var room in new[] { "k01", "k02" })
        {
            await op.PutJson($"/venues/{id}/rooms/{room}", new { name = room, kind = "ktv", type = "small", capacity = 8 });
        }

        await api.RegisterManagers(id, "K007");
        return (id, evening);
    }

    [Fact]
    public async Task BK4_late_arrival_over_http_needs_reception_s_check_and_a_mismatch_records_the_recommended_fine()
    {
        var (venue, evening) = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        var booking = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k01"))).Read<Booking>();
        api.Clock!.SetUtcNow(evening.AddHours(1).AddMinutes(5));

        var early = await desk.PostAsync($"/venues/{venue}/bookings/{booking.Id}/seat", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("BK-2", (await early.Problem()).GetProperty("rule").GetString());

        var withoutCheck = await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/late-arrival", new { });
        Assert.Equal(["detailsMatch", "reason"], (await withoutCheck.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());

        var voided = await (await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/late-arrival",
            new { detailsMatch = false, reason = "a different guest; could not name the booker", arrivingGuestName = "赵六" })).Read<Booking>();
        Assert.Equal((BookingStatus.Void, 500m, "K007"), (voided.Status, voided.Fine!.Amount, voided.Fine.BookerBadge));
    }

    [Fact]
    public async Task BK5_BK8_cancellation_over_http_the_booker_asks_reception_cancels_and_other_reasons_need_an_override()
    {
        var (venue, evening) = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var manager = api.ClientWith(ApiFactory.TokenFor(new TokenRequest("m-7", Roles.Manager, [venue], Badge: "K007", Department: "ktv")));
        var first = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k01"))).Read<Booking>();
        var second = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k02"))).Read<Booking>();

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostJson($"/venues/{venue}/bookings/{first.Id}/cancel", new { atBookersRequest = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJson($"/venues/{venue}/bookings/{first.Id}/cancel-request", new { reason = "guest is ill" })).StatusCode);
        Assert.Equal("atBookersRequest", (await (await desk.PostJson($"/venues/{venue}/bookings/{first.Id}/cancel", new { })).Problem()).GetProperty("errors").EnumerateObject().Single().Name);
        var cancelled = await (await desk.PostJson($"/venues/{venue}/bookings/{first.Id}/cancel", new { atBookersRequest = true })).Read<Booking>();
        Assert.Equal((BookingStatus.Cancelled, "BK-5"), (cancelled.Status, cancelled.History[^1].Rule));

        var refused = await desk.PostJson($"/venues/{venue}/bookings/{second.Id}/cancel", new { atBookersRequest = false, reason = "VIP" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("BK-8", (await refused.Problem()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await gm.PostJson($"/venues/{venue}/bookings/{second.Id}/cancel", new { atBookersRequest = false, reason = "VIP" })).StatusCode);

        var reinstated = await gm.PostJson($"/venues/{venue}/bookings/{second.Id}/reinstate", new { reason = "VIP left", roomId = "k02" });
        Assert.Equal(BookingStatus.Held, (await reinstated.Read<Booking>()).Status);
        var extend = await gm.PostJson($"/venues/{venue}/bookings/{second.Id}/extend-hold", new { reason = "traffic" });
        Assert.Equal("until", (await extend.Problem()).GetProperty("errors").EnumerateObject().Single().Name);
        var extended = await gm.PostJson($"/venues/{venue}/bookings/{second.Id}/extend-hold", new { until = evening.AddHours(2), reason = "traffic" });
        Assert.Equal(evening.AddHours(2), (await extended.Read<Booking>()).HoldUntil);
    }

    [Fact]
    public async Task An_outage_arrival_is_refused_for_a_release_that_was_on_time()
    {
        var (venue, evening) = await NewEvening();
        using var desk = api.ClientAs(Roles.Reception, venue);
        var booking = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k01"))).Read<Booking>();
        api.Clock!.SetUtcNow(evening.AddHours(1).AddSeconds(1));
        Assert.Equal(BookingStatus.Released, (await (await desk.GetAsync($"/venues/{venue}/bookings/{booking.Id}")).Read<Booking>()).Status);

        var refused = await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/outage-arrival", new { arrivedAt = evening.AddMinutes(50), reason = "paper log" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }
}
