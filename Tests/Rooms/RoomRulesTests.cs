
namespace ClubGrains.Tests.Rooms;

/// <summary>Who a room lets in (BK-7) and whom a repair frees (BK-8), in pure rules.</summary>
public sealed class RoomRulesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 27, 21, 0, 0, TimeSpan.FromHours(8));

    private static RoomOccupant Holding(string bookingId) => new(bookingId, BookingStatus.Held, "王小明", "李娜", "K007", Nine.AddHours(-1), Nine);

    private static RoomOccupant Sitting(string bookingId) => new(bookingId, BookingStatus.Seated, "王小明", "李娜", "K007", Nine.AddHours(-1), null);

    [Fact]
    public void BK7_a_live_hold_keeps_the_room_for_its_guest_up_to_and_including_the_deadline()
    {
        var refusal = RoomRules.Blocking("k01", Holding("b1"), "b2", Nine)!;

        Assert.Equal((RefusalKind.Conflict, "BK-7"), (refusal.Kind, refusal.Rule));
        Assert.Null(RoomRules.Blocking("k01", Holding("b1"), "b1", Nine));
        Assert.Null(RoomRules.Blocking("k01", null, "b2", Nine));
    }

    [Fact]
    public void BK7_a_hold_past_its_deadline_counts_as_free_and_its_booking_is_to_be_told()
    {
        Assert.Null(RoomRules.Blocking("k01", Holding("b1"), "b2", Nine.AddTicks(1)));
        Assert.True(RoomRules.IsExpiredHoldOfAnother(Holding("b1"), "b2", Nine.AddTicks(1)));
        Assert.False(RoomRules.IsExpiredHoldOfAnother(Holding("b1"), "b2", Nine));
        Assert.False(RoomRules.IsExpiredHoldOfAnother(Holding("b1"), "b1", Nine.AddTicks(1)));
    }

    [Fact]
    public void BK7_a_seated_party_keeps_the_room_from_everyone_else()
    {
        Assert.Equal("Room 'k01' is occupied by booking 'b1' (王小明).", RoomRules.Blocking("k01", Sitting("b1"), "b2", Nine.AddDays(1))!.Message);
    }

    [Fact]
    public void BK7_the_bookings_own_hold_seats_its_party_only_until_the_deadline()
    {
        Assert.Null(RoomRules.HoldRanOut("k01", Holding("b1"), Nine));
        Assert.NotNull(RoomRules.HoldRanOut("k01", Holding("b1"), Nine.AddTicks(1)));
    }

    [Fact]
    public void BK8_only_the_holding_booking_extends_and_a_repair_frees_only_the_booking_named_now()
    {
        Assert.Null(RoomRules.MayExtend("k01", Holding("b1"), "b1"));
        Assert.NotNull(RoomRules.MayExtend("k01", Sitting("b1"), "b1"));
        Assert.NotNull(RoomRules.MayExtend("k01", Holding("b1"), "b2"));

        Assert.Null(RoomRules.MayRepair("k01", Sitting("b1"), "b1"));
        Assert.Equal("BK-8", RoomRules.MayRepair("k01", null, "b1")!.Rule);
        Assert.Equal("BK-8", RoomRules.MayRepair("k01", Sitting("b2"), "b1")!.Rule);
    }
}
