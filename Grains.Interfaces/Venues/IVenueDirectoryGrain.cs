using Orleans.Concurrency;
using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>
/// The chain's list of venues (one per deployment, key 0). Venues register themselves when created
/// or renamed; it is read by operators, never on a booking path.
/// </summary>
[Alias("clubgrains.IVenueDirectoryGrain")]
public interface IVenueDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task Register(VenueSummary venue);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<VenueSummary>> List();
}
