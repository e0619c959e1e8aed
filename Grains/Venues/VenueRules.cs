using System.Globalization;
using System.Text.RegularExpressions;
using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>
/// Pure rules for venues, their policies and rooms: input in, a value or every field error out.
/// Field names are the API's camelCase paths.
/// </summary>
public static partial class VenueRules
{
    public const int MaxNameLength = 100;
    public const int MaxRooms = 500;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    /// <summary>Venue and room ids: lower-case letters, digits and dashes, at most 40.</summary>
    public static bool IsValidId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    public static Result<Venue> NewVenue(string id, VenueDraft draft, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (!IsValidId(id))
        {
            errors.Add(new("id", "Use 1–40 lower-case letters, digits or dashes, starting with a letter or digit."));
        }

        var name = RequiredText(draft.Name, "name", errors);
        var zone = ValidTimeZone(draft.TimeZone, errors, required: true);
        var kinds = ValidKinds(draft.Kinds, errors, required: true);
        var currency = ValidCurrency(draft.Currency ?? "CNY", errors);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        return new Venue(id, name!, zone!, draft.DayCutoff ?? new TimeOnly(6, 0), kinds!, currency!, now, now);
    }

    /// <summary>Applies the fields a caller sent; fields left out keep their value.</summary>
    public static Result<Venue> ChangedVenue(Venue current, VenueDraft draft, IEnumerable<RoomDefinition> rooms, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var name = draft.Name is null ? current.Name : RequiredText(draft.Name, "name", errors);
        var zone = draft.TimeZone is null ? current.TimeZone : ValidTimeZone(draft.TimeZone, errors, required: true);
        var kinds = draft.Kinds is null ? current.Kinds : ValidKinds(draft.Kinds, errors, required: true);
        var currency = draft.Currency is null ? current.Currency : ValidCurrency(draft.Currency, errors);
        if (kinds is not null)
        {
            var orphan = rooms.FirstOrDefault(r => !kinds.Contains(r.Kind));
            if (orphan is not null)
            {
                errors.Add(new("kinds", $"Room '{orphan.Id}' is of kind {Camel(orphan.Kind)}; remove it before dropping that kind."));
            }
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        return current with
        {
            Name = name!,
            TimeZone = zone!,
            DayCutoff = draft.DayCutoff ?? current.DayCutoff,
            Kinds = kinds!,
            Currency = currency!,
            UpdatedAt = now,
        };
    }

    /// <summary>A changed day cut-off must still fit the policy's times of day; each clash is named on dayCutoff.</summary>
    public static Refusal? CutoffClash(VenuePolicy policy, TimeOnly current, TimeOnly changed)
    {
        if (changed == current || Policy(policy, changed).Refusal is not { } clash)
        {
            return null;
        }

        return Refusal.Invalid(clash.Fields!.Select(f => f with { Field = "dayCutoff", Message = $"with this cut-off the policy's {f.Field} {f.Message}" }).ToArray());
    }

    public static Result<RoomDefinition> Room(Venue venue, string roomId, RoomDraft draft, RoomDefinition? current, int roomCount)
    {
        var errors = new List<FieldError>();
        if (!IsValidId(roomId))
        {
            errors.Add(new("roomId", "Use 1–40 lower-case letters, digits or dashes, starting with a letter or digit."));
        }

        if (current is null && roomCount >= MaxRooms)
        {
            errors.Add(new("roomId", $"A venue has at most {MaxRooms} rooms and tables."));
        }

        var name = draft.Name is null && current is not null ? current.Name : RequiredText(draft.Name, "name", errors);
        var type = draft.Type is null && current is not null ? current.Type : RequiredText(draft.Type, "type", errors);
        var kind = draft.Kind ?? current?.Kind;
        if (kind is null)
        {
            errors.Add(new("kind", "Required: ktv (a KTV room) or disco (a disco table)."));
        }
        else if (!venue.Kinds.Contains(kind.Value))
        {
            errors.Add(new("kind", $"The venue does not run {Camel(kind.Value)}."));
        }

        var capacity = draft.Capacity ?? current?.Capacity;
        if (capacity is null)
        {
            errors.Add(new("capacity", "Required: how many guests the room or table seats."));
        }
        else if (capacity is < 1 or > 200)
        {
            errors.Add(new("capacity", "Must be between 1 and 200."));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        return new RoomDefinition(roomId, name!, kind!.Value, type!, capacity!.Value);
    }

    /// <summary>Checks a whole policy against itself and the venue's day cut-off.</summary>
    public static Result<VenuePolicy> Policy(VenuePolicy? policy, TimeOnly dayCutoff)
    {
        if (policy is null)
        {
            return Refusal.Invalid([new FieldError("policy", "Required.")]);
        }

        var errors = new List<FieldError>();
        var check = new PolicyCheck(errors, dayCutoff);
        if (check.Present(policy.Bookings, "bookings"))
        {
            Bookings(policy.Bookings, check);
        }

        if (check.Present(policy.Workday, "workday"))
        {
            Workday(policy.Workday, check);
        }

        if (check.Present(policy.Logs, "logs"))
        {
            var p = policy.Logs;
            check.Between(p.EmptyLogDaysForFine, 1, 31, "logs.emptyLogDaysForFine", "LG-2");
            check.NotNegative(p.EmptyLogFine, "logs.emptyLogFine", "LG-2");
            check.Between(p.CardSigningBusinessDays, 0, 31, "logs.cardSigningBusinessDays", "PF-2");
        }

        if (check.Present(policy.Targets, "targets"))
        {
            var p = policy.Targets;
            check.NotNegative(p.DiscoMonthlyRevenue, "targets.discoMonthlyRevenue", "TG-1");
            check.NotNegative(p.KtvMonthlyRevenue, "targets.ktvMonthlyRevenue", "TG-1");
            check.Between(p.KtvMonthlyRooms, 0, 10_000, "targets.ktvMonthlyRooms", "TG-1");
            check.Between(p.MissedMonthsForDismissal, 1, 12, "targets.missedMonthsForDismissal", "TG-1");
            check.Between(p.NewCustomersDueDay, 1, 28, "targets.newCustomersDueDay", "TG-2");
            check.Between(p.NewCustomersMin, 0, 1_000, "targets.newCustomersMin", "TG-2");
        }

        if (check.Present(policy.Discipline, "discipline"))
        {
            var p = policy.Discipline;
            check.NotNegative(p.QuarrelFineMin, "discipline.quarrelFineMin", "DS-1");
            check.NotNegative(p.QuarrelFineMax, "discipline.quarrelFineMax", "DS-1");
            check.Ordered(p.QuarrelFineMin, p.QuarrelFineMax, "discipline.quarrelFineMax", "must not be below quarrelFineMin", "DS-1");
            check.Between(p.TipFirstMultiplier, 1, 100, "discipline.tipFirstMultiplier", "DS-2");
            check.Between(p.TipSecondMultiplier, 1, 100, "discipline.tipSecondMultiplier", "DS-2");
            check.Ordered(p.TipFirstMultiplier, p.TipSecondMultiplier, "discipline.tipSecondMultiplier", "must not be below tipFirstMultiplier", "DS-2");
            check.Between(p.TipDismissalAt, 1, 10, "discipline.tipDismissalAt", "DS-2");
        }

        if (check.Present(policy.Customers, "customers"))
        {
            var p = policy.Customers;
            check.Positive(p.BigCustomerSpend, "customers.bigCustomerSpend", "CR-2");
            check.Between(p.BigCustomerWindowDays, 1, 366, "customers.bigCustomerWindowDays", "CR-2");
            check.Between(p.CallbackDays, 1, 60, "customers.callbackDays", "CR-4");
        }

        return errors.Count > 0 ? Refusal.Invalid(errors, "The policy has invalid fields.") : policy;
    }

    private static void Bookings(BookingPolicy p, PolicyCheck check)
    {
        check.InDayOrder(p.EarlyAssignmentBefore, p.EarlyHoldUntil, "bookings.earlyHoldUntil",
            "must come after earlyAssignmentBefore in the business day, or early holds would last no time", "BK-2");
        check.InDayOrder(p.EarlyAssignmentBefore, p.LaterWindowEnd, "bookings.laterWindowEnd",
            "must come after earlyAssignmentBefore in the business day: the hold windows would overlap", "BK-3");
        check.Between(p.LaterHoldMinutes, 1, 240, "bookings.laterHoldMinutes", "BK-3");
        check.Between(p.LateHoldMinutes, 1, 240, "bookings.lateHoldMinutes", "BK-3");
        if (p.BookingClosesAt is { } closes && check.Offset(closes) == TimeSpan.Zero)
        {
            check.Add("bookings.bookingClosesAt", "must not be the day cut-off itself: booking would never open", "BK-3");
        }

        check.NotNegative(p.CheatingFine, "bookings.cheatingFine", "BK-4");
    }

    private static void Workday(WorkdayPolicy p, PolicyCheck check)
    {
        check.InDayOrder(p.SignInBy, p.GroomingBy, "workday.groomingBy", "must not come before signInBy", "WD-1", allowEqual: true);
        check.InDayOrder(p.GroomingBy, p.ShiftMeetingAt, "workday.shiftMeetingAt", "must not come before groomingBy", "WD-1", allowEqual: true);
        check.InDayOrder(p.ShiftMeetingAt, p.OnFloorBy, "workday.onFloorBy", "must not come before shiftMeetingAt", "WD-1", allowEqual: true);
        check.NotNegative(p.LateFine, "workday.lateFine", "WD-2");
        check.NotNegative(p.AbsenceFine, "workday.absenceFine", "WD-2");
        check.Ordered(p.LateFine, p.AbsenceFine, "workday.absenceFine", "must be at least lateFine: absence is at least as harsh as lateness", "WD-2");
        check.Between(p.MealLeaveNoticeMinutes, 0, 720, "workday.mealLeaveNoticeMinutes", "WD-4");
        check.Between(p.ReplyMinutes, 1, 60, "workday.replyMinutes", "WD-5");
        check.NotNegative(p.LeavingPostFine, "workday.leavingPostFine", "WD-5");
        check.Between(p.MissedRepliesForSuspension, 1, 31, "workday.missedRepliesForSuspension", "WD-5");
        check.Between(p.LateStreakForReview, 1, 31, "workday.lateStreakForReview", "WD-7");
        check.Between(p.MinDailyContacts, 0, 100, "workday.minDailyContacts", "WD-8");
        check.Between(p.TargetDailyContacts, 0, 100, "workday.targetDailyContacts", "WD-8");
        check.Ordered(p.MinDailyContacts, p.TargetDailyContacts, "workday.targetDailyContacts", "must not be below minDailyContacts", "WD-8");
    }

    private static string? RequiredText(string? value, string field, List<FieldError> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new(field, "Required."));
            return null;
        }

        if (text.Length > MaxNameLength)
        {
            errors.Add(new(field, $"At most {MaxNameLength} characters."));
            return null;
        }

        if (Limits.HasControlCharacters(text))
        {
            errors.Add(new(field, "Must not hold control characters (NUL, line breaks, tabs…)."));
            return null;
        }

        return text;
    }

