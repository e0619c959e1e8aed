using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>Pure rules of a manager's figures over a period, for the daily, weekly (PF-3) and monthly reports.</summary>
public static class ReportRules
{
    /// <summary>The figures over business days [<paramref name="firstDay"/>, <paramref name="lastDay"/>], with every flag of the period and its rule.</summary>
    public static ManagerReport Report(ManagerState state, DateOnly firstDay, DateOnly lastDay, VenueSnapshot venue)
    {
        bool In(DateOnly d) => d >= firstDay && d <= lastDay;
        var profile = state.Profile!;
        var clock = VenueClock.For(venue.Venue);
        var logs = state.Logs.Values.Where(l => In(l.BusinessDay)).ToArray();
        var counted = state.Card.Where(c => In(c.BusinessDay) && c.SignedAt is not null && !c.Void).ToArray();
        var ledger = state.Ledger.Where(e => In(clock.BusinessDayOf(e.At)) && e.Status != LedgerStatus.Rejected).ToArray();
        var flags = logs.SelectMany(l => l.MissingParts.Select(p => $"{l.BusinessDay:yyyy-MM-dd}: daily log without {p} ({LogRule})"))
            .Concat(logs.Where(l => l.TooFewContacts).Select(l => $"{l.BusinessDay:yyyy-MM-dd}: fewer than {venue.Policy.Workday.MinDailyContacts} customer contacts ({ContactsRule})"))
            .Concat(state.EmptyLogDays.Where(In).Select(d => $"{d:yyyy-MM-dd}: no daily log ({EmptyLogRule})"))
            .Concat(state.History.Where(h => In(clock.BusinessDayOf(h.At)) && (h.Rule == ReviewRule || (h.Rule == NewCustomersRule && h.What.Contains("flagged", StringComparison.Ordinal))))
                .Select(h => $"{clock.BusinessDayOf(h.At):yyyy-MM-dd}: {h.What} ({h.Rule})"))
            .ToArray();
        return new ManagerReport(
            profile.Badge, profile.Name, profile.Department,
            state.Days.Values.Count(d => In(d.BusinessDay) && d.SignedInAt is not null),
            state.Days.Values.Count(d => In(d.BusinessDay) && d.Late),
            counted.Length,
            counted.Sum(c => c.Spend),
            state.NewCustomers.Count(c => In(c.Day)),
            logs.Sum(l => l.Content.Gifts?.FruitPlates ?? 0),
            logs.Sum(l => l.Content.Gifts?.Snacks ?? 0),
            logs.Sum(l => l.Content.Gifts?.Tickets ?? 0),
            ledger.Length,
            ledger.Where(e => e.Kind == LedgerKind.Fine && e.Status == LedgerStatus.Confirmed).Sum(e => e.Amount ?? 0),
            flags,
            logs.SelectMany(l => l.Content.Feedback ?? []).ToArray(),
            state.Months.LastOrDefault(m => m.Year == lastDay.Year && m.Month == lastDay.Month));
    }
}
