namespace ClubGrains.Venues;

/// <summary>
/// The two floors a venue may run: KTV karaoke rooms and the disco's tables. A room's kind and a
/// manager's department use the same names.
/// </summary>
public enum VenueKind
{
    Ktv = 0,
    Disco = 1,
}
