using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Staff;

/// <summary>The account managers' working day (WD-1 to WD-7) at its clock edges, in a Shanghai venue.</summary>
public sealed class WorkingDayTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor Manager(Evening evening, string badge = "K007") => new($"m-{badge}", Roles.Manager, "李娜", badge, [evening.VenueId], "ktv");

    [Fact]
    public async Task WD1_a_sign_in_at_180000_is_on_time()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(18, 0, 0);

        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!;

        Assert.False(day.Late);
        Assert.Empty((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger);
        Assert.Null(await evening.ManagerRecord("K007").MayBook(VenueKind.Ktv));
    }

    [Fact]
    public async Task WD2_a_sign_in_at_180001_without_phoning_is_late_fined_50_with_no_new_bookings_and_no_credit_that_day()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 30);
        var earlier = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(earlier.Id).Seat(evening.Desk);
        fixture.MoveTo(Local(start, 18, 0, 1));

        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!;

        Assert.True(day.Late);
        var view = (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!;
        var fine = Assert.Single(view.Ledger);
        Assert.Equal(("WD-2", 50m, LedgerStatus.Confirmed), (fine.Rule, fine.Amount!.Value, fine.Status));
        var refused = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, Evening.Request("k02"));
        Assert.Equal((RefusalKind.Forbidden, "WD-2"), (refused.Refusal!.Kind, refused.Refusal.Rule));

        // The existing booking stands, without credit.
        var done = (await evening.Booking(earlier.Id).CheckOut(evening.Desk, 800m)).Value!;
        Assert.Equal(BookingStatus.CheckedOut, done.Status);
        Assert.True(Assert.Single((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Card).Void);
    }

    [Fact]
    public async Task WD2_a_manager_who_phoned_in_before_1800_is_excused()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 59, 59);
        await evening.ManagerRecord("K007").PhoneIn(Manager(evening), "stuck at the hospital");
        fixture.MoveTo(Local(start, 19, 0));

        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!;

        Assert.False(day.Late);
        Assert.Empty((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger);
    }

    [Fact]
    public async Task WD7_seven_late_sign_ins_in_a_row_are_escalated_for_review()
    {
        var evening = await fixture.NewEvening();
        for (var i = 0; i < 7; i++)
        {
            fixture.NextDayAt(18, 10);
            await evening.ManagerRecord("K008").SignIn(evening.Desk);
        }

        var view = (await evening.ManagerRecord("K008").GetManager(TestActors.Auditor)).Value!;
        Assert.Equal(7, view.LateStreak);
        Assert.Single(view.History, h => h.Rule == "WD-7");

        fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K008").SignIn(evening.Desk);
        Assert.Equal(0, (await evening.ManagerRecord("K008").GetManager(TestActors.Auditor)).Value!.LateStreak);
    }

    [Fact]
    public async Task WD4_meal_leave_needs_an_hour_of_notice()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(18, 0);

        var late = await evening.ManagerRecord("K007").RequestMealLeave(Manager(evening), Local(start, 18, 59, 59));
        var fine = await evening.ManagerRecord("K007").RequestMealLeave(Manager(evening), Local(start, 19, 0));

        Assert.Equal(("from", "WD-4"), (late.Refusal!.Fields![0].Field, late.Refusal.Fields[0].Rule));
        Assert.Equal(Local(start, 20, 30), fine.Value!.MealReturnBy);
    }

    [Fact]
    public async Task WD4_not_back_from_a_meal_by_2030_is_absence_and_cancels_the_days_credit()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K007").SignIn(evening.Desk);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(booking.Id).Seat(evening.Desk);
        await evening.Booking(booking.Id).CheckOut(evening.Desk, 1500m);
        await evening.ManagerRecord("K007").RequestMealLeave(Manager(evening), Local(start, 18, 30));

        fixture.MoveTo(Local(start, 20, 30));
        Assert.False(Assert.Single((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Card).Void);
        fixture.MoveTo(Local(start, 20, 30, 1));
        await TestSilo.Eventually(
            async () => (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Card.Single().Void,
            TimeSpan.FromSeconds(20),
            "the meal deadline cancels the day's credit");

        var view = (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!;
        Assert.Contains(view.History, h => h.Rule == "WD-4" && h.At == Local(start, 20, 30) && h.Actor == Actor.System);
        Assert.Equal("WD-4", (await evening.ManagerRecord("K007").MayBook(VenueKind.Ktv))!.Rule);
    }

    [Fact]
    public async Task WD3_WD6_early_leave_or_a_bad_mood_is_a_days_absence_recorded_by_the_department_manager()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(21, 0);

        Assert.Equal(RefusalKind.Forbidden, (await evening.ManagerRecord("K007").RecordAbsence(evening.Desk, "WD-6", "sulking")).Refusal!.Kind);
        Assert.Equal(["rule", "evidence"], (await evening.ManagerRecord("K007").RecordAbsence(evening.DepartmentManager, "WD-9", null)).Refusal!.Fields!.Select(f => f.Field));
        var mood = (await evening.ManagerRecord("K007").RecordAbsence(evening.DepartmentManager, "WD-6", "snapped at guests in k02")).Value!;
        var early = (await evening.ManagerRecord("K008").RecordAbsence(evening.DepartmentManager, "WD-3", "left at 21:00 without leave")).Value!;

        Assert.Equal("WD-6", mood.CreditCancelledBy);
        Assert.Equal("WD-3", early.CreditCancelledBy);
        Assert.Equal(("WD-6", 50m), ((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger.Single().Rule, (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger.Single().Amount!.Value));
    }

    [Fact]
    public async Task WD2_not_coming_at_all_without_a_call_is_absence_at_least_as_harsh_as_lateness()
    {
        var evening = await fixture.NewEvening(global::ClubGrains.Venues.VenuePolicy.Default with { Workday = new global::ClubGrains.Venues.WorkdayPolicy { LateFine = 50m, AbsenceFine = 80m } });
        fixture.NextDayAt(23, 0);

        var absent = (await evening.ManagerRecord("K007").RecordAbsence(evening.DepartmentManager, "WD-2", "never came, no call")).Value!;

        Assert.Equal("WD-2", absent.CreditCancelledBy);
        Assert.Equal(80m, (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger.Single().Amount);
        Assert.Equal("WD-2", (await evening.ManagerRecord("K007").MayBook(VenueKind.Ktv))!.Rule);
    }
}
