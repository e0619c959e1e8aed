namespace ClubGrains.Bookings;

/// <summary>Where a booking stands. Released, Cancelled and Void are ends a late arrival or an override may still act on.</summary>
public enum BookingStatus
{
    /// <summary>Placed with BK-1's details; no room yet (BK-6: reception assigns).</summary>
    Requested = 0,

    /// <summary>A room is assigned and held until the hold deadline (BK-2, BK-3, BK-7).</summary>
    Held = 1,

    /// <summary>The party is in the room (带房, the room is opened).</summary>
    Seated = 2,

    /// <summary>The party left; the spend is recorded (BK-10).</summary>
    CheckedOut = 3,

    /// <summary>The hold ran out without the guest (no-show, BK-2/BK-3); BK-4 may still re-seat.</summary>
    Released = 4,

    /// <summary>Cancelled at the booker's request (BK-5) or released by an override (BK-8).</summary>
    Cancelled = 5,

    /// <summary>Treated as cheating after a late arrival that did not match (BK-4): no credit.</summary>
    Void = 6,
}
