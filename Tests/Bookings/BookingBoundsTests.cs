using ClubGrains.Customers;
using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;

namespace ClubGrains.Tests.Bookings;

/// <summary>
/// What a client writes is bounded (Limits): texts over their bound are refused naming the field,
/// commands that do not apply to the state are refused with their rule, and the lists a client's
/// commands grow stop at their bound, so no record can be grown without end.
/// </summary>
public sealed class BookingBoundsTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static readonly string TooLongReason = new('x', Limits.Reason + 1);

    [Fact]
    public async Task BK5_a_late_arrival_after_the_bookers_cancellation_needs_a_reason_and_is_recorded_once()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(booking.Id).Cancel(evening.Desk, atBookersRequest: true, null);

        var missing = (await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck())).Refusal!;
        var tooLong = (await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck(Reason: TooLongReason))).Refusal!;
        var recorded = (await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck(Reason: "came anyway"))).Value!;
        var again = (await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck(Reason: "came anyway"))).Refusal!;

        Assert.Equal((RefusalKind.Invalid, "reason"), (missing.Kind, missing.Fields!.Single().Field));
        Assert.Equal((RefusalKind.Invalid, "reason"), (tooLong.Kind, tooLong.Fields!.Single().Field));
        Assert.Equal((RefusalKind.Conflict, "BK-5"), (again.Kind, again.Rule));
        Assert.Equal(recorded.History.Count, (await evening.Booking(booking.Id).GetBooking(evening.Desk)).Value!.History.Count);
    }

    [Fact]
    public async Task BK6_a_second_cancellation_request_is_refused_and_a_reason_over_500_characters_names_the_field()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        var tooLong = (await evening.Booking(booking.Id).RequestCancellation(evening.Manager, TooLongReason)).Refusal!;
        var asked = (await evening.Booking(booking.Id).RequestCancellation(evening.Manager, new string('x', Limits.Reason))).Value!;
        var again = (await evening.Booking(booking.Id).RequestCancellation(evening.Manager, "again")).Refusal!;

        Assert.Equal("reason", tooLong.Fields!.Single().Field);
        Assert.Equal((RefusalKind.Conflict, "BK-6"), (again.Kind, again.Rule));
        Assert.Equal(asked.Version, (await evening.Booking(booking.Id).GetBooking(evening.Desk)).Value!.Version);
    }

    [Fact]
    public async Task BK1_names_notes_and_rooms_over_their_bounds_are_refused_naming_each_field()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var request = Evening.Request(new string('k', Limits.Id + 1), guest: new string('王', Limits.Name + 1)) with { Notes = new string('n', Limits.Notes + 1) };

        var refused = (await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, request)).Refusal!;
        var walkIn = (await evening.Booking(Guid.NewGuid().ToString("N")).PlaceWalkIn(evening.Desk, new WalkInRequest("k01", new string('王', Limits.Name + 1)))).Refusal!;

        Assert.Equal(["guestName", "notes", "roomId"], refused.Fields!.Select(f => f.Field).Order(StringComparer.Ordinal));
        Assert.Equal("guestName", walkIn.Fields!.Single().Field);
    }

    [Fact]
    public async Task A_booking_whose_history_is_full_refuses_further_commands_with_409()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        var current = (await evening.Booking(booking.Id).Seat(evening.Desk)).Value!;
        while (current.History.Count < Limits.BookingHistory)
        {
            var moved = await evening.Booking(booking.Id).Transfer(evening.Desk, current.RoomId == "k01" ? "k02" : "k01");
            Assert.True(moved.Succeeded, moved.Refusal?.Message);
            current = moved.Value!;
        }

        var refused = (await evening.Booking(booking.Id).Transfer(evening.Desk, current.RoomId == "k01" ? "k02" : "k01")).Refusal!;

        Assert.Equal((RefusalKind.Conflict, "BK-6"), (refused.Kind, refused.Rule));
        Assert.Equal(Limits.BookingHistory, (await evening.Booking(booking.Id).GetBooking(evening.Desk)).Value!.History.Count);
    }

    [Fact]
    public async Task WD5_messages_to_one_manager_stop_at_their_bound_within_24_hours_and_a_long_text_names_the_field()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(19, 0);
        var record = evening.ManagerRecord("K007");

        Assert.Equal("text", (await record.SendMessage(evening.DepartmentManager, new string('x', Limits.Text + 1))).Refusal!.Fields!.Single().Field);
        for (var i = 0; i < Limits.PerManagerPerDay; i++)
        {
            Assert.True((await record.SendMessage(evening.DepartmentManager, $"call the guest of k0{i % 4}")).Succeeded);
        }

        var refused = (await record.SendMessage(evening.DepartmentManager, "one more")).Refusal!;
        Assert.Equal((RefusalKind.Conflict, "WD-5"), (refused.Kind, refused.Rule));

        fixture.MoveTo(fixture.Clock.GetUtcNow().AddHours(25));
        Assert.True((await record.SendMessage(evening.DepartmentManager, "a new day")).Succeeded);
    }

    [Fact]
    public async Task WD2_a_second_phone_in_the_same_day_is_refused_and_adds_nothing()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        var record = evening.ManagerRecord("K007");
        var manager = evening.Manager;

        Assert.Equal("reason", (await record.PhoneIn(manager, TooLongReason)).Refusal!.Fields!.Single().Field);
        Assert.True((await record.PhoneIn(manager, "sick")).Succeeded);
        var history = (await record.GetManager(evening.DepartmentManager)).Value!.History.Count;

        Assert.Equal((RefusalKind.Conflict, "WD-2"), ((await record.PhoneIn(manager, "sick")).Refusal!.Kind, (await record.PhoneIn(manager, "sick")).Refusal!.Rule));
        Assert.Equal(history, (await record.GetManager(evening.DepartmentManager)).Value!.History.Count);
    }

    [Fact]
    public async Task LG1_a_daily_log_with_more_entries_than_its_bound_is_refused_naming_the_list()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K007").SignIn(evening.Desk);
        var feedback = Enumerable.Repeat("liked the room", Limits.LogItems + 1).ToArray();

        var refused = (await evening.ManagerRecord("K007").SubmitLog(evening.Manager, new DailyLogDraft([], new Gifts(), [], feedback, new string('e', Limits.Text + 1), 6))).Refusal!;

        Assert.Equal(["feedback", "specialEvents"], refused.Fields!.Select(f => f.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CR1_notes_on_a_customer_stop_at_their_bound_per_venue_within_24_hours()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var file = fixture.Grains.GetGrain<ICustomerGrain>(PhoneNumbers.Normalize("139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture))!);
        for (var i = 0; i < Limits.CustomerNotesPerDay; i++)
        {
            Assert.True((await (i % 2 == 0 ? file.AddFeedback(evening.Desk, evening.VenueId, "liked k01") : file.RecordComplaint(evening.Desk, evening.VenueId, "too loud"))).Succeeded);
        }

        var refused = (await file.AddFeedback(evening.Desk, evening.VenueId, "one more")).Refusal!;

        Assert.Equal((RefusalKind.Conflict, "CR-1"), (refused.Kind, refused.Rule));
        Assert.True((await file.AddFeedback(other.Desk, other.VenueId, "another venue's own note")).Succeeded);
    }
}
