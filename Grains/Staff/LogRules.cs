using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>The check of the month's new customers (TG-2): how many were reported by the due day, against the minimum.</summary>
public sealed record NewCustomersCount(DateOnly DueDay, int Reported, int Needed)
{
    public bool Met => Reported >= Needed;
}

/// <summary>Pure rules of the daily logs (LG-1, LG-2, WD-8) and of the month's targets (TG-1, TG-2).</summary>
public static class LogRules
{
    /// <summary>LG-1: every field of a log that is out of bounds, with its rule.</summary>
    public static Refusal? CheckLog(DailyLogDraft draft)
    {
        var errors = new List<FieldError>();
        if (draft.Contacts is < 0 or > 1000)
        {
            errors.Add(new("contacts", "Between 0 and 1000.", ContactsRule));
        }

        if (draft.Gifts is { } gifts && (gifts.FruitPlates < 0 || gifts.Snacks < 0 || gifts.Tickets < 0))
        {
            errors.Add(new("gifts", "Counts of fruit plates, snacks and tickets are zero or more.", LogRule));
        }

        foreach (var (customer, i) in (draft.NewCustomers ?? []).Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(customer.Name) || PhoneNumbers.Normalize(customer.Phone) is null)
            {
                errors.Add(new($"newCustomers[{i}]", "Each new customer needs a name and a phone number.", LogRule));
            }
        }

        if ((draft.Bookings ?? []).Any(b => string.IsNullOrWhiteSpace(b.Customer) || b.Spend is not { } spend || Limits.CheckAmount(spend) is not null))
        {
            errors.Add(new("bookings", $"Each booking names the customer and what they spent: {Limits.AmountRange()}.", LogRule));
        }

        Limits.CheckCount(errors, "bookings", draft.Bookings, Limits.LogItems, LogRule);
        Limits.CheckCount(errors, "newCustomers", draft.NewCustomers, Limits.LogItems, LogRule);
        Limits.CheckCount(errors, "feedback", draft.Feedback, Limits.LogItems, LogRule);
        foreach (var (booking, i) in (draft.Bookings ?? []).Select((b, i) => (b, i)))
        {
            Limits.CheckText(errors, $"bookings[{i}].customer", booking.Customer, Limits.Name, LogRule);
        }

        foreach (var (customer, i) in (draft.NewCustomers ?? []).Select((c, i) => (c, i)))
        {
            Limits.CheckText(errors, $"newCustomers[{i}].name", customer.Name, Limits.Name, LogRule);
            Limits.CheckText(errors, $"newCustomers[{i}].phone", customer.Phone, Limits.Phone, LogRule);
        }

        foreach (var (line, i) in (draft.Feedback ?? []).Select((f, i) => (f, i)))
        {
            Limits.CheckText(errors, $"feedback[{i}]", line, Limits.Notes, LogRule);
        }

        Limits.CheckText(errors, "specialEvents", draft.SpecialEvents, Limits.Text, LogRule);
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>LG-1: one log a business day.</summary>
    public static Refusal? AlreadyWritten(bool written, DateOnly businessDay) =>
        written ? Refusal.Conflict($"The daily log of {businessDay:yyyy-MM-dd} is already written.", LogRule) : null;

    /// <summary>LG-1: the required parts a log leaves out.</summary>
    public static IReadOnlyList<string> MissingParts(DailyLogDraft log) =>
        new (string Part, bool Present)[]
        {
            ("bookings", log.Bookings is not null),
            ("gifts", log.Gifts is not null),
            ("newCustomers", log.NewCustomers is not null),
            ("feedback", log.Feedback is not null),
        }.Where(p => !p.Present).Select(p => p.Part).ToArray();

    /// <summary>WD-8: fewer customer contacts than the day's minimum are flagged.</summary>
    public static bool TooFewContacts(DailyLogDraft log, WorkdayPolicy policy) => (log.Contacts ?? 0) < policy.MinDailyContacts;

    /// <summary>LG-2: a day signed in for owes its log by the day's end, unless it is written already.</summary>
    public static DateTimeOffset? LogDueBy(DateOnly businessDay, VenueClock clock, bool written) => written ? null : EndOf(businessDay, clock);

    /// <summary>LG-2: the day's log is due, not written and not yet counted as missing.</summary>
    public static bool LogOverdue(ManagerDay day, bool written, DateTimeOffset now) =>
        day.LogDueBy is { } due && Passed(due, now) && !day.LogMissing && !written;

