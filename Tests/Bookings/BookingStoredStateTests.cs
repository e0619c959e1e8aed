
namespace ClubGrains.Tests.Bookings;

/// <summary>
/// Stored state keeps loading: a booking's, a room's and a venue day's state written by an earlier
/// build (committed fixtures, in the Orleans serializer's format that grain storage uses) must still
/// read with today's types, wherever those types live now. Every stored member is filled, so each
/// one's id is proven, not only the ones a particular story would use.
/// </summary>
public sealed class BookingStoredStateTests
{
    private const string BookingFixture = "booking-state-v1.bin";
    private const string RoomFixture = "room-state-v1.bin";
    private const string DayFixture = "venue-day-state-v1.bin";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Placed = new(2026, 11, 27, 19, 30, 0, Shanghai);
    private static readonly Actor Desk = new("desk-1", Roles.Reception, "Reception");
    private static readonly Actor Booker = new("mgr-7", Roles.Manager, "王经理", "B-007");

    [Fact]
    public void A_booking_state_stored_by_version_1_still_loads()
    {
        var booking = StoredFixtures.Load<BookingGrainState>(BookingFixture).Booking!;

        Assert.Equal(("bk-0001", "sh-001", new DateOnly(2026, 11, 27)), (booking.Id, booking.VenueId, booking.BusinessDay));
        Assert.Equal((BookingStatus.Seated, BookingSource.Booker, CreditStatus.Credited), (booking.Status, booking.Source, booking.Credit));
        Assert.Equal(("张伟", "138 0013 8000", "+8613800138000", 6, "birthday"), (booking.GuestName, booking.GuestPhone, booking.GuestPhoneNormalized, booking.PartySize, booking.Notes));
        Assert.Equal((VenueKind.Ktv, "王经理", "B-007"), (booking.BookerDepartment, booking.BookerName, booking.BookerBadge));
        Assert.Equal(("large", "k02", "k01", VenueKind.Ktv), (booking.RequestedRoomType, booking.RequestedRoomId, booking.RoomId, booking.RoomKind));
        Assert.Equal((Placed.AddMinutes(1), true, new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai), "BK-2"), (booking.AssignedAt, booking.AssignedAutomatically, booking.HoldUntil, booking.HoldRule));
        Assert.Equal((Placed.AddMinutes(100), Placed.AddHours(4), 1288.50m, "CNY"), (booking.SeatedAt, booking.CheckedOutAt, booking.Spend, booking.Currency));
        Assert.Equal((Placed.AddMinutes(90), true, Placed.AddMinutes(20)), (booking.ReleasedAt, booking.ReleasedAfterOutage, booking.CancellationRequestedAt));
        Assert.Equal(new FineRecommendation("BK-4", "B-007", 500m, "CNY", Placed.AddMinutes(95), Desk, "details did not match"), booking.Fine);
        Assert.True(booking.LateArrival);
        Assert.Equal((7, Placed, "partner-9", Placed.AddMinutes(99)), (booking.Version, booking.CreatedAt, booking.PlacedBy, booking.ArrivedAfterCancellationAt));
        Assert.Equal(new RoomMove("op-42", "k01", "k03", Placed.AddHours(2), Desk), booking.PendingTransfer);
        Assert.Equal(
            [
                new Change(Placed, Booker, "placed a booking for 张伟 as 王经理 (badge B-007)", "BK-1"),
                new Change(Placed.AddMinutes(1), Actor.System, "assigned automatically (the venue's policy allows it) k01; held until 21:00:00 (BK-2)", "BK-6"),
                new Change(Placed.AddMinutes(100), Desk, "brought the guest to k01 (带房); the room is opened", "BK-7", "guest waited at the desk"),
            ],
            booking.History);
    }

    [Fact]
    public void A_room_state_stored_by_version_1_still_loads()
    {
        var room = StoredFixtures.Load<RoomGrainState>(RoomFixture);

        Assert.Equal(new RoomOccupant("bk-0001", BookingStatus.Held, "张伟", "王经理", "B-007", Placed.AddMinutes(1), new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai), "partner-9"), room.Occupant);
        Assert.Equal(12L, room.Sequence);
        var repair = Assert.Single(room.History);
        Assert.Equal(new Change(Placed.AddHours(3), new Actor("gm-li", Roles.GeneralManager, "李总"), "freed the room by repair", "BK-8", "stuck after an outage"), repair);
    }

    [Fact]
    public void A_venue_day_state_stored_by_version_1_still_loads()
    {
        var day = StoredFixtures.Load<VenueDayState>(DayFixture);

        var summary = Assert.Single(day.Bookings);
        Assert.Equal("bk-0001", summary.Key);
        Assert.Equal(
            new BookingSummary("bk-0001", BookingStatus.Held, BookingSource.PartnerSystem, "张伟", "王经理", "B-007", "k01", new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai), 88m, CreditStatus.Pending, 3, "partner-9"),
            summary.Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai).AddTicks(1), day.WakeUp);
    }

    /// <summary>Writes the fixtures (run once with CLUBGRAINS_WRITE_FIXTURES=1 pointing at Tests/Fixtures); never overwritten otherwise.</summary>
    [Fact]
    public void The_committed_fixtures_are_present_or_rewritten_on_request()
    {
        StoredFixtures.AssertPresentOrWrite(BookingFixture, () => new BookingGrainState { Booking = StoredBooking() });
        StoredFixtures.AssertPresentOrWrite(RoomFixture, StoredRoom);
        StoredFixtures.AssertPresentOrWrite(DayFixture, StoredDay);
    }

    private static Booking StoredBooking() => new()
    {
        Id = "bk-0001",
        VenueId = "sh-001",
        BusinessDay = new DateOnly(2026, 11, 27),
        Status = BookingStatus.Seated,
        Source = BookingSource.Booker,
        GuestName = "张伟",
        GuestPhone = "138 0013 8000",
        GuestPhoneNormalized = "+8613800138000",
        PartySize = 6,
        Notes = "birthday",
        BookerDepartment = VenueKind.Ktv,
        BookerName = "王经理",
        BookerBadge = "B-007",
        RequestedRoomType = "large",
        RoomId = "k01",
        AssignedAt = Placed.AddMinutes(1),
        AssignedAutomatically = true,
        HoldUntil = new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai),
        HoldRule = "BK-2",
        SeatedAt = Placed.AddMinutes(100),
        CheckedOutAt = Placed.AddHours(4),
        Spend = 1288.50m,
        Currency = "CNY",
        Credit = CreditStatus.Credited,
        ReleasedAt = Placed.AddMinutes(90),
        ReleasedAfterOutage = true,
        CancellationRequestedAt = Placed.AddMinutes(20),
        Fine = new FineRecommendation("BK-4", "B-007", 500m, "CNY", Placed.AddMinutes(95), Desk, "details did not match"),
        LateArrival = true,
        History =
        [
            new Change(Placed, Booker, "placed a booking for 张伟 as 王经理 (badge B-007)", "BK-1"),
            new Change(Placed.AddMinutes(1), Actor.System, "assigned automatically (the venue's policy allows it) k01; held until 21:00:00 (BK-2)", "BK-6"),
            new Change(Placed.AddMinutes(100), Desk, "brought the guest to k01 (带房); the room is opened", "BK-7", "guest waited at the desk"),
        ],
        Version = 7,
        CreatedAt = Placed,
        RequestedRoomId = "k02",
        RoomKind = VenueKind.Ktv,
        PlacedBy = "partner-9",
        ArrivedAfterCancellationAt = Placed.AddMinutes(99),
        PendingTransfer = new RoomMove("op-42", "k01", "k03", Placed.AddHours(2), Desk),
    };

    private static RoomGrainState StoredRoom()
    {
        var room = new RoomGrainState
        {
            Occupant = new RoomOccupant("bk-0001", BookingStatus.Held, "张伟", "王经理", "B-007", Placed.AddMinutes(1), new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai), "partner-9"),
            Sequence = 12,
        };
        room.History.Add(new Change(Placed.AddHours(3), new Actor("gm-li", Roles.GeneralManager, "李总"), "freed the room by repair", "BK-8", "stuck after an outage"));
        return room;
    }

    private static VenueDayState StoredDay()
    {
        var day = new VenueDayState { WakeUp = new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai).AddTicks(1) };
        day.Bookings["bk-0001"] = new BookingSummary("bk-0001", BookingStatus.Held, BookingSource.PartnerSystem, "张伟", "王经理", "B-007", "k01", new DateTimeOffset(2026, 11, 27, 21, 0, 0, Shanghai), 88m, CreditStatus.Pending, 3, "partner-9");
        return day;
    }
}
