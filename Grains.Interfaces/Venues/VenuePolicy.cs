namespace ClubGrains.Venues;

/// <summary>
/// A venue's policy: every number of the rulebook, with the rulebook's defaults. Clock times are the
/// venue's local time and are ordered within the business day (from the day cut-off), so 02:00 comes
/// after 22:45. Amounts are in the venue's currency.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.VenuePolicy")]
public sealed record VenuePolicy
{
    [Id(0)] public BookingPolicy Bookings { get; init; } = new();
    [Id(1)] public WorkdayPolicy Workday { get; init; } = new();
    [Id(2)] public LogPolicy Logs { get; init; } = new();
    [Id(3)] public TargetPolicy Targets { get; init; } = new();
    [Id(4)] public DisciplinePolicy Discipline { get; init; } = new();
    [Id(5)] public CustomerPolicy Customers { get; init; } = new();

    public static VenuePolicy Default { get; } = new();
}

/// <summary>Holds and bookings (BK-2, BK-3, BK-4, BK-6).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BookingPolicy")]
public sealed record BookingPolicy
{
    /// <summary>BK-2: a room assigned before this time is held until <see cref="EarlyHoldUntil"/>.</summary>
    [Id(0)] public TimeOnly EarlyAssignmentBefore { get; init; } = new(20, 45);

    /// <summary>BK-2: the hold of an early assignment ends here (no-show if the guest has not arrived).</summary>
    [Id(1)] public TimeOnly EarlyHoldUntil { get; init; } = new(21, 0);

    /// <summary>BK-3: assignments from <see cref="EarlyAssignmentBefore"/> until this time are held <see cref="LaterHoldMinutes"/>.</summary>
    [Id(2)] public TimeOnly LaterWindowEnd { get; init; } = new(22, 45);

    /// <summary>BK-3: minutes a later assignment is held, from the moment of assignment.</summary>
    [Id(3)] public int LaterHoldMinutes { get; init; } = 20;

    /// <summary>BK-3 (chosen): minutes an assignment after <see cref="LaterWindowEnd"/> is held.</summary>
    [Id(4)] public int LateHoldMinutes { get; init; } = 20;

    /// <summary>BK-3 (chosen): no new assignment from this time to the day cut-off; null keeps booking open.</summary>
    [Id(5)] public TimeOnly? BookingClosesAt { get; init; }

    /// <summary>BK-6: whether the system may assign a room itself (recorded as an automatic assignment).</summary>
    [Id(6)] public bool AutomaticAssignment { get; init; }

    /// <summary>BK-4: fine recommended on the booker when a late arrival does not match the booking.</summary>
    [Id(7)] public decimal CheatingFine { get; init; } = 500m;
}

/// <summary>The account managers' working day (WD-1 to WD-8).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.WorkdayPolicy")]
public sealed record WorkdayPolicy
{
    /// <summary>WD-1: sign-in deadline; a sign-in at this second is on time.</summary>
    [Id(0)] public TimeOnly SignInBy { get; init; } = new(18, 0);

    /// <summary>WD-1: grooming (uniform, badge, make-up) done by.</summary>
    [Id(1)] public TimeOnly GroomingBy { get; init; } = new(18, 30);

    /// <summary>WD-1: the shift meeting.</summary>
    [Id(2)] public TimeOnly ShiftMeetingAt { get; init; } = new(19, 0);

    /// <summary>WD-1: everyone on the floor.</summary>
    [Id(3)] public TimeOnly OnFloorBy { get; init; } = new(19, 30);

    /// <summary>WD-2: fine for a late sign-in without having phoned in.</summary>
    [Id(4)] public decimal LateFine { get; init; } = 50m;

    /// <summary>WD-2: fine for not signing in at all (absence, 旷工); at least the late fine.</summary>
    [Id(5)] public decimal AbsenceFine { get; init; } = 50m;

    /// <summary>WD-4: minutes of notice before a meal with a customer.</summary>
    [Id(6)] public int MealLeaveNoticeMinutes { get; init; } = 60;

    /// <summary>WD-4: back from a meal with a customer by.</summary>
    [Id(7)] public TimeOnly MealReturnBy { get; init; } = new(20, 30);

    /// <summary>WD-5: minutes to answer the department manager; an answer at exactly this is on time.</summary>
    [Id(8)] public int ReplyMinutes { get; init; } = 5;

