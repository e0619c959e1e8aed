using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>The stay in pure rules: seat (BK-7), transfer (BK-9), checkout (BK-10, PF-1).</summary>
public sealed class SeatingRulesTests
{
    [Fact]
    public void BK7_a_held_booking_is_seated_and_a_seat_just_recorded_is_a_retry()
    {
        Assert.Null(SeatingRules.MaySeat(Held()));
        Assert.True(SeatingRules.IsSeatRetry(Seated("BK-7")));
        Assert.False(SeatingRules.IsSeatRetry(Seated("BK-9")));
        Assert.False(SeatingRules.IsSeatRetry(Held()));
    }

    [Fact]
    public void BK7_a_released_booking_is_not_seated_but_recorded_as_a_late_arrival()
    {
        var refusal = SeatingRules.MaySeat(Released())!;

        Assert.Equal((RefusalKind.Conflict, "BK-2"), (refusal.Kind, refusal.Rule));
        Assert.Contains("record the late arrival instead (BK-4)", refusal.Message);
    }

    [Fact]
    public void BK7_a_requested_or_seated_booking_is_not_seated()
    {
        Assert.Equal("Cannot seat a booking that is requested.", SeatingRules.MaySeat(Requested())!.Message);
        Assert.Equal("BK-7", SeatingRules.MaySeat(Seated())!.Rule);
    }

    [Fact]
    public void BK9_a_seated_party_moves_to_another_room_only()
    {
        Assert.Null(SeatingRules.MayTransfer(Seated(), "k02"));
        var same = SeatingRules.MayTransfer(Seated(), "k01")!;
        Assert.Equal(("toRoomId", "BK-9"), (Assert.Single(same.Fields!).Field, same.Rule));
        Assert.Equal((RefusalKind.Conflict, "BK-9"), (SeatingRules.MayTransfer(Held(), "k02")!.Kind, SeatingRules.MayTransfer(Held(), "k02")!.Rule));
    }

    [Fact]
    public void BK9_a_transfer_just_recorded_to_this_room_is_a_retry()
    {
        Assert.True(SeatingRules.IsTransferRetry(Seated("BK-9"), "k01"));
        Assert.False(SeatingRules.IsTransferRetry(Seated("BK-9"), "k02"));
        Assert.False(SeatingRules.IsTransferRetry(Seated("BK-7"), "k01"));
    }

    [Fact]
    public void BK10_a_seated_party_checks_out_with_an_amount_within_the_bounds()
    {
        Assert.Null(SeatingRules.MayCheckOut(Seated(), 888m));
        Assert.Equal("BK-10", SeatingRules.MayCheckOut(Held(), 888m)!.Rule);
        var negative = SeatingRules.MayCheckOut(Seated(), -1m)!;
        Assert.Equal((RefusalKind.Invalid, "spend", "BK-10"), (negative.Kind, Assert.Single(negative.Fields!).Field, negative.Rule));
    }

    [Fact]
    public void BK10_a_checkout_recorded_with_the_same_spend_is_a_retry()
    {
        var out888 = Seated() with { Status = BookingStatus.CheckedOut, Spend = 888m };

        Assert.True(SeatingRules.IsCheckOutRetry(out888, 888m));
        Assert.False(SeatingRules.IsCheckOutRetry(out888, 999m));
    }

    [Fact]
    public void PF1_a_checked_out_booking_counts_for_its_booker_and_a_walk_in_for_nobody()
    {
        Assert.Equal(CreditStatus.Credited, SeatingRules.CreditOf(Seated()));
        Assert.Equal(CreditStatus.None, SeatingRules.CreditOf(Seated() with { Source = BookingSource.WalkIn }));
    }
}
