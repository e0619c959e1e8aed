using ClubGrains.Common;
using ClubGrains.Events;

namespace ClubGrains.Venues;

/// <summary>
/// A venue's own record as a source of its feed (<c>venue</c>): its profile, policy, catalogue, override
/// authorisations and the staff accounts and partner clients changed at it. Seen by reception and those above.
/// </summary>
public static class VenueEvents
{
    public const string Source = "venue";

    public const string Created = "venue.created";
    public const string ProfileChanged = "venue.profile_changed";
    public const string PolicyChanged = "venue.policy_changed";
    public const string RoomChanged = "venue.room_changed";
    public const string RoomRemoved = "venue.room_removed";
    public const string SupervisorAuthorised = "venue.supervisor_authorised";
    public const string AuthorisationRevoked = "venue.authorisation_revoked";
    public const string AccountChanged = "venue.account_changed";

    /// <summary>An entry stored before kinds were recorded.</summary>
    public const string Changed = "venue.changed";

    public static IReadOnlyList<SourceEvent> After(string venueId, IReadOnlyList<Change> history, int held) =>
        FeedSource.Events(history, held, Changed, venueId, null, null, null);
}
