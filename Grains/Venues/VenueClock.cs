namespace ClubGrains.Venues;

/// <summary>
/// A venue's local time and business day. A business day runs from the day cut-off to the next one,
/// so 01:30 on Saturday belongs to Friday's business day.
/// </summary>
public sealed class VenueClock
{
    private readonly TimeZoneInfo _zone;

    public VenueClock(TimeZoneInfo zone, TimeOnly dayCutoff)
    {
        _zone = zone;
        DayCutoff = dayCutoff;
    }

    public static VenueClock For(Venue venue) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(venue.TimeZone), venue.DayCutoff);

    public TimeOnly DayCutoff { get; }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    public DateOnly BusinessDayOf(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var day = DateOnly.FromDateTime(local.DateTime);
        return TimeOnly.FromDateTime(local.DateTime) < DayCutoff ? day.AddDays(-1) : day;
    }

    /// <summary>How far into its business day a local clock time falls; orders 02:00 after 22:45.</summary>
    public TimeSpan OffsetInBusinessDay(TimeOnly time) => OffsetInBusinessDay(time, DayCutoff);

    public static TimeSpan OffsetInBusinessDay(TimeOnly time, TimeOnly dayCutoff)
    {
        var offset = time.ToTimeSpan() - dayCutoff.ToTimeSpan();
        return offset < TimeSpan.Zero ? offset + TimeSpan.FromDays(1) : offset;
    }

    /// <summary>
    /// The instant at which a business day reaches a local clock time. A local time that does not
    /// exist (skipped by a daylight-saving change) moves forward by the gap; an ambiguous one takes
    /// its first occurrence.
    /// </summary>
    public DateTimeOffset InstantOf(DateOnly businessDay, TimeOnly time)
    {
        var date = time < DayCutoff ? businessDay.AddDays(1) : businessDay;
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            var gap = _zone.GetAdjustmentRules()
                .Where(r => r.DateStart <= local && r.DateEnd >= local)
                .Select(r => r.DaylightDelta)
                .FirstOrDefault(TimeSpan.FromHours(1));
            local = local.Add(gap);
        }

        var offset = _zone.IsAmbiguousTime(local)
            ? _zone.GetAmbiguousTimeOffsets(local).Max()
            : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