    /// <summary>LG-2: the days of that month without a log.</summary>
    public static int EmptyInMonth(IEnumerable<DateOnly> emptyLogDays, DateOnly businessDay) =>
        emptyLogDays.Count(d => d.Year == businessDay.Year && d.Month == businessDay.Month);

    /// <summary>LG-2: the month's empty log that reaches the policy's count is fined, once a month, at the log's deadline.</summary>
    public static LedgerEntry? EmptyLogFine(DateOnly businessDay, int inMonth, DateTimeOffset dueBy, LogPolicy policy, string currency) =>
        inMonth == policy.EmptyLogDaysForFine
            ? new LedgerEntry($"empty-logs:{businessDay:yyyy-MM}", LedgerKind.Fine, EmptyLogRule, policy.EmptyLogFine, currency, dueBy, Actor.System,
                $"{inMonth} business days without a daily log in {businessDay:yyyy-MM}", LedgerStatus.Confirmed)
            : null;

    /// <summary>TG-1: months are assessed from the month a manager is registered in.</summary>
    public static DateOnly MonthOf(DateOnly businessDay) => new(businessDay.Year, businessDay.Month, 1);

    /// <summary>TG-2 (chosen: the 15th): the end of the due day of the month that is next after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextNewCustomersCheck(DateTimeOffset now, VenueClock clock, TargetPolicy policy)
    {
        var today = clock.BusinessDayOf(now);
        var due = new DateOnly(today.Year, today.Month, policy.NewCustomersDueDay);
        var end = EndOf(due, clock);
        return end >= now ? end : EndOf(due.AddMonths(1), clock);
    }

    /// <summary>TG-2: the new customers reported in the month up to its due day, checked at that day's end.</summary>
    public static NewCustomersCount NewCustomersBy(DateTimeOffset check, IEnumerable<(DateOnly Day, string Phone)> newCustomers, VenueClock clock, TargetPolicy policy)
    {
        var dueDay = clock.BusinessDayOf(check.AddTicks(-1));
        var reported = newCustomers.Count(c => c.Day.Year == dueDay.Year && c.Day.Month == dueDay.Month && c.Day <= dueDay);
        return new NewCustomersCount(dueDay, reported, policy.NewCustomersMin);
    }

    /// <summary>TG-1: a month is assessed once its last slips' signing deadline has passed.</summary>
    public static DateTimeOffset AssessmentAt(DateOnly monthStart, VenueClock clock, LogPolicy policy) =>
        CardRules.SignBy(monthStart.AddMonths(1).AddDays(-1), clock, policy);

    /// <summary>TG-1: the month's result from its signed slips, against the department's quota (chosen numbers in the policy).</summary>
    public static MonthResult Assess(DateOnly monthStart, IEnumerable<CardSlip> card, VenueKind department, bool onProbation, IEnumerable<(DateOnly Day, string Phone)> newCustomers, TargetPolicy policy)
    {
        bool InMonth(DateOnly day) => day.Year == monthStart.Year && day.Month == monthStart.Month;
        var counted = card.Where(c => c.SignedAt is not null && !c.Void && InMonth(c.BusinessDay)).ToArray();
        var revenue = counted.Sum(c => c.Spend);
        var rooms = counted.Length;
        var (revenueQuota, roomQuota) = department == VenueKind.Ktv ? (policy.KtvMonthlyRevenue, (int?)policy.KtvMonthlyRooms) : (policy.DiscoMonthlyRevenue, null);
        var met = revenue >= revenueQuota && (roomQuota is null || rooms >= roomQuota);
        return new MonthResult(monthStart.Year, monthStart.Month, revenue, rooms, revenueQuota, roomQuota, met, onProbation, newCustomers.Count(c => InMonth(c.Day)));
    }

    /// <summary>TG-1: the months below quota in a row that recommend dismissal; a manager on probation is assessed, not dismissed.</summary>
    public static LedgerEntry? QuotaDismissal(DateOnly monthStart, MonthResult result, int missedInRow, DateTimeOffset assessedAt, TargetPolicy policy, string currency) =>
        !result.Met && !result.OnProbation && missedInRow == policy.MissedMonthsForDismissal
            ? new LedgerEntry($"quota:{monthStart:yyyy-MM}", LedgerKind.Dismissal, QuotaRule, null, currency, assessedAt, Actor.System,
                $"{missedInRow} consecutive months below quota", LedgerStatus.Recommended)
            : null;
}
