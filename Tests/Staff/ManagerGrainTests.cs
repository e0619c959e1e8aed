using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Staff;

/// <summary>Account managers' replies, ledger and card, through the grains on a fake clock.</summary>
public sealed class ManagerGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor Manager(Evening evening, string badge) => new($"m-{badge}", Roles.Manager, "李娜", badge, [evening.VenueId], "ktv");

    private static async Task<ManagerView> Record(Evening evening, string badge = "K007") =>
        (await evening.ManagerRecord(badge).GetManager(TestActors.Auditor)).Value!;

    [Fact]
    public async Task WD5_a_reply_at_exactly_five_minutes_is_on_time()
    {
        var evening = await fixture.NewEvening();
        var sent = fixture.NextDayAt(20, 0);
        var message = (await evening.ManagerRecord("K007").SendMessage(evening.DepartmentManager, "来前台")).Value!;
        Assert.Equal(sent.AddMinutes(5), message.ReplyBy);

        fixture.MoveTo(sent.AddMinutes(5));
        var reply = await evening.ManagerRecord("K007").Reply(Manager(evening, "K007"), message.Id, "马上到", null, null);

        Assert.Equal(sent.AddMinutes(5), reply.Value!.RepliedAt);
        Assert.Empty((await Record(evening)).Ledger);
    }

    [Fact]
    public async Task WD5_a_missed_reply_is_leaving_the_post_fined_100_stamped_with_its_deadline_by_the_alarm()
    {
        var evening = await fixture.NewEvening();
        var sent = fixture.NextDayAt(20, 0);
        var message = (await evening.ManagerRecord("K007").SendMessage(evening.DepartmentManager, "来前台")).Value!;

        fixture.MoveTo(sent.AddMinutes(5).AddSeconds(1));
        await Infrastructure.TestSilo.Eventually(
            async () => (await evening.ManagerRecord("K007").GetManager(TestActors.Auditor)).Value!.Ledger.Count == 1,
            TimeSpan.FromSeconds(20),
            "the missed reply is fined");

        var fine = Assert.Single((await Record(evening)).Ledger);
        Assert.Equal((LedgerKind.Fine, "WD-5", 100m, LedgerStatus.Confirmed, message.ReplyBy, Actor.System), (fine.Kind, fine.Rule, fine.Amount!.Value, fine.Status, fine.At, fine.RecordedBy));
        var late = await evening.ManagerRecord("K007").Reply(Manager(evening, "K007"), message.Id, "sorry", null, null);
        Assert.Equal(("WD-5", RefusalKind.Conflict), (late.Refusal!.Rule, late.Refusal.Kind));
    }

    [Fact]
    public async Task WD5_a_second_miss_in_a_month_recommends_suspension_and_once_confirmed_the_manager_cannot_book()
    {
        var evening = await fixture.NewEvening();
        var record = evening.ManagerRecord("K008");
        var first = fixture.NextDayAt(20, 0);
        await record.SendMessage(evening.DepartmentManager, "第一次");
        fixture.MoveTo(first.AddMinutes(6));
        await record.GetManager(TestActors.Auditor);
        var second = Local(first, 22, 0);
        fixture.MoveTo(second);
        await record.SendMessage(evening.DepartmentManager, "第二次");
        fixture.MoveTo(second.AddMinutes(6));

        var view = (await record.GetManager(TestActors.Auditor)).Value!;
        Assert.Equal(2, view.Ledger.Count(e => e.Kind == LedgerKind.Fine && e.Rule == "WD-5"));
        var suspension = Assert.Single(view.Ledger, e => e.Kind == LedgerKind.Suspension);
        Assert.Equal(LedgerStatus.Recommended, suspension.Status);
        Assert.Null(await record.MayBook(VenueKind.Ktv));

        Assert.Equal(RefusalKind.Forbidden, (await record.Decide(Manager(evening, "K008"), suspension.Id, true, null)).Refusal!.Kind);
        var confirmed = (await record.Decide(evening.DepartmentManager, suspension.Id, true, "two missed replies")).Value!;
        Assert.Equal((LedgerStatus.Confirmed, "dm-1"), (confirmed.Status, confirmed.DecidedBy!.Subject));

        var refused = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, Evening.Request("k01", badge: "K008"));
        Assert.Equal((RefusalKind.Forbidden, "DS-4"), (refused.Refusal!.Kind, refused.Refusal.Rule));
    }

    [Fact]
    public async Task DS4_the_manager_grain_shows_a_record_to_its_manager_and_supervisors_only()
    {
        var evening = await fixture.NewEvening();
        var manager = evening.ManagerRecord("K007");

        Assert.Equal("K007", (await manager.GetManager(Manager(evening, "K007"))).Value!.Profile.Badge);
        Assert.Equal("K007", (await manager.GetManager(evening.DepartmentManager)).Value!.Profile.Badge);
        var otherManager = (await manager.GetManager(Manager(evening, "K008"))).Refusal!;
        Assert.Equal((RefusalKind.Forbidden, "DS-4"), (otherManager.Kind, otherManager.Rule));
        Assert.Equal(RefusalKind.Forbidden, (await manager.GetManager(evening.Desk)).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, (await manager.GetManager(evening.DepartmentManager with { Venues = ["elsewhere"] })).Refusal!.Kind);
    }

    [Fact]
    public async Task A_manager_cannot_reply_to_another_managers_message_or_sign_their_card()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var message = (await evening.ManagerRecord("K007").SendMessage(evening.DepartmentManager, "来前台")).Value!;

        var reply = await evening.ManagerRecord("K007").Reply(Manager(evening, "K008"), message.Id, "我替他回", null, null);
        var sign = await evening.ManagerRecord("K007").SignCard(Manager(evening, "K008"));
        var send = await evening.ManagerRecord("K007").SendMessage(Manager(evening, "K008"), "hi");

        Assert.Equal(RefusalKind.Forbidden, reply.Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, sign.Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, send.Refusal!.Kind);
        Assert.Null((await Record(evening)).Messages.Single().RepliedAt);
    }

    [Fact]
    public async Task A_booking_for_an_unregistered_badge_is_refused_naming_the_field()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);

        var refused = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, Evening.Request("k01", badge: "K404"));

        Assert.Equal(("bookerBadge", "BK-1"), (refused.Refusal!.Fields![0].Field, refused.Refusal.Fields[0].Rule));
    }

    [Fact]
    public async Task DS1_a_quarrel_is_fined_within_the_policys_range_and_a_serious_one_recommends_dismissal()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var record = evening.ManagerRecord("K007");

        Assert.Equal("amount", (await record.RecordViolation(evening.DepartmentManager, new ViolationDraft("DS-1", 100m, Evidence: "argued with a waiter"))).Refusal!.Fields![0].Field);
        var fine = (await record.RecordViolation(evening.DepartmentManager, new ViolationDraft("DS-1", 300m, Evidence: "argued with a waiter"))).Value!;
        var serious = (await record.RecordViolation(evening.DepartmentManager, new ViolationDraft("DS-1", Serious: true, Evidence: "fight in room k02"))).Value!;

        Assert.Equal((LedgerKind.Fine, 300m, LedgerStatus.Confirmed, "dm-1", "argued with a waiter"), (fine.Kind, fine.Amount!.Value, fine.Status, fine.RecordedBy.Subject, fine.Evidence));
        Assert.Equal((LedgerKind.Dismissal, LedgerStatus.Recommended), (serious.Kind, serious.Status));
        Assert.Equal(ManagerStatus.Active, (await Record(evening)).Profile.Status);
        await record.Decide(evening.Gm, serious.Id, true, "confirmed by the GM");
        Assert.Equal(ManagerStatus.Dismissed, (await Record(evening)).Profile.Status);
    }

    [Fact]
    public async Task DS2_asking_for_tips_is_fined_five_times_then_ten_times_then_dismissal_is_recommended()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var record = evening.ManagerRecord("K007");
        var draft = new ViolationDraft("DS-2", Tip: 200m, Evidence: "guest in k01 complained");

        var first = (await record.RecordViolation(evening.DepartmentManager, draft)).Value!;
        var second = (await record.RecordViolation(evening.DepartmentManager, draft)).Value!;
        var third = (await record.RecordViolation(evening.DepartmentManager, draft)).Value!;

        Assert.Equal((1000m, 2000m), (first.Amount!.Value, second.Amount!.Value));
        Assert.Equal((LedgerKind.Dismissal, LedgerStatus.Recommended), (third.Kind, third.Status));
        Assert.Equal("tip", (await record.RecordViolation(evening.DepartmentManager, new ViolationDraft("DS-2", Evidence: "x"))).Refusal!.Fields![0].Field);
    }

    [Fact]
    public async Task PF1_a_checked_out_booking_credits_the_bookers_card_once_and_PF2_signing_keeps_it()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(booking.Id).Seat(evening.Desk);
        await evening.Booking(booking.Id).CheckOut(evening.Desk, 3000m);
        var retry = await evening.Booking(booking.Id).CheckOut(evening.Desk, 3000m);
        Assert.True(retry.Succeeded);

        var slip = Assert.Single((await Record(evening)).Card);
        Assert.Equal((booking.Id, 3000m), (slip.BookingId, slip.Spend));
        Assert.Equal(Local(start, 6, 0).AddDays(2), slip.SignBy);

        fixture.MoveTo(Local(start, 6, 0).AddDays(2));
        var signed = (await evening.ManagerRecord("K007").SignCard(new Actor("m-7", Roles.Manager, Badge: "K007", Venues: [evening.VenueId]))).Value!;
        Assert.Equal(Local(start, 6, 0).AddDays(2), Assert.Single(signed).SignedAt);
    }

    [Fact]
    public async Task PF2_a_slip_not_signed_by_the_end_of_the_next_business_day_is_void()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(17, 50);

        // Signed in: a manager who never signs in is absent at the day's close (WD-2), which voids the slip first.
        Assert.True((await evening.ManagerRecord("K007").SignIn(evening.Desk)).Succeeded);
        fixture.MoveTo(Local(start, 20, 0));
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(booking.Id).Seat(evening.Desk);
        await evening.Booking(booking.Id).CheckOut(evening.Desk, 1000m);

        fixture.MoveTo(Local(start, 6, 0).AddDays(2).AddSeconds(1));
        await Infrastructure.TestSilo.Eventually(
            async () => (await Record(evening)).Card.Single().Void,
            TimeSpan.FromSeconds(20),
            "the unsigned slip turns void at its deadline");

        Assert.Equal("PF-2", (await Record(evening)).History[^1].Rule);
        Assert.Equal("PF-2", (await evening.ManagerRecord("K007").SignCard(Manager(evening, "K007"))).Refusal!.Rule);
    }

    [Fact]
    public async Task BK4_the_cheating_fine_lands_in_the_bookers_ledger_as_a_recommendation_once()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        fixture.MoveTo(Local(start, 21, 10));
        await evening.IndexShows(booking, BookingStatus.Released);
        var check = new LateArrivalCheck(false, "not the booked guest");

        await evening.Booking(booking.Id).LateArrival(evening.Desk, check);
        await evening.Booking(booking.Id).LateArrival(evening.Desk, check);

        var fine = Assert.Single((await Record(evening)).Ledger);
        Assert.Equal(("BK-4", 500m, LedgerStatus.Recommended, "desk-1"), (fine.Rule, fine.Amount!.Value, fine.Status, fine.RecordedBy.Subject));
    }

    [Fact]
    public async Task DS3_an_instruction_is_carried_out_first_and_objected_to_after()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var record = evening.ManagerRecord("K007");
        var message = (await record.SendMessage(evening.DepartmentManager, "转到迪厅帮忙")).Value!;

        var early = await record.RaiseObjection(Manager(evening, "K007"), message.Id, "I have guests in k01");
        Assert.Equal(("DS-3", RefusalKind.Conflict), (early.Refusal!.Rule, early.Refusal.Kind));

        await record.Reply(Manager(evening, "K007"), message.Id, "去了", null, null);
        var objected = (await record.RaiseObjection(Manager(evening, "K007"), message.Id, "I have guests in k01")).Value!;
        Assert.Equal("I have guests in k01", objected.Objection);
        Assert.Equal("DS-3", (await Record(evening)).History[^1].Rule);
    }
}
