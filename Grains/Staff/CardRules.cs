using ClubGrains.Common;
using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>Pure rules of the performance card: credited bookings (PF-1) and their signing (PF-2).</summary>
public static class CardRules
{
    /// <summary>PF-2: a slip of business day D must be signed by the end of the policy's following business days.</summary>
    public static DateTimeOffset SignBy(DateOnly businessDay, VenueClock clock, LogPolicy policy) =>
        clock.InstantOf(businessDay.AddDays(1 + policy.CardSigningBusinessDays), clock.DayCutoff);

    /// <summary>PF-1: the slip a checked-out booking credits; on a day whose credit is cancelled it arrives void.</summary>
    public static CardSlip Slip(BookingCredit credit, DateTimeOffset signBy, string? cancelledBy) =>
        new(credit.BookingId, credit.BusinessDay, credit.GuestName, credit.RoomId, credit.Spend, credit.CheckedOutAt, signBy, Void: cancelledBy is not null);

    /// <summary>PF-2: the slips open for signing (by index), or why there is nothing to sign.</summary>
    public static Result<int[]> Open(IReadOnlyList<CardSlip> card)
    {
        var open = Enumerable.Range(0, card.Count).Where(i => IsOpen(card[i])).ToArray();
        if (open.Length == 0)
        {
            return Refusal.Conflict("The card has no slip to sign.", CardRule);
        }

        return open;
    }

    /// <summary>PF-2: a slip not signed by its deadline is void; the booking does not count.</summary>
    public static bool SlipOverdue(CardSlip slip, DateTimeOffset now) => IsOpen(slip) && Passed(slip.SignBy, now);

    /// <summary>PF-2: the slips of a business day still to sign, which the shift hears of.</summary>
    public static int ToSignOn(IEnumerable<CardSlip> card, DateOnly businessDay) => card.Count(c => c.BusinessDay == businessDay && IsOpen(c));

    private static bool IsOpen(CardSlip slip) => slip.SignedAt is null && !slip.Void;
}
