using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>
/// Who may give a command on a manager's record: the <see cref="Roles"/> under the <see cref="Rule"/>,
/// and, where <see cref="OwnAct"/> names the act, a manager on their own record only.
/// </summary>
public sealed record Permit(string Rule, string[] Roles, string? OwnAct = null);

/// <summary>A registration's checked fields.</summary>
public sealed record Registration(string Name, VenueKind Department, bool OnProbation);

/// <summary>
/// The account managers' rule IDs, who may do what on a manager's record, registration and the
/// deadlines a record holds. The families' decisions are in <see cref="WorkdayRules"/>,
/// <see cref="MessageRules"/>, <see cref="LedgerRules"/>, <see cref="CardRules"/> and <see cref="LogRules"/>.
/// </summary>
public static class StaffRules
{
    public const string QuarrelRule = "DS-1";
    public const string TipRule = "DS-2";
    public const string ObeyFirstRule = "DS-3";
    public const string LedgerRule = "DS-4";
    public const string ReplyRule = "WD-5";
    public const string CardRule = "PF-2";
    public const string CreditRule = "PF-1";
    public const string SignInRule = "WD-1";
    public const string LateRule = "WD-2";
    public const string ReviewRule = "WD-7";
    public const string LogRule = "LG-1";
    public const string EmptyLogRule = "LG-2";
    public const string ContactsRule = "WD-8";
    public const string QuotaRule = "TG-1";
    public const string NewCustomersRule = "TG-2";
    public const string EarlyLeaveRule = "WD-3";
    public const string MealRule = "WD-4";
    public const string MoodRule = "WD-6";

    /// <summary>The booking rule that names the booker (BK-1): a booker is a registered manager of the booking's department.</summary>
    public const string BookerRule = "BK-1";

    /// <summary>Who records sign-ins and returns at the designated place: reception and the department manager (WD-2).</summary>
    public static readonly string[] Recorders = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager];

    public static readonly string[] Supervisors = [Roles.DepartmentManager, Roles.GeneralManager];

    /// <summary>Who reads a department's shift: those who record it and run the department, and operators.</summary>
    public static readonly string[] ShiftReaders = [.. Recorders, Roles.Operator];

    /// <summary>Who reads a manager's record: their supervisors, operators, and the manager themself.</summary>
    public static readonly string[] RecordReaders = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator, Roles.Manager];

    /// <summary>WD-2: a manager phones in themself, or reception or the department manager take the call.</summary>
    public static readonly Permit PhoneIn = new(LateRule, Recorders, "phone in for another manager");

    /// <summary>A command of the department manager (or GM) under the rule.</summary>
    public static Permit Supervised(string rule) => new(rule, Supervisors);

    /// <summary>A command of those who record at the designated place (WD-2), under the rule.</summary>
    public static Permit Recorded(string rule) => new(rule, Recorders);

    /// <summary>A command of the manager on their own record only (DS-4); <paramref name="act"/> says what another may not do.</summary>
    public static Permit Own(string act) => new(LedgerRule, [], act);

    /// <summary>Whether the reader may see this manager's record (DS-4: the ledger is the manager's and their supervisors').</summary>
    public static Refusal? MayRead(Actor reader, string venueId, string badge) =>
        Access.Require(reader, venueId, LedgerRule, RecordReaders)
        ?? (reader.Role == Roles.Manager && reader.Badge != badge
            ? Refusal.Forbidden("A manager reads only their own record.", LedgerRule)
            : null);

    /// <summary>Null when the actor may give the command on manager <paramref name="badge"/>'s record, else why not.</summary>
    public static Refusal? MayCommand(Actor actor, string venueId, string badge, Permit permit)
    {
        if (permit.OwnAct is not { } act || (permit.Roles.Length > 0 && actor.Role != Roles.Manager))
        {
            return Access.Require(actor, venueId, permit.Rule, permit.Roles);
        }

        return Access.Require(actor, venueId, LedgerRule, Roles.Manager)
            ?? (actor.Badge == badge ? null : Refusal.Forbidden($"A manager may not {act} (badge {badge}, not {actor.Badge ?? "none"}).", LedgerRule));
    }

    public static Refusal Missing(string venueId, string badge) => Refusal.NotFound($"Venue '{venueId}' has no account manager with badge {badge}.");

    public static Refusal VenueMissing(string venueId) => Refusal.NotFound($"Venue '{venueId}' does not exist.");

    /// <summary>A registration or change: the draft's fields, fields left out keeping their value; a new manager is on probation unless told.</summary>
    public static Result<Registration> Register(string badge, ManagerDraft draft, ManagerProfile? current)
    {
        var errors = new List<FieldError>();
        if (!VenueRules.IsValidId(badge.ToLowerInvariant()))
        {
            errors.Add(new("badge", "A badge number of 1–40 letters, digits or dashes."));
        }

        var name = draft.Name?.Trim() ?? current?.Name;
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add(new("name", "Required, at most 100 characters."));
        }
        else if (Limits.HasControlCharacters(name))
        {
            errors.Add(new("name", "Must not hold control characters (NUL, line breaks, tabs…)."));
        }

        var department = draft.Department ?? current?.Department;
        if (department is null)
        {
            errors.Add(new("department", "Required: ktv or disco."));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        return new Registration(name!, department!.Value, draft.OnProbation ?? current?.OnProbation ?? true);
    }

    /// <summary>A manager works in a department the venue runs.</summary>
    public static Refusal? RunsDepartment(Venue venue, VenueKind department) =>
        venue.Kinds.Contains(department)
            ? null
            : Refusal.Invalid([new FieldError("department", $"The venue does not run {department.ToString().ToLowerInvariant()}.")]);

    /// <summary>The end of a business day: the next day's cut-off.</summary>
    public static DateTimeOffset EndOf(DateOnly businessDay, VenueClock clock) => clock.InstantOf(businessDay.AddDays(1), clock.DayCutoff);

    /// <summary>A deadline has passed once the clock is beyond it: an act at the deadline itself is on time.</summary>
    public static bool Passed(DateTimeOffset deadline, DateTimeOffset now) => now > deadline;

    /// <summary>How many of these instants fall within the 24 hours before <paramref name="now"/>: the per-day bounds of <see cref="Limits"/>.</summary>
    public static int RecentCount(IEnumerable<DateTimeOffset> instants, DateTimeOffset now)
    {
        var since = now.AddDays(-1);
        return instants.Count(at => at > since);
    }

    /// <summary>Just after the earliest open deadline of the record: a reply or a signature at the deadline is on time.</summary>
    public static DateTimeOffset? NextDeadline(ManagerState state) =>
        state.Messages.Where(m => m.RepliedAt is null && !m.Missed).Select(m => (DateTimeOffset?)m.ReplyBy)
            .Concat(state.Card.Where(c => c.SignedAt is null && !c.Void).Select(c => (DateTimeOffset?)c.SignBy))
            .Concat(state.Days.Values.Where(d => d.MealReturnBy is not null && d.MealReturnedAt is null && !d.MealOverrun).Select(d => d.MealReturnBy))
            .Concat(state.Days.Values.Where(d => d.LogDueBy is not null && !d.LogMissing && !state.Logs.ContainsKey(d.BusinessDay)).Select(d => d.LogDueBy))
            .Append(state.NewCustomersCheckAt)
            .Append(state.AssessmentAt)
            .Min()?.AddTicks(1);
}
