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

/// <summary>Who brought the booking in.</summary>
public enum BookingSource
{
    /// <summary>An account manager, for their own guest.</summary>
    Booker = 0,

    /// <summary>A partner system, on a manager's behalf.</summary>
    PartnerSystem = 1,

    /// <summary>Reception took it for a booker (by phone, at the desk).</summary>
    Reception = 2,

    /// <summary>A walk-in party: no booker, no credit.</summary>
    WalkIn = 3,
}

/// <summary>PF-1: whether the booking counts for its booker.</summary>
public enum CreditStatus
{
    /// <summary>Not yet: it counts once the party checks out with its spend.</summary>
    Pending = 0,

    /// <summary>Checked out with its spend: it counts for the booker.</summary>
    Credited = 1,

    /// <summary>It never counts: a walk-in, a booking void (BK-4) or cancelled (BK-5).</summary>
    None = 2,
}
