using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bench;

/// <summary>A booking as reception's placement stores it (held, two history entries): the payload the benchmarks write and serialize.</summary>
public static class SampleBooking
{
    public static Booking Held(string venueId, string bookingId, DateTimeOffset now)
    {
        var reception = new Actor("reception-desk", Roles.Reception, "Front desk");
        return new Booking
        {
            Id = bookingId,
            VenueId = venueId,
            BusinessDay = DateOnly.FromDateTime(now.UtcDateTime),
            Status = BookingStatus.Held,
            Source = BookingSource.Reception,
            GuestName = "王先生",
            GuestPhone = "138 0013 8000",
            GuestPhoneNormalized = "+8613800138000",
            PartySize = 6,
            BookerDepartment = VenueKind.Ktv,
            BookerName = "李娜",
            BookerBadge = "A017",
            RoomId = "k01",
            RoomKind = VenueKind.Ktv,
            AssignedAt = now,
            HoldUntil = now.AddMinutes(20),
            HoldRule = "BK-3",
            Currency = "CNY",
            CreatedAt = now,
            Version = 1,
            History =
            [
                new Change(now, reception, "placed a booking for 王先生 as 李娜 (badge A017)", "BK-1"),
                new Change(now, reception, "assigned k01; held until 21:20:00 (BK-3)", "BK-3"),
            ],
        };
    }
}
