using ClubGrains.Shifts;
using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Shifts;

/// <summary>A department's shift on a business day, fed by the managers' day records, closed at the day's end.</summary>
public sealed class ShiftGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor Manager(Evening evening, string badge) => new($"m-{badge}", Roles.Manager, "李娜", badge, [evening.VenueId], "ktv");

    private static IShiftGrain Shift(EveningFixture fixture, Evening evening, DateOnly day) =>
        fixture.Grains.GetGrain<IShiftGrain>(GrainKeys.Shift(evening.VenueId, VenueKind.Ktv, day));

    private static async Task<ShiftView> Eventually(EveningFixture fixture, Evening evening, DateOnly day, Func<ShiftView, bool> condition, string because)
    {
        ShiftView? view = null;
        await TestSilo.Eventually(async () => condition(view = (await Shift(fixture, evening, day).GetShift(evening.DepartmentManager)).Value!), TimeSpan.FromSeconds(20), because);
        return view!;
    }

    [Fact]
    public async Task WD1_sign_ins_show_on_the_department_shift_with_their_times_and_lateness()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 50);
        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!.BusinessDay;
        fixture.MoveTo(Local(start, 18, 10));
        await evening.ManagerRecord("K008").SignIn(evening.Desk);

        var shift = await Eventually(fixture, evening, day, s => s.SignedIn == 2, "both sign-ins reach the shift");

        Assert.Equal((Local(start, 18, 0), 1, 0), (shift.SignInBy, shift.Late, shift.Absent));
        Assert.Empty(shift.NotSignedIn);
        var (onTime, late) = (shift.Members.Single(m => m.Badge == "K007"), shift.Members.Single(m => m.Badge == "K008"));
        Assert.Equal((start, false), (onTime.Day!.SignedInAt!.Value, onTime.Day.Late));
        Assert.Equal((Local(start, 18, 10), true, "WD-2"), (late.Day!.SignedInAt!.Value, late.Day.Late, late.Day.CreditCancelledBy));
    }

    [Fact]
    public async Task WD2_a_manager_who_never_signs_in_is_absent_when_the_shift_closes_at_the_days_end_and_the_fine_awaits_confirmation()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 55);
        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!.BusinessDay;
        var open = await Eventually(fixture, evening, day, s => s.SignedIn == 1, "the sign-in opens the shift");
        Assert.Equal(["K008"], open.NotSignedIn);

        fixture.MoveTo(open.ClosesAt.AddSeconds(1));
        var closed = await Eventually(fixture, evening, day, s => s.ClosedAt is not null, "the shift closes at the day's end");

        Assert.Equal(open.ClosesAt, closed.ClosedAt);
        Assert.Equal(1, closed.Absent);
        var noShow = closed.Members.Single(m => m.Badge == "K008").Day!;
        Assert.Equal((true, "WD-2"), (noShow.NoShow, noShow.CreditCancelledBy));
        var close = closed.History[^1];
        Assert.Equal((Actor.System, "WD-2", open.ClosesAt), (close.Actor, close.Rule, close.At));

        var record = (await evening.ManagerRecord("K008").GetManager(TestActors.Auditor)).Value!;
        var fine = Assert.Single(record.Ledger);
        Assert.Equal((LedgerStatus.Recommended, "WD-2", open.ClosesAt, Actor.System), (fine.Status, fine.Rule, fine.At, fine.RecordedBy));
        Assert.Empty((await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger);

        var confirmed = await evening.ManagerRecord("K008").Decide(evening.DepartmentManager, fine.Id, true, "no call, no show");
        Assert.Equal(LedgerStatus.Confirmed, confirmed.Value!.Status);
    }

    [Fact]
    public async Task WD2_a_manager_who_phoned_in_before_1800_is_excused_and_not_absent_at_the_close()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        var day = (await evening.ManagerRecord("K008").PhoneIn(Manager(evening, "K008"), "sick")).Value!.BusinessDay;
        await evening.ManagerRecord("K007").SignIn(evening.Desk);
        var open = await Eventually(fixture, evening, day, s => s.SignedIn == 1 && s.Members.Any(m => m.Day?.PhonedInAt is not null), "both days reach the shift");

        fixture.MoveTo(open.ClosesAt.AddSeconds(1));
        var closed = await Eventually(fixture, evening, day, s => s.ClosedAt is not null, "the shift closes at the day's end");

        Assert.Equal(0, closed.Absent);
        Assert.False(closed.Members.Single(m => m.Badge == "K008").Day!.NoShow);
        Assert.Empty((await evening.ManagerRecord("K008").GetManager(TestActors.Auditor)).Value!.Ledger);
    }

    [Fact]
    public async Task WD8_the_shift_counts_logs_and_contacts_and_only_those_who_run_it_read_it()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 30);
        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!.BusinessDay;
        fixture.MoveTo(fixture.Clock.GetUtcNow().AddHours(6));
        Assert.True((await evening.ManagerRecord("K007").SubmitLog(Manager(evening, "K007"), new DailyLogDraft(Contacts: 3, Feedback: ["包厢音响好"]))).Succeeded);

        var shift = await Eventually(fixture, evening, day, s => s.LogsIn == 1, "the log reaches the shift");

        Assert.Equal(3, shift.Contacts);
        Assert.True(shift.Members.Single(m => m.Badge == "K007").Log!.TooFewContacts);
        Assert.Equal(RefusalKind.Forbidden, (await Shift(fixture, evening, day).GetShift(Manager(evening, "K007"))).Refusal!.Kind);
        Assert.True((await Shift(fixture, evening, day).GetShift(evening.Desk)).Succeeded);
    }

    [Fact]
    public async Task PF2_the_shift_shows_the_days_card_slips_still_to_sign()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 40);
        var day = (await evening.ManagerRecord("K007").SignIn(evening.Desk)).Value!.BusinessDay;
        fixture.MoveTo(Local(start, 20, 40));
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        Assert.True((await evening.Booking(booking.Id).Seat(evening.Desk)).Succeeded);
        Assert.True((await evening.Booking(booking.Id).CheckOut(evening.Desk, 888m)).Succeeded);

        var credited = await Eventually(fixture, evening, day, s => s.CardSlipsToSign == 1, "the credited slip shows on the shift");
        Assert.Equal(1, credited.Members.Single(m => m.Badge == "K007").CardSlipsToSign);

        Assert.True((await evening.ManagerRecord("K007").SignCard(Manager(evening, "K007"))).Succeeded);
        await Eventually(fixture, evening, day, s => s.CardSlipsToSign == 0, "the signed slip leaves the shift's count");
    }
}
