using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Rooms;

/// <summary>
/// The room board's stamps: one stamp, one set of lines, so readers may share a rendering and pollers
/// may be told "unchanged" — never at the cost of a stale countdown or an expired hold shown live.
/// </summary>
public sealed class RoomBoardTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    [Fact]
    public async Task The_board_keeps_its_stamp_while_nothing_moves_and_leaves_out_the_lines_a_caller_already_holds()
    {
        var evening = await fixture.NewEvening();
        var first = await View(evening);
        Assert.Equal(5, first.Rooms!.Count);

        fixture.MoveTo(fixture.Clock.GetUtcNow().AddMinutes(10));
        var again = await View(evening, first.Stamp);
        Assert.Equal(first.Stamp, again.Stamp);
        Assert.Null(again.Rooms);

        var fresh = await View(evening);
        Assert.Equal(first.Stamp, fresh.Stamp);
        Assert.Equal(first.Rooms, fresh.Rooms);
    }

    [Fact]
    public async Task BK3_the_board_counts_a_hold_down_each_second_and_shows_it_free_just_after_its_deadline()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(22, 0);
        await evening.Place(evening.Desk, Evening.Request("k01"));
        var held = await View(evening);
        Assert.Equal((RoomState.Held, 1200), Line(held, "k01"));

        fixture.MoveTo(start.AddMilliseconds(999));
        var sameSecond = await View(evening, held.Stamp);
        Assert.Equal(held.Stamp, sameSecond.Stamp);

        fixture.MoveTo(start.AddSeconds(1));
        var ticked = await View(evening, held.Stamp);
        Assert.NotEqual(held.Stamp, ticked.Stamp);
        Assert.Equal((RoomState.Held, 1199), Line(ticked, "k01"));

        fixture.MoveTo(Local(start, 22, 20));
        var atDeadline = await View(evening, ticked.Stamp);
        Assert.Equal((RoomState.Held, 0), Line(atDeadline, "k01"));

        fixture.MoveTo(Local(start, 22, 20).AddTicks(1));
        var after = await View(evening, atDeadline.Stamp);
        Assert.NotEqual(atDeadline.Stamp, after.Stamp);
        Assert.Equal(RoomState.Free, after.Rooms!.Single(r => r.Id == "k01").State);
    }

    [Fact]
    public async Task A_change_reported_by_a_room_gives_the_board_a_new_stamp()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(21, 30);
        var booking = await evening.Place(evening.Desk, Evening.Request("k02"));
        var held = await View(evening);

        Assert.True((await evening.Booking(booking.Id).Seat(evening.Desk)).Succeeded);
        var seated = await View(evening, held.Stamp);

        Assert.NotEqual(held.Stamp, seated.Stamp);
        Assert.Equal(RoomState.Seated, seated.Rooms!.Single(r => r.Id == "k02").State);
    }

    [Fact]
    public async Task The_board_of_an_unknown_venue_is_not_found_until_the_venue_is_created()
    {
        var id = "u-" + Guid.NewGuid().ToString("N")[..10];
        var board = fixture.Grains.GetGrain<IVenueBoardGrain>(id);
        var op = new Actor("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);
        Assert.Equal(RefusalKind.NotFound, (await board.GetBoard(op)).Refusal!.Kind);

        Assert.True((await fixture.Grains.GetGrain<IVenueGrain>(id).Create(op, new VenueDraft("新店", "Asia/Shanghai", null, [VenueKind.Ktv]))).Succeeded);
        Assert.Empty((await board.GetBoard(op)).Value!.Rooms!);

        Assert.True((await fixture.Grains.GetGrain<IVenueGrain>(id).PutRoom(op, "k01", new RoomDraft("K01", VenueKind.Ktv, "small", 6))).Succeeded);
        Assert.Equal("k01", Assert.Single((await board.GetBoard(op)).Value!.Rooms!).Id);
    }

    [Fact]
    public async Task A_hold_stored_until_the_last_representable_instant_still_renders_on_the_board()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(21, 30);
        var booking = await evening.Place(evening.Desk, Evening.Request("k03"));

        // Stored before hold extensions were bounded (BK-8): the room is told directly, as an old extension did.
        Assert.True((await evening.Room("k03").Extend(evening.Gm, booking.Id, DateTimeOffset.MaxValue)).Succeeded);

        Assert.Equal((RoomState.Held, int.MaxValue), Line(await View(evening), "k03"));
    }

    private static async Task<BoardView> View(Evening evening, string? knownStamp = null)
    {
        var answer = await evening.Board.GetBoard(evening.Desk, knownStamp);
        Assert.True(answer.Succeeded, answer.Refusal?.Message);
        return answer.Value!;
    }

    private static (RoomState, int?) Line(BoardView view, string roomId) =>
        view.Rooms!.Single(r => r.Id == roomId) is var line ? (line.State, line.SecondsLeft) : default;
}
