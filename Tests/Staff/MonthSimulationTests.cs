using System.Net;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Staff;
using ClubGrains.Staff;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Staff;

/// <summary>An API whose clock starts at the beginning of January 2027, Shanghai time.</summary>
public sealed class MonthApiFactory : ApiFactory
{
    public MonthApiFactory()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 12, 0, 0, China));
    }
}

/// <summary>
/// Two months of a small KTV team run through the API: sign-ins, bookings, checkouts, signed cards,
/// a missed reply; the monthly assessment (TG-1) and the monthly report match the ledgers and cards.
/// </summary>
public sealed class MonthSimulationTests(MonthApiFactory api, ITestOutputHelper output) : IClassFixture<MonthApiFactory>
{
    private const string Venue = "month";

    [Fact]
    public async Task TG1_PF3_two_months_of_a_team_end_in_the_expected_ledger_cards_quota_outcome_and_report()
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        await op.PostJson("/venues", new { id = Venue, name = "月色KTV", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        await op.PutJson($"/venues/{Venue}/policy", new { targets = new { ktvMonthlyRevenue = 10000, ktvMonthlyRooms = 3 } });
        foreach (var room in new[] { "k01", "k02", "k03", "k04" })
        {
            await op.PutJson($"/venues/{Venue}/rooms/{room}", new { name = room, kind = "ktv", type = "small", capacity = 6 });
        }

        using var dm = api.ClientAs(Roles.DepartmentManager, Venue);
        using var desk = api.ClientAs(Roles.Reception, Venue);
        await dm.PutJson($"/venues/{Venue}/managers/K001", new { name = "一号", department = "ktv", onProbation = false });
        await dm.PutJson($"/venues/{Venue}/managers/K002", new { name = "二号", department = "ktv", onProbation = false });
        await dm.PutJson($"/venues/{Venue}/managers/K003", new { name = "三号", department = "ktv", onProbation = true });
        HttpClient Manager(string badge) => api.ClientWith(ApiFactory.TokenFor(new TokenRequest($"m-{badge}", Roles.Manager, [Venue], Badge: badge, Department: "ktv")));

        // Each month: K001 sells 4 rooms × 3000 (meets 10000 and 3 rooms), K002 one room of 2000, K003 nothing.
        foreach (var month in new[] { 1, 2 })
        {
            for (var d = 5; d <= 8; d++)
            {
                Move(new DateTimeOffset(2027, month, d, 17, 30, 0, China));
                foreach (var badge in new[] { "K001", "K002", "K003" })
                {
                    Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/venues/{Venue}/managers/{badge}/sign-in", null)).StatusCode);
                }

                Move(new DateTimeOffset(2027, month, d, 20, 0, 0, China));
                await Sell(desk, "K001", $"k0{d - 4}", 3000m);
                if (d == 5)
                {
                    await Sell(desk, "K002", "k04", 2000m);
                }

                Move(new DateTimeOffset(2027, month, d, 23, 30, 0, China));
                foreach (var badge in new[] { "K001", "K002", "K003" })
                {
                    using var manager = Manager(badge);
                    var log = await manager.PostJson($"/venues/{Venue}/managers/{badge}/log",
                        new { bookings = Array.Empty<object>(), gifts = new { fruitPlates = 1, snacks = 0, tickets = 2 }, newCustomers = Array.Empty<object>(), feedback = Array.Empty<string>(), contacts = 6 });
                    Assert.Equal(HttpStatusCode.OK, log.StatusCode);
                    if (badge == "K001" || (badge == "K002" && d == 5))
                    {
                        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsync($"/venues/{Venue}/managers/{badge}/card/sign", null)).StatusCode);
                    }
                }
            }
        }

        // K002 misses a reply once in February: fined 100.
        Move(new DateTimeOffset(2027, 2, 10, 20, 0, 0, China));
        await dm.PostJson($"/venues/{Venue}/managers/K002/messages", new { text = "来前台" });
        Move(new DateTimeOffset(2027, 2, 10, 20, 5, 10, China));
        await Record(dm, "K002");

