using ClubGrains.Common;
using Orleans.Concurrency;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Shifts;

/// <summary>What a manager's day log tells the shift (LG-1, WD-8).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ShiftLog")]
public sealed record ShiftLog(
    [property: Id(0)] DateTimeOffset WrittenAt,
    [property: Id(1)] int Contacts,
    [property: Id(2)] bool TooFewContacts,
    [property: Id(3)] IReadOnlyList<string> MissingParts);

/// <summary>A manager's day as the manager reports it to the shift; a later sequence replaces an earlier one.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ShiftReport")]
public sealed record ShiftReport(
    [property: Id(0)] string Badge,
    [property: Id(1)] string Name,
    [property: Id(2)] long Sequence,
    [property: Id(3)] ManagerDay Day,
    [property: Id(4)] ShiftLog? Log,
    [property: Id(5)] int ConductEntries,
    [property: Id(6)] int CardSlipsToSign = 0);

/// <summary>One manager on the shift: their day (sign-in, leave, meal, absence), log, conduct, and the day's card slips still to sign (PF-2).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ShiftMember")]
public sealed record ShiftMember(
    [property: Id(0)] string Badge,
    [property: Id(1)] string? Name,
    [property: Id(2)] ManagerDay? Day,
    [property: Id(3)] ShiftLog? Log,
    [property: Id(4)] int ConductEntries,
    [property: Id(5)] int CardSlipsToSign = 0);

/// <summary>
/// A department's shift on one business day (WD-1 to WD-8): who is expected, who signed in and when,
/// who was late, excused, at a meal, gone early or absent, the logs and contacts in, and whether the
/// shift is closed (at the business day's end, when a manager who never signed in is settled).
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ShiftView")]
public sealed record ShiftView(
    [property: Id(0)] string VenueId,
    [property: Id(1)] VenueKind Department,
    [property: Id(2)] DateOnly BusinessDay,
    [property: Id(3)] DateTimeOffset SignInBy,
    [property: Id(4)] DateTimeOffset ClosesAt,
    [property: Id(5)] IReadOnlyList<ShiftMember> Members,
    [property: Id(6)] IReadOnlyList<string> NotSignedIn,
    [property: Id(7)] int SignedIn,
    [property: Id(8)] int Late,
    [property: Id(9)] int Absent,
    [property: Id(10)] int LogsIn,
    [property: Id(11)] int Contacts,
    [property: Id(12)] DateTimeOffset? ClosedAt,
    [property: Id(13)] IReadOnlyList<Change> History,
    [property: Id(14)] int CardSlipsToSign = 0);

/// <summary>
/// A department's shift on a business day, keyed <c>venueId/department/yyyy-MM-dd</c>. The managers
/// own their day records and report each change here; the shift holds the department's day together
/// and closes it at the business day's end.
/// </summary>
[Alias("clubgrains.IShiftGrain")]
public interface IShiftGrain : IGrainWithStringKey
{
    /// <summary>A manager reports their day; an older sequence than the shift holds is ignored. The first report opens the shift.</summary>
    [Alias("Report"), OneWay]
    Task Report(ShiftReport report);

    /// <summary>The shift now, for those who run it: reception, the department manager, the GM, operators.</summary>
    [Alias("GetShift")]
    Task<Result<ShiftView>> GetShift(Actor reader);
}
