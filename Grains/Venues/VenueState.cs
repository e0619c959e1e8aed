using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>A venue's stored state. Ids are stable: stored venues must keep loading.</summary>
[GenerateSerializer, Alias("clubgrains.VenueState")]
public sealed class VenueState
{
    [Id(0)] public Venue? Venue { get; set; }
    [Id(1)] public VenuePolicy Policy { get; set; } = VenuePolicy.Default;
    [Id(2)] public Dictionary<string, RoomDefinition> Rooms { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<Change> History { get; set; } = [];
    [Id(4)] public List<SupervisorAuthorisation> Authorisations { get; set; } = [];

    /// <summary>The newest version of each staff account (by login) and partner client (by <c>client/</c> and id) whose change is in the history: a change told twice is recorded once.</summary>
    [Id(5)] public Dictionary<string, long> AccountVersions { get; set; } = new(StringComparer.Ordinal);
}
