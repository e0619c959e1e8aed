using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>Whether an account manager may work and book (DS-4).</summary>
public enum ManagerStatus
{
    Active = 0,
    Suspended = 1,
    Dismissed = 2,
}

/// <summary>What a ledger entry is.</summary>
public enum LedgerKind
{
    Fine = 0,
    Suspension = 1,
    Dismissal = 2,
}

/// <summary>DS-4: fines may stand at once; suspensions and dismissals are recommended and take effect when confirmed.</summary>
public enum LedgerStatus
{
    /// <summary>In force.</summary>
    Confirmed = 0,

    /// <summary>Waiting for the department manager (or GM) to confirm or reject.</summary>
    Recommended = 1,

    Rejected = 2,
}

/// <summary>An account manager (客户经理) of a venue, known by badge number.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerProfile")]
public sealed record ManagerProfile(
    [property: Id(0)] string VenueId,
    [property: Id(1)] string Badge,
    [property: Id(2)] string Name,
    [property: Id(3)] VenueKind Department,
    [property: Id(4)] bool OnProbation,
    [property: Id(5)] ManagerStatus Status,
    [property: Id(6)] DateTimeOffset RegisteredAt);

/// <summary>What a department manager sends to register or change an account manager.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerDraft")]
public sealed record ManagerDraft(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] VenueKind? Department = null,
    [property: Id(2), System.ComponentModel.Description("Whether the manager is on probation (TG-1: assessed, not dismissed). Left out: true for a new manager, unchanged for a registered one.")] bool? OnProbation = null);

/// <summary>DS-4: one fine, suspension or dismissal in a manager's ledger, with its rule, time, recorder and evidence.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] LedgerKind Kind,
    [property: Id(2)] string Rule,
    [property: Id(3)] decimal? Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] Actor RecordedBy,
    [property: Id(7)] string Evidence,
    [property: Id(8)] LedgerStatus Status,
    [property: Id(9)] Actor? DecidedBy = null,
    [property: Id(10)] DateTimeOffset? DecidedAt = null,
    [property: Id(11)] bool AfterOutage = false);

/// <summary>WD-5: a call or message from the department manager and the manager's reply.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerMessage")]
public sealed record ManagerMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] Actor From,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset SentAt,
    [property: Id(4)] DateTimeOffset ReplyBy,
    [property: Id(5)] DateTimeOffset? RepliedAt = null,
    [property: Id(6)] string? Reply = null,
    [property: Id(7)] bool Missed = false,
    [property: Id(8)] string? Objection = null,
    [property: Id(9)] DateTimeOffset? ObjectedAt = null);

/// <summary>PF-2: one slip of the performance card: a credited booking the manager checks and signs.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.CardSlip")]
public sealed record CardSlip(
    [property: Id(0)] string BookingId,
    [property: Id(1)] DateOnly BusinessDay,
    [property: Id(2)] string GuestName,
    [property: Id(3)] string? RoomId,
    [property: Id(4)] decimal Spend,
    [property: Id(5)] DateTimeOffset CheckedOutAt,
    [property: Id(6)] DateTimeOffset SignBy,
    [property: Id(7)] DateTimeOffset? SignedAt = null,
    [property: Id(8)] bool Void = false);

/// <summary>A manager as the department manager sees them.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerView")]
public sealed record ManagerView(
    [property: Id(0)] ManagerProfile Profile,
    [property: Id(1)] IReadOnlyList<LedgerEntry> Ledger,
    [property: Id(2)] IReadOnlyList<ManagerMessage> Messages,
    [property: Id(3)] IReadOnlyList<CardSlip> Card,
    [property: Id(4)] IReadOnlyList<Change> History,
    [property: Id(5)] IReadOnlyList<ManagerDay>? Days = null,
    [property: Id(6)] int LateStreak = 0,
    [property: Id(7)] IReadOnlyList<DailyLog>? Logs = null,
    [property: Id(8)] IReadOnlyList<MonthResult>? Months = null);

/// <summary>A credited booking reported by the booking at checkout (PF-1).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Credit")]
public sealed record BookingCredit(
    [property: Id(0)] string BookingId,
    [property: Id(1)] DateOnly BusinessDay,
    [property: Id(2)] string GuestName,
    [property: Id(3)] string? RoomId,
    [property: Id(4)] decimal Spend,
    [property: Id(5)] DateTimeOffset CheckedOutAt);

/// <summary>A fine another part of the house recommends on a manager (BK-4 cheating), idempotent by its operation id.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.FineRequest")]
public sealed record FineRequest(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string Rule,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] Actor RecordedBy,
    [property: Id(6)] string Evidence);

