namespace ClubGrains.Bookings;

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
