using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>Which rooms an assignment tries (BK-6, BK-7) and the hold it gives the one it gets (BK-2, BK-3, BK-8).</summary>
public static class AssignmentRules
{
    /// <summary>Free rooms of a type tried at most: another desk may take each one first.</summary>
    public const int TypePickAttempts = 5;

    public static RoomDefinition? Room(VenueSnapshot venue, string roomId) => venue.Rooms.FirstOrDefault(r => r.Id == roomId);

    /// <summary>The policy's hold; a BK-8 override holds even where the policy refuses, for the late hold.</summary>
    public static Result<HoldDecision> Hold(DateTimeOffset now, VenueClock clock, BookingPolicy policy, bool overriding)
    {
        var decision = HoldRules.Deadline(now, clock, policy);
        return decision.Value is null && overriding ? new HoldDecision(now.AddMinutes(policy.LateHoldMinutes), HoldRules.LaterRule) : decision;
    }

    /// <summary>An assignment names a room of the catalogue, or a type the catalogue has.</summary>
    public static Refusal? CheckChoice(string venueId, VenueSnapshot venue, string? roomId, string? roomType)
    {
        if (!string.IsNullOrWhiteSpace(roomId))
        {
            return Room(venue, roomId) is null ? BookingRules.UnknownRoom(venueId, roomId) : null;
        }

        if (!string.IsNullOrWhiteSpace(roomType))
        {
            return venue.Rooms.Any(r => string.Equals(r.Type, roomType, StringComparison.OrdinalIgnoreCase))
                ? null
                : Refusal.Invalid([new FieldError("roomType", $"Venue '{venueId}' has no rooms of type '{roomType}'.")]);
        }

        return Refusal.Invalid([new FieldError("roomId", "Give roomId or roomType to assign a room.", BookingRules.ReceptionOnlyRule)]);
    }

    public static Refusal NoFreeRoom(string roomType) => Refusal.Conflict($"No room of type '{roomType}' is free now.", BookingRules.NoEarlyOpeningRule);

    /// <summary>The booking holding the room it got, with the deadline and the rule in force now (BK-2, BK-3), or reception's rule when automatic (BK-6).</summary>
    public static Booking Held(Booking booking, RoomDefinition room, HoldDecision hold, DateTimeOffset now, Actor actor, VenueClock clock, bool automatic)
    {
        var change = new Change(now, actor.ForRecord(),
            $"{(automatic ? "assigned automatically (the venue's policy allows it)" : "assigned")} {room.Id}; held until {clock.ToLocal(hold.Until):HH:mm:ss} ({hold.Rule})",
            automatic ? BookingRules.ReceptionOnlyRule : hold.Rule,
            Kind: BookingEvents.Assigned);
        return booking with
        {
            Status = BookingStatus.Held,
            RoomId = room.Id,
            RoomKind = room.Kind,
            AssignedAt = now,
            AssignedAutomatically = automatic,
            HoldUntil = hold.Until,
            HoldRule = hold.Rule,
            History = [.. booking.History, change],
        };
    }
}
