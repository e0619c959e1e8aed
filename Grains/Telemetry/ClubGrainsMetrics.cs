using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClubGrains.Venues;

namespace ClubGrains.Telemetry;

/// <summary>
/// The chain's business as metrics (meter <c>ClubGrains</c>), tagged by venue so operators chart
/// each one. Grains report what happened; occupancy gauges read what each venue's board last
/// reported on this silo.
/// </summary>
public sealed class ClubGrainsMetrics
{
    public const string MeterName = "ClubGrains";
    public const string VenueTag = "venue";
    public const string RoomKindTag = "room.kind";
    public const string RuleTag = "rule";
    public const string DepartmentTag = "department";
    public const string CurrencyTag = "currency";

    /// <summary>Spans of domain commands (one per command, with venue, room, booking and rule attributes).</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    // Amounts are recorded as double: OpenTelemetry .NET exports long and double instruments only and
    // silently drops decimal ones.
    private readonly Counter<long> _placed;
    private readonly Counter<long> _seated;
    private readonly Counter<long> _released;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _transferred;
    private readonly Counter<long> _checkedOut;
    private readonly Counter<double> _spend;
    private readonly Histogram<double> _releaseLateness;
    private readonly Counter<long> _repliesMissed;
    private readonly Counter<long> _fines;
    private readonly Counter<double> _fineAmount;
    private readonly Histogram<double> _signInLateness;
    private readonly ConcurrentDictionary<string, (int Holds, int Occupied)> _occupancy = new(StringComparer.Ordinal);

    public ClubGrainsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _placed = meter.CreateCounter<long>("clubgrains.bookings.placed", "{booking}", "Bookings placed and assigned a room.");
        _seated = meter.CreateCounter<long>("clubgrains.bookings.seated", "{booking}", "Parties seated (brought to the room).");
        _released = meter.CreateCounter<long>("clubgrains.bookings.released", "{booking}", "Holds released at their deadline: no-shows (BK-2, BK-3).");
        _cancelled = meter.CreateCounter<long>("clubgrains.bookings.cancelled", "{booking}", "Bookings cancelled at the booker's request (BK-5) or by override (BK-8).");
        _transferred = meter.CreateCounter<long>("clubgrains.bookings.transferred", "{booking}", "Seated parties moved to another room (BK-9).");
        _checkedOut = meter.CreateCounter<long>("clubgrains.bookings.checked_out", "{booking}", "Parties checked out with their spend (BK-10).");
        _spend = meter.CreateCounter<double>("clubgrains.spend", "{currency_unit}", "Spend recorded at checkout, in the venue's currency (BK-10).");
        // Seconds, not the default millisecond-sized buckets: a release is due within a second (1 s is a boundary).
        _releaseLateness = meter.CreateHistogram<double>("clubgrains.hold.release.lateness", "s", "Seconds from a hold's deadline to its release.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _repliesMissed = meter.CreateCounter<long>("clubgrains.replies.missed", "{reply}", "Reply deadlines missed by account managers (WD-5).");
        _fines = meter.CreateCounter<long>("clubgrains.fines", "{fine}", "Fines entered in managers' ledgers, by rule.");
        _fineAmount = meter.CreateCounter<double>("clubgrains.fines.amount", "{currency_unit}", "Amount of the fines entered, by rule.");
        _signInLateness = meter.CreateHistogram<double>("clubgrains.signin.lateness", "s", "Seconds past the sign-in deadline of late sign-ins (WD-2).");
        meter.CreateObservableGauge("clubgrains.holds.active", () => Occupancy(o => o.Holds), "{hold}", "Rooms held for a booking now, per venue.");
        meter.CreateObservableGauge("clubgrains.rooms.occupied", () => Occupancy(o => o.Occupied), "{room}", "Rooms with a seated party now, per venue.");
    }

    public void BookingPlaced(string venue, VenueKind kind) => _placed.Add(1, Venue(venue), Kind(kind));

    public void BookingSeated(string venue, VenueKind kind) => _seated.Add(1, Venue(venue), Kind(kind));

    public void BookingReleased(string venue, VenueKind kind, string rule, TimeSpan lateness)
    {
        _released.Add(1, Venue(venue), Kind(kind), new(RuleTag, rule));
        _releaseLateness.Record(lateness.TotalSeconds, Venue(venue), new(RuleTag, rule));
    }

    public void BookingCancelled(string venue, VenueKind kind, string rule) => _cancelled.Add(1, Venue(venue), Kind(kind), new(RuleTag, rule));

    public void BookingTransferred(string venue, VenueKind kind) => _transferred.Add(1, Venue(venue), Kind(kind));

    public void BookingCheckedOut(string venue, VenueKind kind, decimal spend, string currency)
    {
        _checkedOut.Add(1, Venue(venue), Kind(kind));
        _spend.Add((double)spend, Venue(venue), Kind(kind), new(CurrencyTag, currency));
    }

    public void ReplyMissed(string venue, VenueKind department) => _repliesMissed.Add(1, Venue(venue), Department(department));

    public void Fined(string venue, string rule, decimal amount)
    {
        _fines.Add(1, Venue(venue), new(RuleTag, rule));
        _fineAmount.Add((double)amount, Venue(venue), new(RuleTag, rule));
    }

    public void SignedInLate(string venue, VenueKind department, TimeSpan lateness) =>
        _signInLateness.Record(lateness.TotalSeconds, Venue(venue), Department(department));

    /// <summary>A venue's board reports its counts whenever they change.</summary>
    public void ReportOccupancy(string venue, int activeHolds, int occupiedRooms) => _occupancy[venue] = (activeHolds, occupiedRooms);

    /// <summary>The board left this silo: another silo reports the venue from now on.</summary>
    public void ForgetOccupancy(string venue) => _occupancy.TryRemove(venue, out _);

    private IEnumerable<Measurement<int>> Occupancy(Func<(int Holds, int Occupied), int> pick) =>
        _occupancy.Select(v => new Measurement<int>(pick(v.Value), Venue(v.Key)));

    private static KeyValuePair<string, object?> Venue(string venue) => new(VenueTag, venue);

    private static KeyValuePair<string, object?> Kind(VenueKind kind) => new(RoomKindTag, kind == VenueKind.Ktv ? "ktv" : "disco");

    private static KeyValuePair<string, object?> Department(VenueKind department) => new(DepartmentTag, department == VenueKind.Ktv ? "ktv" : "disco");
}
