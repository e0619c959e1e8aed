using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>After a write failed half-way, what the room holds completes the step or undoes it: the room decides who is in it.</summary>
public sealed class ConvergenceRulesTests
{
    private static RoomOccupant Occupant(string bookingId, BookingStatus status, string? badge = "K007") =>
        new(bookingId, status, "王小明", "李娜", badge, Evening.AddMinutes(30), status == BookingStatus.Held ? Evening.AddHours(1) : null);

    [Fact]
    public void BK7_a_held_booking_whose_room_seats_it_completes_the_seat()
    {
        Assert.True(ConvergenceRules.SeatWentThrough(Held(), Occupant("b1", BookingStatus.Seated)));
    }

    [Fact]
    public void BK7_a_held_booking_whose_room_still_holds_it_or_seats_another_party_stays_held()
    {
        Assert.False(ConvergenceRules.SeatWentThrough(Held(), Occupant("b1", BookingStatus.Held)));
        Assert.False(ConvergenceRules.SeatWentThrough(Held(), Occupant("b2", BookingStatus.Seated)));
        Assert.False(ConvergenceRules.SeatWentThrough(Held(), null));
    }

    [Fact]
    public void BK7_only_a_held_booking_completes_a_seat()
    {
        Assert.False(ConvergenceRules.SeatWentThrough(Released(), Occupant("b1", BookingStatus.Seated)));
        Assert.False(ConvergenceRules.SeatWentThrough(Seated(), Occupant("b1", BookingStatus.Seated)));
    }

    [Fact]
    public void BK9_a_pending_transfer_went_through_once_the_target_seats_the_party()
    {
        var moving = Seated() with { PendingTransfer = new RoomMove("op-1", "k01", "k02", Evening.AddHours(2), Desk) };

        Assert.True(ConvergenceRules.TransferWentThrough(moving, Occupant("b1", BookingStatus.Seated)));
    }

    [Fact]
    public void BK9_a_pending_transfer_the_target_did_not_take_never_happened()
    {
        var moving = Seated() with { PendingTransfer = new RoomMove("op-1", "k01", "k02", Evening.AddHours(2), Desk) };

        Assert.False(ConvergenceRules.TransferWentThrough(moving, null));
        Assert.False(ConvergenceRules.TransferWentThrough(moving, Occupant("b2", BookingStatus.Seated)));
        Assert.False(ConvergenceRules.TransferWentThrough(moving, Occupant("b1", BookingStatus.Held)));
    }

    [Fact]
    public void BK9_without_a_pending_transfer_nothing_went_through()
    {
        Assert.False(ConvergenceRules.TransferWentThrough(Seated(), Occupant("b1", BookingStatus.Seated)));
    }

    [Fact]
    public void BK6_a_room_seating_a_walk_in_under_a_booking_with_no_record_is_an_unrecorded_walk_in()
    {
        Assert.True(ConvergenceRules.IsUnrecordedWalkIn(null, "b1", Occupant("b1", BookingStatus.Seated, badge: null)));
    }

    [Fact]
    public void BK6_a_recorded_booking_a_booker_on_the_room_a_hold_or_another_id_is_no_unrecorded_walk_in()
    {
        Assert.False(ConvergenceRules.IsUnrecordedWalkIn(Seated(), "b1", Occupant("b1", BookingStatus.Seated, badge: null)));
        Assert.False(ConvergenceRules.IsUnrecordedWalkIn(null, "b1", Occupant("b1", BookingStatus.Seated)));
        Assert.False(ConvergenceRules.IsUnrecordedWalkIn(null, "b1", Occupant("b1", BookingStatus.Held, badge: null)));
        Assert.False(ConvergenceRules.IsUnrecordedWalkIn(null, "b1", Occupant("b2", BookingStatus.Seated, badge: null)));
        Assert.False(ConvergenceRules.IsUnrecordedWalkIn(null, "b1", null));
    }
}