    private static string? ValidTimeZone(string? id, List<FieldError> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            if (required)
            {
                errors.Add(new("timeZone", "Required: an IANA time zone id such as Asia/Shanghai."));
            }

            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            errors.Add(new("timeZone", $"'{id}' is not an IANA time zone id (such as Asia/Shanghai)."));
            return null;
        }

        return zone.Id;
    }

    private static VenueKind[]? ValidKinds(IReadOnlyList<VenueKind>? kinds, List<FieldError> errors, bool required)
    {
        if (kinds is null || kinds.Count == 0)
        {
            if (required)
            {
                errors.Add(new("kinds", "Required: at least one of ktv, disco."));
            }

            return null;
        }

        if (kinds.Any(k => !Enum.IsDefined(k)))
        {
            errors.Add(new("kinds", "Only ktv and disco are known."));
            return null;
        }

        return kinds.Distinct().Order().ToArray();
    }

    private static string? ValidCurrency(string currency, List<FieldError> errors)
    {
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors.Add(new("currency", "An ISO 4217 code of three capital letters, such as CNY."));
            return null;
        }

        return currency;
    }

    private static string Camel(VenueKind kind) => kind.ToString().ToLower(CultureInfo.InvariantCulture);

    private sealed class PolicyCheck(List<FieldError> errors, TimeOnly dayCutoff)
    {
        public void Add(string field, string message, string rule) => errors.Add(new(field, message, rule));

        public bool Present(object? section, string field)
        {
            if (section is null)
            {
                errors.Add(new(field, "Required."));
            }

            return section is not null;
        }

        public TimeSpan Offset(TimeOnly time) => VenueClock.OffsetInBusinessDay(time, dayCutoff);

        public void InDayOrder(TimeOnly earlier, TimeOnly later, string field, string message, string rule, bool allowEqual = false)
        {
            var a = Offset(earlier);
            var b = Offset(later);
            if (b < a || (!allowEqual && a == b))
            {
                Add(field, message, rule);
            }
        }

        public void Between(int value, int min, int max, string field, string rule)
        {
            if (value < min || value > max)
            {
                Add(field, $"must be between {min} and {max}", rule);
            }
        }

        public void NotNegative(decimal value, string field, string rule)
        {
            if (Limits.CheckAmount(value) is { } problem)
            {
                Add(field, problem, rule);
            }
        }

        public void Positive(decimal value, string field, string rule)
        {
            if (Limits.CheckAmount(value, allowZero: false) is { } problem)
            {
                Add(field, problem, rule);
            }
        }

        public void Ordered<T>(T low, T high, string field, string message, string rule)
            where T : IComparable<T>
        {
            if (high.CompareTo(low) < 0)
            {
                Add(field, message, rule);
            }
        }
    }
}
