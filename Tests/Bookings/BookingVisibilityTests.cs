using ClubGrains.Tests.Rooms;

namespace ClubGrains.Tests.Bookings;

/// <summary>
/// Who is shown which bookings, decided by the grains (board, day index, booking): a manager sees
/// the details of their own bookings only, a partner system those it placed, reception all.
/// </summary>
public sealed class BookingVisibilityTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor OtherPartner(Evening evening) => new("partner-2", Roles.ApiClient, "Another partner", Venues: [evening.VenueId]);

    private static Actor OtherManager(Evening evening) => new("m-8", Roles.Manager, "王芳", "K008", [evening.VenueId], "ktv");

    private static async Task<BoardView> Board(Evening evening, Actor reader, string? knownStamp = null)
    {
        var answer = await evening.Board.GetBoard(reader, knownStamp);
        Assert.True(answer.Succeeded, answer.Refusal?.Message);
        return answer.Value!;
    }

    private static BoardRoom Line(BoardView view, string roomId) => view.Rooms!.Single(r => r.Id == roomId);

    [Fact]
    public async Task A_manager_sees_every_rooms_state_on_the_board_but_booking_guest_and_booker_only_of_their_own()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var own = await evening.Place(evening.Desk, Evening.Request("k01", guest: "张三", badge: "K007"));
        var other = await evening.Place(evening.Desk, Evening.Request("k02", guest: "李四", badge: "K008"));

        var managers = await Board(evening, evening.Manager);
        var desk = await Board(evening, evening.Desk);

        Assert.Equal((RoomState.Held, own.Id, "张三", "K007"), (Line(managers, "k01").State, Line(managers, "k01").BookingId, Line(managers, "k01").GuestName, Line(managers, "k01").BookerBadge));
        var hidden = Line(managers, "k02");
        Assert.Equal((RoomState.Held, true), (hidden.State, hidden.SecondsLeft > 0));
        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null), (hidden.BookingId, hidden.GuestName, hidden.BookerName, hidden.BookerBadge));
        Assert.Equal((other.Id, "李四", "K008"), (Line(desk, "k02").BookingId, Line(desk, "k02").GuestName, Line(desk, "k02").BookerBadge));
        Assert.Equal(other.Id, Line(await Board(evening, OtherManager(evening)), "k02").BookingId);
    }

    [Fact]
    public async Task Each_viewer_has_a_board_stamp_of_its_own_and_gets_no_lines_while_its_own_stamp_still_holds()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(16, 0);
        await evening.Place(evening.Desk, Evening.Request("k01", badge: "K008"));

        var desk = await Board(evening, evening.Desk);
        var manager = await Board(evening, evening.Manager);

        Assert.NotEqual(desk.Stamp, manager.Stamp);
        Assert.Null((await Board(evening, evening.Manager, manager.Stamp)).Rooms);
        Assert.Null((await Board(evening, evening.Desk, desk.Stamp)).Rooms);

        // Another viewer's stamp never gets the lines of that viewer: the grain sends the reader's own.
        var offered = await Board(evening, evening.Manager, desk.Stamp);
        Assert.Equal(manager.Stamp, offered.Stamp);
        Assert.Null(Line(offered, "k01").BookingId);
        Assert.NotEqual(manager.Stamp, (await Board(evening, OtherManager(evening))).Stamp);
    }

    [Fact]
    public async Task A_partner_sees_in_the_day_list_and_on_the_board_only_the_bookings_it_placed()
    {
        var evening = await fixture.NewEvening(VenuePolicy.Default with { Bookings = new BookingPolicy { AutomaticAssignment = true } });
        fixture.NextDayAt(20, 0);
        var own = await evening.Place(evening.Partner, Evening.Request("k01", guest: "张三"));
        var others = await evening.Place(OtherPartner(evening), Evening.Request("k02", guest: "李四"));
        var desks = await evening.Place(evening.Desk, Evening.Request("k03", guest: "王五"));

        var list = (await evening.Day(own.BusinessDay).List(evening.Partner, null, null)).Value!;
        Assert.Equal([own.Id], list.Select(b => b.Id));
        var everything = (await evening.Day(own.BusinessDay).List(evening.Desk, null, null)).Value!;
        Assert.Equal(new[] { own.Id, others.Id, desks.Id }.Order(StringComparer.Ordinal), everything.Select(b => b.Id).Order(StringComparer.Ordinal));

        var board = await Board(evening, evening.Partner);
        Assert.Equal((own.Id, "张三"), (Line(board, "k01").BookingId, Line(board, "k01").GuestName));
        Assert.All(new[] { "k02", "k03" }, room => Assert.Equal((RoomState.Held, (string?)null, (string?)null), (Line(board, room).State, Line(board, room).BookingId, Line(board, room).GuestName)));
    }

    [Fact]
    public async Task A_partner_cannot_read_or_ask_to_cancel_a_booking_it_did_not_place()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var placed = await evening.Place(evening.Partner, Evening.Request());
        var byDesk = await evening.Place(evening.Desk, Evening.Request("k01"));

        foreach (var id in new[] { placed.Id, byDesk.Id })
        {
            var stranger = id == placed.Id ? OtherPartner(evening) : evening.Partner;
            Assert.Equal((RefusalKind.Forbidden, "BK-6"), ((await evening.Booking(id).GetBooking(stranger)).Refusal!.Kind, (await evening.Booking(id).GetBooking(stranger)).Refusal!.Rule));
            Assert.Equal(RefusalKind.Forbidden, (await evening.Booking(id).RequestCancellation(stranger, "the guest called")).Refusal!.Kind);
        }

        Assert.Equal(placed.Id, (await evening.Booking(placed.Id).GetBooking(evening.Partner)).Value!.Id);
        Assert.NotNull((await evening.Booking(placed.Id).RequestCancellation(evening.Partner, "the guest called")).Value!.CancellationRequestedAt);
        Assert.Null((await evening.Booking(byDesk.Id).GetBooking(evening.Desk)).Value!.CancellationRequestedAt);
    }

    [Fact]
    public async Task The_board_refuses_a_reader_without_a_grant_of_the_venue()
    {
        var evening = await fixture.NewEvening();
        var stranger = new Actor("desk-9", Roles.Reception, Venues: ["another-venue"]);

        Assert.Equal(RefusalKind.Forbidden, (await evening.Board.GetBoard(stranger)).Refusal!.Kind);
    }
}
