using ClubGrains.Customers;
using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;

namespace ClubGrains.Tests.Staff;

/// <summary>Daily logs (LG-1, LG-2, WD-8), new customers by mid-month (TG-2) and monthly quotas (TG-1).</summary>
public sealed class LogsAndTargetsTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor Manager(Evening evening, string badge = "K007") => new($"m-{badge}", Roles.Manager, "李娜", badge, [evening.VenueId], "ktv");

    private static DailyLogDraft FullLog(params NewCustomer[] customers) =>
        new([new LoggedBooking("张三", 1200m)], new Gifts(2, 1, 4), customers, ["liked the new sound system"], null, 8);

    [Fact]
    public async Task LG1_a_log_holds_four_parts_and_one_missing_is_flagged_not_fined_and_WD8_fewer_than_5_contacts_is_flagged()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K007").SignIn(evening.Desk);

        var log = (await evening.ManagerRecord("K007").SubmitLog(Manager(evening), new DailyLogDraft(Bookings: [], Gifts: new Gifts(), Contacts: 4))).Value!;

        Assert.Equal(["newCustomers", "feedback"], log.MissingParts);
        Assert.True(log.TooFewContacts);
        Assert.Empty((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger);
        Assert.Equal(RefusalKind.Forbidden, (await evening.ManagerRecord("K007").SubmitLog(Manager(evening, "K008"), FullLog())).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, (await evening.ManagerRecord("K007").SubmitLog(Manager(evening), FullLog())).Refusal!.Kind);
    }

    [Fact]
    public async Task LG1_new_customers_in_the_log_claim_their_files()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var log = (await evening.ManagerRecord("K007").SubmitLog(Manager(evening), FullLog(new NewCustomer("赵六", phone)))).Value!;

        Assert.Equal(["+86" + phone], log.NewCustomersClaimed);
        Assert.Equal("K007", (await fixture.Grains.GetGrain<ICustomerGrain>("+86" + phone).GetFile(evening.VenueId)).Value!.ManagerBadge);
    }

    [Fact]
    public async Task LG2_a_third_worked_day_without_a_log_in_a_month_costs_50()
    {
        var evening = await fixture.NewEvening();
        for (var i = 0; i < 3; i++)
        {
            fixture.NextDayAt(17, 0);
            if (fixture.Clock.GetUtcNow().ToOffset(EveningFixture.China).Day > 25)
            {
                // Keep the three days within one calendar month.
                fixture.MoveTo(fixture.Clock.GetUtcNow().AddDays(10));
            }

            await evening.ManagerRecord("K008").SignIn(evening.Desk);
        }

        fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K008").GetManager(TestActors.Auditor);

        var view = (await evening.ManagerRecord("K008").GetManager(TestActors.Auditor)).Value!;
        var fine = Assert.Single(view.Ledger, e => e.Rule == "LG-2");
        Assert.Equal((50m, LedgerStatus.Confirmed, Actor.System), (fine.Amount!.Value, fine.Status, fine.RecordedBy));
        Assert.Equal(3, view.History.Count(h => h.Rule == "LG-2" && h.What.StartsWith("no daily log", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TG2_fewer_than_7_new_customers_by_the_15th_is_flagged()
    {
        var evening = await fixture.NewEvening();
        var now = fixture.Clock.GetUtcNow().ToOffset(EveningFixture.China);
        var fifteenth = new DateTimeOffset(now.Year, now.Month, 15, 17, 0, 0, EveningFixture.China);
        var day = fifteenth > now ? fifteenth : fifteenth.AddMonths(1);
        fixture.MoveTo(day);
        var phone = "136" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await evening.ManagerRecord("K007").SubmitLog(Manager(evening), FullLog(new NewCustomer("甲", phone)));

        // The 15th's business day ends at 06:00 on the 16th.
        fixture.MoveTo(new DateTimeOffset(day.Year, day.Month, 16, 6, 0, 1, EveningFixture.China));
        var view = (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!;

        var flag = Assert.Single(view.History, h => h.Rule == "TG-2" && h.At > day);
        Assert.Contains("only 1 new customers", flag.What);
    }
}
