using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>A hold's deadline and the rule that set it.</summary>
public sealed record HoldDecision(DateTimeOffset Until, string Rule);

/// <summary>
/// How long an assigned room is held (BK-2, BK-3), from the venue's policy, in the venue's time zone
/// and business day. Windows are half-open: [cut-off, 20:45) holds until 21:00; [20:45, 22:45)
/// holds 20 minutes from the assignment; later assignments likewise (chosen), unless the venue
/// closed booking. A hold is live while now ≤ its deadline: an arrival at the deadline is on time.
/// </summary>
public static class HoldRules
{
    public const string EarlyRule = "BK-2";
    public const string LaterRule = "BK-3";

    public static Result<HoldDecision> Deadline(DateTimeOffset assignedAt, VenueClock clock, BookingPolicy policy)
    {
        var local = TimeOnly.FromDateTime(clock.ToLocal(assignedAt).DateTime);
        var offset = clock.OffsetInBusinessDay(local);
        if (policy.BookingClosesAt is { } closes && offset >= clock.OffsetInBusinessDay(closes))
        {
            return Refusal.Conflict($"Booking is closed at this venue from {closes:HH\\:mm} until the day cut-off ({clock.DayCutoff:HH\\:mm}).", LaterRule);
        }

        if (offset < clock.OffsetInBusinessDay(policy.EarlyAssignmentBefore))
        {
            return new HoldDecision(clock.InstantOf(clock.BusinessDayOf(assignedAt), policy.EarlyHoldUntil), EarlyRule);
        }

        var minutes = offset < clock.OffsetInBusinessDay(policy.LaterWindowEnd) ? policy.LaterHoldMinutes : policy.LateHoldMinutes;
        return new HoldDecision(assignedAt.AddMinutes(minutes), LaterRule);
    }

    /// <summary>
    /// BK-8: a hold is extended past its current deadline, and at most to the end of the business
    /// day it runs in (the next day cut-off): a room is not held across business days.
    /// </summary>
    public static FieldError? CheckExtension(DateTimeOffset currentDeadline, DateTimeOffset until, VenueClock clock)
    {
        if (until <= currentDeadline)
        {
            return new("until", $"Must be after the current deadline {currentDeadline:O}.", OverrideRules.Rule);
        }

        var dayEnds = clock.InstantOf(clock.BusinessDayOf(currentDeadline).AddDays(1), clock.DayCutoff);
        return until > dayEnds
            ? new("until", $"At most the end of the business day, {dayEnds:O} (the day cut-off): a hold does not run into the next business day.", OverrideRules.Rule)
            : null;
    }

    /// <summary>A hold is live up to and including its deadline.</summary>
    public static bool IsExpired(DateTimeOffset? holdUntil, DateTimeOffset now) => holdUntil is { } until && now > until;
}