/// <summary>What the department manager records against a manager (DS-1 quarrel, DS-2 tips, WD-6 mood).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ViolationDraft")]
public sealed record ViolationDraft(
    [property: Id(0)] string? Rule = null,
    [property: Id(1)] decimal? Amount = null,
    [property: Id(2)] decimal? Tip = null,
    [property: Id(3)] bool? Serious = null,
    [property: Id(4)] string? Evidence = null);

/// <summary>One business day of a manager's working day (WD-1 to WD-6): sign-in, leave, meal, and whether the day's credit stands.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerDay")]
public sealed record ManagerDay(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] DateTimeOffset? PhonedInAt = null,
    [property: Id(2)] string? LeaveReason = null,
    [property: Id(3)] DateTimeOffset? SignedInAt = null,
    [property: Id(4)] bool Late = false,
    [property: Id(5)] DateTimeOffset? MealFrom = null,
    [property: Id(6)] DateTimeOffset? MealReturnBy = null,
    [property: Id(7)] DateTimeOffset? MealReturnedAt = null,
    [property: Id(8)] string? CreditCancelledBy = null,
    [property: Id(9)] DateTimeOffset? LeftEarlyAt = null,
    [property: Id(10)] bool MealOverrun = false,
    [property: Id(11)] DateTimeOffset? LogDueBy = null,
    [property: Id(12)] bool LogMissing = false,
    [property: Id(13)] bool NoShow = false)
{
    /// <summary>Excused for the day: phoned in to ask for leave before the sign-in deadline (WD-2).</summary>
    public bool Excused(DateTimeOffset signInBy) => PhonedInAt is { } at && at <= signInBy;
}

/// <summary>LG-1: the gifts given away that day.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Gifts")]
public sealed record Gifts(
    [property: Id(0)] int FruitPlates = 0,
    [property: Id(1)] int Snacks = 0,
    [property: Id(2)] int Tickets = 0);

/// <summary>LG-1: a customer who booked that day and what they spent.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.LoggedBooking")]
public sealed record LoggedBooking(
    [property: Id(0)] string? Customer = null,
    [property: Id(1)] decimal? Spend = null);

/// <summary>
/// LG-1: the daily log written at the post-shift meeting: the four required parts (bookings with
/// spend, gifts, new customers, feedback), special events, and WD-8's contacts.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.DailyLogDraft")]
public sealed record DailyLogDraft(
    [property: Id(0)] IReadOnlyList<LoggedBooking>? Bookings = null,
    [property: Id(1)] Gifts? Gifts = null,
    [property: Id(2)] IReadOnlyList<ClubGrains.Customers.NewCustomer>? NewCustomers = null,
    [property: Id(3)] IReadOnlyList<string>? Feedback = null,
    [property: Id(4)] string? SpecialEvents = null,
    [property: Id(5)] int? Contacts = null);

/// <summary>A stored daily log with what the day's report flags (LG-1 parts missing, WD-8 too few contacts).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.DailyLog")]
public sealed record DailyLog(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] DateTimeOffset WrittenAt,
    [property: Id(2)] DailyLogDraft Content,
    [property: Id(3)] IReadOnlyList<string> MissingParts,
    [property: Id(4)] bool TooFewContacts,
    [property: Id(5)] IReadOnlyList<string> NewCustomersClaimed,
    [property: Id(6)] IReadOnlyList<string> NewCustomersRefused);

/// <summary>TG-1: a month's assessment, once its last slips' signing deadline has passed.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.MonthResult")]
public sealed record MonthResult(
    [property: Id(0)] int Year,
    [property: Id(1)] int Month,
    [property: Id(2)] decimal Revenue,
    [property: Id(3)] int Rooms,
    [property: Id(4)] decimal RevenueQuota,
    [property: Id(5)] int? RoomQuota,
    [property: Id(6)] bool Met,
    [property: Id(7)] bool OnProbation,
    [property: Id(8)] int NewCustomers);

/// <summary>One manager's figures over a period, for the daily, weekly (PF-3) and monthly reports.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ManagerReport")]
public sealed record ManagerReport(
    [property: Id(0)] string Badge,
    [property: Id(1)] string Name,
    [property: Id(2)] VenueKind Department,
    [property: Id(3)] int DaysSignedIn,
    [property: Id(4)] int DaysLate,
    [property: Id(5)] int Bookings,
    [property: Id(6)] decimal Spend,
    [property: Id(7)] int NewCustomers,
    [property: Id(8)] int FruitPlates,
    [property: Id(9)] int Snacks,
    [property: Id(10)] int Tickets,
    [property: Id(11)] int Violations,
    [property: Id(12)] decimal Fines,
    [property: Id(13)] IReadOnlyList<string> Flags,
    [property: Id(14)] IReadOnlyList<string> Feedback,
    [property: Id(15)] MonthResult? Month);