    /// <summary>WD-5: fine for a missed reply (leaving the post, 离岗).</summary>
    [Id(9)] public decimal LeavingPostFine { get; init; } = 100m;

    /// <summary>WD-5: missed replies in one calendar month that recommend suspension.</summary>
    [Id(10)] public int MissedRepliesForSuspension { get; init; } = 2;

    /// <summary>WD-7: consecutive late sign-ins that escalate to the department manager.</summary>
    [Id(11)] public int LateStreakForReview { get; init; } = 7;

    /// <summary>WD-8: fewest customer contacts a day before the day's report flags it.</summary>
    [Id(12)] public int MinDailyContacts { get; init; } = 5;

    /// <summary>WD-8: the contacts a day aimed for.</summary>
    [Id(13)] public int TargetDailyContacts { get; init; } = 10;
}

/// <summary>Daily log and performance card (LG-2, PF-2).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.LogPolicy")]
public sealed record LogPolicy
{
    /// <summary>LG-2 (chosen): business days with an empty log, in one calendar month, that cost a fine.</summary>
    [Id(0)] public int EmptyLogDaysForFine { get; init; } = 3;

    /// <summary>LG-2 (chosen): the fine for them.</summary>
    [Id(1)] public decimal EmptyLogFine { get; init; } = 50m;

    /// <summary>PF-2 (chosen): business days after the slip's own day by whose end it must be signed.</summary>
    [Id(2)] public int CardSigningBusinessDays { get; init; } = 1;
}

/// <summary>Quotas and new customers (TG-1, TG-2).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.TargetPolicy")]
public sealed record TargetPolicy
{
    /// <summary>TG-1 (chosen): a regular disco manager's monthly revenue quota.</summary>
    [Id(0)] public decimal DiscoMonthlyRevenue { get; init; } = 100_000m;

    /// <summary>TG-1 (chosen): a regular KTV manager's monthly revenue quota.</summary>
    [Id(1)] public decimal KtvMonthlyRevenue { get; init; } = 100_000m;

    /// <summary>TG-1 (chosen): a regular KTV manager's monthly room quota.</summary>
    [Id(2)] public int KtvMonthlyRooms { get; init; } = 30;

    /// <summary>TG-1: consecutive months below quota that recommend dismissal.</summary>
    [Id(3)] public int MissedMonthsForDismissal { get; init; } = 2;

    /// <summary>TG-2 (chosen): day of the month by which new customers are due.</summary>
    [Id(4)] public int NewCustomersDueDay { get; init; } = 15;

    /// <summary>TG-2: fewest new customers due by then.</summary>
    [Id(5)] public int NewCustomersMin { get; init; } = 7;
}

/// <summary>Fines set by the department manager (DS-1, DS-2).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.DisciplinePolicy")]
public sealed record DisciplinePolicy
{
    /// <summary>DS-1: lowest fine for a quarrel or fight.</summary>
    [Id(0)] public decimal QuarrelFineMin { get; init; } = 200m;

    /// <summary>DS-1: highest fine for a quarrel or fight.</summary>
    [Id(1)] public decimal QuarrelFineMax { get; init; } = 500m;

    /// <summary>DS-2: the first time, the fine is this many times the tip asked for.</summary>
    [Id(2)] public int TipFirstMultiplier { get; init; } = 5;

    /// <summary>DS-2: the second time, this many times.</summary>
    [Id(3)] public int TipSecondMultiplier { get; init; } = 10;

    /// <summary>DS-2: the offence count that recommends dismissal.</summary>
    [Id(4)] public int TipDismissalAt { get; init; } = 3;
}

/// <summary>Customer files (CR-2, CR-4).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.CustomerPolicy")]
public sealed record CustomerPolicy
{
    /// <summary>CR-2 (chosen): spend over the window that makes a big customer.</summary>
    [Id(0)] public decimal BigCustomerSpend { get; init; } = 50_000m;

    /// <summary>CR-2 (chosen): the window, in days.</summary>
    [Id(1)] public int BigCustomerWindowDays { get; init; } = 90;

    /// <summary>CR-4 (chosen): days after a visit by which the manager calls back.</summary>
    [Id(2)] public int CallbackDays { get; init; } = 3;
}
