using ClubGrains.Tests.Rooms;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>The booking rules through the grains, on a fake clock in a Shanghai venue.</summary>
public sealed class BookingGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    [Fact]
    public async Task BK2_booking_assigned_before_2045_is_released_at_2100_by_the_alarm_stamped_with_its_deadline()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        Assert.Equal((BookingStatus.Held, Local(start, 21, 0), "BK-2"), (booking.Status, booking.HoldUntil!.Value, booking.HoldRule));

        fixture.MoveTo(Local(start, 21, 0));
        await Task.Delay(300);
        Assert.Contains((await evening.Day(booking.BusinessDay).List(evening.Desk, null, BookingStatus.Held)).Value!, b => b.Id == booking.Id);

        fixture.MoveTo(Local(start, 21, 0, 1));
        await evening.IndexShows(booking, BookingStatus.Released);

        var released = (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal(Local(start, 21, 0), released.ReleasedAt);
        Assert.False(released.ReleasedAfterOutage);
        var last = released.History[^1];
        Assert.Equal((Actor.System, "BK-2", Local(start, 21, 0)), (last.Actor, last.Rule, last.At));
        Assert.Equal(RoomState.Free, (await evening.Board.GetBoard(evening.Desk)).Value!.Rooms!.Single(r => r.Id == "k01").State);
    }

    [Fact]
    public async Task BK2_a_guest_arriving_at_2100_exactly_is_seated()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 30);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        fixture.MoveTo(Local(start, 21, 0));
        var seated = await evening.Booking(booking.Id).Seat(evening.Desk);

        Assert.Equal(BookingStatus.Seated, seated.Value!.Status);
        Assert.Equal(Local(start, 21, 0), seated.Value.SeatedAt);
    }

    [Fact]
    public async Task BK3_booking_assigned_at_2045_is_held_20_minutes_and_released_after()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 45);
        var booking = await evening.Place(evening.Desk, Evening.Request("k02"));
        Assert.Equal((Local(start, 21, 5), "BK-3"), (booking.HoldUntil!.Value, booking.HoldRule));

        fixture.MoveTo(Local(start, 21, 5, 1));
        await evening.IndexShows(booking, BookingStatus.Released);
        var released = (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal(("BK-3", Local(start, 21, 5)), (released.History[^1].Rule, released.ReleasedAt!.Value));
    }

    [Fact]
    public async Task BK3_a_seat_after_the_deadline_is_refused_and_the_hold_is_never_shown_live()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(22, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        fixture.MoveTo(Local(start, 22, 20, 1));
        var board = (await evening.Board.GetBoard(evening.Desk)).Value!.Rooms!;
        Assert.Equal(RoomState.Free, board.Single(r => r.Id == "k01").State);
        var refused = await evening.Booking(booking.Id).Seat(evening.Desk);
        Assert.Equal(("BK-3", RefusalKind.Conflict), (refused.Refusal!.Rule, refused.Refusal.Kind));
        Assert.Equal(BookingStatus.Released, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.Status);
    }

    [Fact]
    public async Task BK2_a_policy_edited_during_the_evening_does_not_move_a_hold_in_force()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        var later = VenuePolicy.Default with { Bookings = new BookingPolicy { EarlyHoldUntil = new TimeOnly(22, 0), LaterWindowEnd = new TimeOnly(23, 0) } };
        Assert.True((await evening.Venue.SetPolicy(evening.Gm, later)).Succeeded);

        Assert.Equal(Local(start, 21, 0), (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.HoldUntil);
        var next = await evening.Place(evening.Desk, Evening.Request("k02"));
        Assert.Equal(Local(start, 22, 0), next.HoldUntil);
    }

    [Fact]
    public async Task BK7_a_held_room_cannot_be_opened_or_given_to_anyone_else_before_the_guest_arrives()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        var second = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, Evening.Request("k01", guest: "张三", phone: "13900139000"));
        var walkIn = await evening.Booking(Guid.NewGuid().ToString("N")).PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "路人"));

        Assert.Equal(("BK-7", RefusalKind.Conflict), (second.Refusal!.Rule, second.Refusal.Kind));
        Assert.Contains(booking.Id, second.Refusal.Message);
        Assert.Equal("BK-7", walkIn.Refusal!.Rule);
        Assert.Equal(booking.Id, (await evening.Room("k01").GetSnapshot()).Occupant!.BookingId);
    }

    [Fact]
    public async Task BK7_an_expired_hold_does_not_keep_the_room_from_the_next_guest()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(21, 30);
        var first = await evening.Place(evening.Desk, Evening.Request("k01"));

        fixture.MoveTo(Local(start, 21, 50, 1));
        var next = await evening.Place(evening.Desk, Evening.Request("k01", guest: "张三", phone: "13900139000"));

        Assert.Equal(BookingStatus.Held, next.Status);
        await evening.IndexShows(first, BookingStatus.Released);
    }

    [Fact]
    public async Task BK6_only_reception_assigns_seats_and_checks_out_even_when_the_grain_is_called_directly()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(19, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        foreach (var outsider in new[] { evening.Manager, evening.Partner, new Actor("dm-1", Roles.DepartmentManager, Venues: [evening.VenueId]), new Actor("op", Roles.Operator, Venues: [Actor.AllVenues]) })
        {
            Assert.Equal((RefusalKind.Forbidden, "BK-6"), ((await evening.Booking(booking.Id).Seat(outsider)).Refusal!.Kind, (await evening.Booking(booking.Id).Seat(outsider)).Refusal!.Rule));
            Assert.Equal(RefusalKind.Forbidden, (await evening.Room("k02").Hold(outsider, new RoomOccupant("x", BookingStatus.Held, "x", null, null, fixture.Clock.GetUtcNow(), null))).Refusal!.Kind);
        }

        Assert.Equal(BookingStatus.Held, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.Status);
    }

    [Fact]
    public async Task BK6_a_manager_cannot_place_a_booking_for_another_badge()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(19, 0);

        var refused = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Manager, Evening.Request(badge: "K008"));

        Assert.Equal((RefusalKind.Forbidden, "BK-6"), (refused.Refusal!.Kind, refused.Refusal.Rule));
    }

    [Fact]
    public async Task BK6_a_managers_booking_is_a_request_until_reception_assigns_the_room()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(19, 0);
        var request = await evening.Place(evening.Manager, Evening.Request("k03"));
        Assert.Equal((BookingStatus.Requested, (string?)null, BookingSource.Booker), (request.Status, request.RoomId, request.Source));

        var assigned = (await evening.Booking(request.Id).Assign(evening.Desk, null, null)).Value!;

        Assert.Equal((BookingStatus.Held, "k03", Local(start, 21, 0)), (assigned.Status, assigned.RoomId, assigned.HoldUntil!.Value));
        Assert.Equal(["m-7", "desk-1"], assigned.History.Select(h => h.Actor.Subject));
        Assert.False(assigned.AssignedAutomatically);
    }

    [Fact]
    public async Task BK6_an_automatic_assignment_where_the_policy_allows_it_is_recorded_as_such()
    {
        var evening = await fixture.NewEvening(VenuePolicy.Default with { Bookings = new BookingPolicy { AutomaticAssignment = true } });
        fixture.NextDayAt(19, 0);

        var booking = await evening.Place(evening.Partner, Evening.Request(roomType: "large"));

        Assert.Equal((BookingStatus.Held, "k03", true, BookingSource.PartnerSystem), (booking.Status, booking.RoomId, booking.AssignedAutomatically, booking.Source));
        Assert.Equal(Actor.System, booking.History[^1].Actor);
        Assert.Contains("automatically", booking.History[^1].What);
    }

    [Fact]
    public async Task BK1_a_booking_missing_details_is_refused_listing_every_field_and_nothing_is_stored()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(19, 0);
        var id = Guid.NewGuid().ToString("N");

        var refused = await evening.Booking(id).Place(evening.Desk, new BookingRequest(GuestName: "王小明", RoomId: "k01"));

        Assert.Equal(["guestPhone", "bookerDepartment", "bookerName", "bookerBadge"], refused.Refusal!.Fields!.Select(f => f.Field));
        Assert.Equal(RefusalKind.NotFound, (await evening.Booking(id).GetBooking(TestActors.Auditor)).Refusal!.Kind);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
    }

    [Fact]
    public async Task BK1_chinese_names_are_kept_exactly_and_the_phone_is_normalised()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(19, 0);

        var booking = await evening.Place(evening.Desk, Evening.Request("k01", guest: "欧阳娜娜", phone: "+86 138-0013-8000"));

        Assert.Equal(("欧阳娜娜", "+86 138-0013-8000", "+8613800138000"), (booking.GuestName, booking.GuestPhone, booking.GuestPhoneNormalized));
    }

    [Fact]
    public async Task BK5_after_the_bookers_cancellation_an_arrival_is_a_walk_in_with_no_credit()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        var asked = await evening.Booking(booking.Id).RequestCancellation(evening.Manager, "guest changed plans");
        Assert.NotNull(asked.Value!.CancellationRequestedAt);

        var cancelled = (await evening.Booking(booking.Id).Cancel(evening.Desk, atBookersRequest: true, null)).Value!;
        Assert.Equal((BookingStatus.Cancelled, CreditStatus.None, "BK-5"), (cancelled.Status, cancelled.Credit, cancelled.History[^1].Rule));
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);

        var arrival = (await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck(Reason: "came anyway"))).Value!;
        Assert.Equal((BookingStatus.Cancelled, CreditStatus.None, "BK-5"), (arrival.Status, arrival.Credit, arrival.History[^1].Rule));

        var walkIn = (await evening.Booking(Guid.NewGuid().ToString("N")).PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "王小明"))).Value!;
        var checkedOut = (await evening.Booking(walkIn.Id).CheckOut(evening.Desk, 1200m)).Value!;
        Assert.Equal((BookingSource.WalkIn, CreditStatus.None, (string?)null), (checkedOut.Source, checkedOut.Credit, checkedOut.BookerBadge));
    }

    [Fact]
    public async Task BK5_a_manager_cannot_cancel_only_ask_reception_to()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        var refused = await evening.Booking(booking.Id).Cancel(evening.Manager, atBookersRequest: true, null);
        var otherBooker = await evening.Booking(booking.Id).RequestCancellation(evening.Manager with { Badge = "K008", Subject = "m-8" }, null);

        Assert.Equal("BK-6", refused.Refusal!.Rule);
        Assert.Equal(RefusalKind.Forbidden, otherBooker.Refusal!.Kind);
        Assert.Equal(BookingStatus.Held, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.Status);
    }

    [Fact]
    public async Task BK8_releasing_a_live_hold_for_another_reason_needs_the_gm_or_an_authorised_supervisor_and_a_reason()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));

        Assert.Equal("BK-8", (await evening.Booking(booking.Id).Cancel(evening.Desk, atBookersRequest: false, "VIP needs the room")).Refusal!.Rule);
        Assert.Equal("BK-8", (await evening.Booking(booking.Id).Cancel(evening.Supervisor, atBookersRequest: false, "VIP needs the room")).Refusal!.Rule);
        Assert.Equal("reason", (await evening.Booking(booking.Id).Cancel(evening.Gm, atBookersRequest: false, null)).Refusal!.Fields![0].Field);

        var released = (await evening.Booking(booking.Id).Cancel(evening.Gm, atBookersRequest: false, "VIP needs the room")).Value!;
        Assert.Equal((BookingStatus.Cancelled, "BK-8", "VIP needs the room", "gm-1"), (released.Status, released.History[^1].Rule, released.History[^1].Reason, released.History[^1].Actor.Subject));
    }

    [Fact]
    public async Task BK8_an_authorised_supervisor_extends_a_hold_past_the_policy()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        var until = Local(start, 21, 30);

        Assert.Equal("BK-8", (await evening.Booking(booking.Id).ExtendHold(evening.Supervisor, until, "stuck in traffic")).Refusal!.Rule);
        await evening.Venue.AuthoriseSupervisor(evening.Gm, new AuthorisationDraft("sup-1", [OverrideScope.ExtendHold], start.AddHours(5), "Friday"));

        var extended = (await evening.Booking(booking.Id).ExtendHold(evening.Supervisor, until, "stuck in traffic")).Value!;
        Assert.Equal((until, "BK-8"), (extended.HoldUntil!.Value, extended.History[^1].Rule));
        Assert.Equal(until, (await evening.Room("k01").GetSnapshot()).Occupant!.HoldUntil);

        fixture.MoveTo(Local(start, 21, 10));
        Assert.Equal(BookingStatus.Seated, (await evening.Booking(booking.Id).Seat(evening.Desk)).Value!.Status);
    }

    [Fact]
    public async Task BK8_the_gm_reinstates_a_released_booking_in_a_free_room()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(21, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        fixture.MoveTo(Local(start, 21, 20, 1));
        await evening.IndexShows(booking, BookingStatus.Released);

        Assert.Equal("BK-8", (await evening.Booking(booking.Id).Reinstate(evening.Desk, "k02", "guest called ahead")).Refusal!.Rule);
        var reinstated = (await evening.Booking(booking.Id).Reinstate(evening.Gm, "k02", "guest called ahead")).Value!;

        Assert.Equal((BookingStatus.Held, "k02", Local(start, 21, 40, 1)), (reinstated.Status, reinstated.RoomId, reinstated.HoldUntil!.Value));
        Assert.Equal("BK-8", reinstated.History[^1].Rule);
    }

    [Fact]
    public async Task BK4_a_late_arrival_that_matches_is_reseated_and_still_counts_for_the_original_booker()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        fixture.MoveTo(Local(start, 21, 15));
        await evening.IndexShows(booking, BookingStatus.Released);

        var missing = await evening.Booking(booking.Id).LateArrival(evening.Desk, new LateArrivalCheck());
        Assert.Equal(["detailsMatch", "reason"], missing.Refusal!.Fields!.Select(f => f.Field));

        var check = new LateArrivalCheck(true, "same name, ID card shown, phone 138 0013 8000", "k03", "王小明", "138 0013 8000");
        var seated = (await evening.Booking(booking.Id).LateArrival(evening.Desk, check)).Value!;
        Assert.Equal((BookingStatus.Seated, "k03", true, "BK-4"), (seated.Status, seated.RoomId, seated.LateArrival, seated.History[^1].Rule));
        Assert.Contains("same phone", seated.History[^1].Reason);

        var checkedOut = (await evening.Booking(booking.Id).CheckOut(evening.Desk, 3800m)).Value!;
        Assert.Equal((CreditStatus.Credited, "K007", 3800m), (checkedOut.Credit, checkedOut.BookerBadge, checkedOut.Spend!.Value));
    }

    [Fact]
    public async Task BK4_a_late_arrival_that_does_not_match_is_cheating_with_no_credit_and_a_recommended_fine()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        fixture.MoveTo(Local(start, 21, 15));
        await evening.IndexShows(booking, BookingStatus.Released);

        var check = new LateArrivalCheck(false, "different person, could not name the booker", null, "赵六", "13700137000");
        var voided = (await evening.Booking(booking.Id).LateArrival(evening.Desk, check)).Value!;

        Assert.Equal((BookingStatus.Void, CreditStatus.None), (voided.Status, voided.Credit));
        Assert.Equal(("BK-4", "K007", 500m, "CNY"), (voided.Fine!.Rule, voided.Fine.BookerBadge, voided.Fine.Amount, voided.Fine.Currency));
        Assert.Contains("another phone", voided.Fine.Evidence);
        Assert.Contains("recommended", voided.History[^1].What);
    }

    [Fact]
    public async Task BK9_a_transfer_keeps_the_booking_its_booker_and_its_spend_together()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        await evening.Booking(booking.Id).Seat(evening.Desk);

        var busy = await evening.Place(evening.Desk, Evening.Request("k02", guest: "张三", phone: "13900139000"));
        Assert.Equal("BK-7", (await evening.Booking(booking.Id).Transfer(evening.Desk, "k02")).Refusal!.Rule);

        var moved = (await evening.Booking(booking.Id).Transfer(evening.Desk, "k03")).Value!;
        Assert.Equal(("k03", BookingStatus.Seated, "K007", "BK-9"), (moved.RoomId, moved.Status, moved.BookerBadge, moved.History[^1].Rule));
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
        Assert.Equal(booking.Id, (await evening.Room("k03").GetSnapshot()).Occupant!.BookingId);

        var done = (await evening.Booking(booking.Id).CheckOut(evening.Desk, 2000m)).Value!;
        Assert.Equal((booking.Id, 2000m, CreditStatus.Credited), (done.Id, done.Spend!.Value, done.Credit));
        Assert.Equal(busy.Id, (await evening.Room("k02").GetSnapshot()).Occupant!.BookingId);
    }

    [Fact]
    public async Task BK10_checkout_records_the_spend_frees_the_room_and_credits_the_booker()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("t01"));
        await evening.Booking(booking.Id).Seat(evening.Desk);

        Assert.Equal("spend", (await evening.Booking(booking.Id).CheckOut(evening.Desk, -1m)).Refusal!.Fields![0].Field);
        var done = (await evening.Booking(booking.Id).CheckOut(evening.Desk, 1688.50m)).Value!;

        Assert.Equal((BookingStatus.CheckedOut, 1688.50m, CreditStatus.Credited, "BK-10"), (done.Status, done.Spend!.Value, done.Credit, done.History[^1].Rule));
        Assert.Null((await evening.Room("t01").GetSnapshot()).Occupant);
        var listed = Assert.Single((await evening.Day(booking.BusinessDay).List(evening.Desk, "K007", BookingStatus.CheckedOut)).Value!);
        Assert.Equal(1688.50m, listed.Spend);
    }

    [Fact]
    public async Task The_board_shows_every_room_with_its_state_guest_booker_and_seconds_left()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 50);
        var held = await evening.Place(evening.Desk, Evening.Request("k01"));
        var seated = await evening.Place(evening.Desk, Evening.Request("k02", guest: "张三", phone: "13900139000"));
        await evening.Booking(seated.Id).Seat(evening.Desk);
        fixture.MoveTo(Local(start, 21, 0));

        var board = (await evening.Board.GetBoard(evening.Desk)).Value!.Rooms!;

        Assert.Equal(["k01", "k02", "k03", "k04", "t01"], board.Select(r => r.Id));
        var k01 = board[0];
        Assert.Equal((RoomState.Held, held.Id, "王小明", "李娜", "K007", 600), (k01.State, k01.BookingId, k01.GuestName, k01.BookerName, k01.BookerBadge, k01.SecondsLeft!.Value));
        Assert.Equal((RoomState.Seated, (int?)null), (board[1].State, board[1].SecondsLeft));
        Assert.All(board.Skip(2), r => Assert.Equal(RoomState.Free, r.State));
    }

    [Fact]
    public async Task A_room_type_assignment_picks_a_free_room_of_that_type()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);

        var first = await evening.Place(evening.Desk, Evening.Request(roomType: "large"));
        var second = await evening.Place(evening.Desk, Evening.Request(roomType: "large", guest: "张三", phone: "13900139000"));
        var third = await evening.Booking(Guid.NewGuid().ToString("N")).Place(evening.Desk, Evening.Request(roomType: "large", guest: "李四", phone: "13700137000"));

        Assert.Equal(["k03", "k04"], new[] { first.RoomId!, second.RoomId! });
        Assert.Equal(RefusalKind.Conflict, third.Refusal!.Kind);
    }

    [Fact]
    public async Task Many_parallel_requests_on_few_rooms_never_put_two_parties_in_one_room_and_every_loser_is_told_why()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var rooms = new[] { "k01", "k02", "k03" };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            evening.Booking($"race-{i}").Place(evening.Desk, Evening.Request(rooms[i % 3], guest: $"客人{i}"))));

        var winners = attempts.Where(a => a.Succeeded).Select(a => a.Value!).ToArray();
        Assert.Equal(rooms, winners.Select(w => w.RoomId!).Order());
        Assert.All(attempts.Where(a => !a.Succeeded), a => Assert.Equal((RefusalKind.Conflict, "BK-7"), (a.Refusal!.Kind, a.Refusal.Rule)));
        foreach (var room in rooms)
        {
            Assert.Equal(winners.Single(w => w.RoomId == room).Id, (await evening.Room(room).GetSnapshot()).Occupant!.BookingId);
        }
    }

    [Fact]
    public async Task A_room_with_a_live_hold_cannot_be_removed_from_the_catalogue()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        await evening.Place(evening.Desk, Evening.Request("k01"));

        var refused = await evening.Venue.RemoveRoom(evening.Gm, "k01");

        Assert.Equal(RefusalKind.Conflict, refused.Refusal!.Kind);
        Assert.True((await evening.Venue.RemoveRoom(evening.Gm, "k04")).Succeeded);
        Assert.DoesNotContain((await evening.Board.GetBoard(evening.Desk)).Value!.Rooms!, r => r.Id == "k04");
    }

    [Fact]
    public async Task BK6_the_booking_and_day_grains_show_a_manager_only_their_own_bookings_and_nobody_a_foreign_venues()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var mine = await evening.Place(evening.Desk, Evening.Request("k01", badge: "K007"));
        var theirs = await evening.Place(evening.Desk, Evening.Request("k02", badge: "K008"));
        var stranger = evening.Desk with { Venues = ["elsewhere"] };

        Assert.Equal(mine.Id, (await evening.Booking(mine.Id).GetBooking(evening.Manager)).Value!.Id);
        var refused = (await evening.Booking(theirs.Id).GetBooking(evening.Manager)).Refusal!;
        Assert.Equal((RefusalKind.Forbidden, "BK-6"), (refused.Kind, refused.Rule));
        Assert.Equal(RefusalKind.Forbidden, (await evening.Booking(mine.Id).GetBooking(stranger)).Refusal!.Kind);

        var listed = (await evening.Day(mine.BusinessDay).List(evening.Manager, "K008", null)).Value!;
        Assert.Equal(mine.Id, Assert.Single(listed).Id);
        Assert.Equal(2, (await evening.Day(mine.BusinessDay).List(evening.Desk, null, null)).Value!.Count);
        Assert.Equal(RefusalKind.Forbidden, (await evening.Day(mine.BusinessDay).List(stranger, null, null)).Refusal!.Kind);
    }

    [Fact]
    public async Task BK2_holds_falling_due_together_are_all_released_without_the_clock_moving_on_each_stamped_with_its_deadline()
    {
        var evening = await fixture.NewEvening();
        var op = new Actor("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);
        var extra = Enumerable.Range(5, 4).Select(i => $"k{i:00}").ToArray();
        foreach (var room in extra)
        {
            Assert.True((await evening.Venue.PutRoom(op, room, new RoomDraft(room.ToUpperInvariant(), VenueKind.Ktv, "small", 6))).Succeeded);
        }

        var start = fixture.NextDayAt(20, 0);
        var bookings = new List<Booking>();
        foreach (var room in new[] { "k01", "k02", "k03", "k04" }.Concat(extra))
        {
            bookings.Add(await evening.Place(evening.Desk, Evening.Request(room)));
        }

        async Task<int> Released() =>
            (await evening.Day(bookings[0].BusinessDay).List(TestActors.Auditor, null, BookingStatus.Released)).Value!.Count;

        // Five are told at once; each release reported makes room for the next, at the same instant.
        fixture.MoveTo(Local(start, 21, 0, 1));
        await Infrastructure.TestSilo.Eventually(async () => await Released() == 8, TimeSpan.FromSeconds(20), "all eight are released with the clock still at 21:00:01");
        foreach (var booking in bookings)
        {
            Assert.Equal(Local(start, 21, 0), (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.ReleasedAt);
        }
    }
}
