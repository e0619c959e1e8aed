namespace ClubGrains.Bookings;

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