        // February's last slips are due by the end of 1 March's business day (06:00 on 2 March): then it is assessed.
        Move(new DateTimeOffset(2027, 3, 2, 6, 0, 1, China));
        var k001 = await Record(dm, "K001");
        var k002 = await Record(dm, "K002");
        var k003 = await Record(dm, "K003");
        foreach (var m in k001.Months!.Concat(k002.Months!).Concat(k003.Months!))
        {
            output.WriteLine($"{m.Year}-{m.Month:00}: {m.Revenue} / {m.RevenueQuota}, rooms {m.Rooms} / {m.RoomQuota}, met {m.Met}, probation {m.OnProbation}");
        }

        Assert.Equal([(12000m, 4, true), (12000m, 4, true)], k001.Months!.Select(m => (m.Revenue, m.Rooms, m.Met)));
        Assert.Equal([(2000m, 1, false), (2000m, 1, false)], k002.Months!.Select(m => (m.Revenue, m.Rooms, m.Met)));
        Assert.All(k003.Months!, m => Assert.False(m.Met));

        var dismissal = Assert.Single(k002.Ledger, e => e.Kind == LedgerKind.Dismissal);
        Assert.Equal(("TG-1", LedgerStatus.Recommended), (dismissal.Rule, dismissal.Status));
        Assert.DoesNotContain(k003.Ledger, e => e.Kind == LedgerKind.Dismissal);
        Assert.Empty(k001.Ledger);
        Assert.Equal(("WD-5", 100m), (Assert.Single(k002.Ledger, e => e.Kind == LedgerKind.Fine).Rule, k002.Ledger.Single(e => e.Kind == LedgerKind.Fine).Amount!.Value));
        Assert.All(k001.Card, slip => Assert.NotNull(slip.SignedAt));
        Assert.Equal(8, k001.Card.Count);

        var monthly = await dm.GetAsync($"/venues/{Venue}/reports/monthly?day=2027-02-15&department=ktv");
        Assert.Equal(HttpStatusCode.OK, monthly.StatusCode);
        var report = await monthly.Read<StaffReport>();
        Assert.Equal(["K001", "K002", "K003"], report.Managers.Select(m => m.Badge));
        var line = report.Managers[0];
        Assert.Equal((4, 0, 4, 12000m, 4, 8), (line.DaysSignedIn, line.DaysLate, line.Bookings, line.Spend, line.FruitPlates, line.Tickets));
        Assert.True(line.Month!.Met);
        Assert.Equal((1, 100m, false), (report.Managers[1].Violations, report.Managers[1].Fines, report.Managers[1].Month!.Met));
        Assert.Equal((5, 14000m, 100m), (report.Bookings, report.Spend, report.Fines));

        var weekly = await (await dm.GetAsync($"/venues/{Venue}/reports/weekly?day=2027-02-06")).Read<StaffReport>();
        Assert.Equal((new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 7)), (weekly.FirstDay, weekly.LastDay));
        Assert.Equal(3, weekly.Managers.Single(m => m.Badge == "K001").Bookings);

        var csv = await (await dm.GetAsync($"/venues/{Venue}/reports/monthly?day=2027-02-15&format=csv")).Content.ReadAsStringAsync();
        var rows = csv.Trim().Split('\n');
        Assert.StartsWith("rank,badge,name", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("1,K001,一号,ktv,4,0,4,12000,", rows[1], StringComparison.Ordinal);
        Assert.Equal(4, rows.Length);
    }

    private void Move(DateTimeOffset at) => api.Clock!.SetUtcNow(at);

    private static async Task<ManagerView> Record(HttpClient dm, string badge)
    {
        var response = await dm.GetAsync($"/venues/{Venue}/managers/{badge}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Read<ManagerView>();
    }

    private static async Task Sell(HttpClient desk, string badge, string room, decimal spend)
    {
        var placed = await desk.PostJson($"/venues/{Venue}/bookings", new { guestName = "客人", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = badge, bookerBadge = badge, roomId = room });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var booking = await placed.Read<Booking>();
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/venues/{Venue}/bookings/{booking.Id}/seat", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{Venue}/bookings/{booking.Id}/checkout", new { spend })).StatusCode);
    }
}
