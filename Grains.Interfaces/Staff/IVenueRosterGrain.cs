using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>A venue's account managers by department (key: venue id), for shifts and reports; fed by the manager records.</summary>
[Alias("clubgrains.IVenueRosterGrain")]
public interface IVenueRosterGrain : IGrainWithStringKey
{
    /// <summary>A manager enlists (again: idempotent) in a department.</summary>
    [Alias("Enlist")]
    Task Enlist(string badge, VenueKind department);

    [Alias("Badges"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> Badges(VenueKind? department);
}
