using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>
/// An account manager, keyed <c>venueId/badge</c>: profile and status, the ledger (DS-4), messages
/// and their reply deadlines (WD-5), and the performance card (PF-1, PF-2).
/// </summary>
[Alias("clubgrains.IManagerGrain")]
public interface IManagerGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<Result<ManagerView>> Register(Actor actor, ManagerDraft draft);

    /// <summary>The manager's record, as the reader may see it: supervisors, operators, or the manager themself.</summary>
    [Alias("ReadManager")]
    Task<Result<ManagerView>> GetManager(Actor reader);

    /// <summary>WD-5: the department manager messages the manager, who must reply within the policy's minutes.</summary>
    [Alias("SendMessage")]
    Task<Result<ManagerMessage>> SendMessage(Actor actor, string? text);

    /// <summary>
    /// WD-5: the manager replies. <paramref name="repliedAt"/> records a reply that really happened
    /// while the service was down (with a reason); it turns that deadline's fine into a recommendation.
    /// </summary>
    [Alias("Reply")]
    Task<Result<ManagerMessage>> Reply(Actor actor, string messageId, string? text, DateTimeOffset? repliedAt, string? reason);

    /// <summary>DS-3: an objection to an instruction, raised only after it was carried out (answered).</summary>
    [Alias("RaiseObjection")]
    Task<Result<ManagerMessage>> RaiseObjection(Actor actor, string messageId, string? objection);

    /// <summary>DS-1, DS-2, WD-6: the department manager records a violation.</summary>
    [Alias("RecordViolation")]
    Task<Result<LedgerEntry>> RecordViolation(Actor actor, ViolationDraft draft);

    /// <summary>DS-4: the department manager (or GM) confirms or rejects a recommendation.</summary>
    [Alias("Decide")]
    Task<Result<LedgerEntry>> Decide(Actor actor, string entryId, bool confirm, string? reason);

    /// <summary>A fine recommended by another rule (BK-4); the same operation twice is recorded once.</summary>
    [Alias("RecommendFine")]
    Task RecommendFine(FineRequest fine);

    /// <summary>PF-1: a checked-out booking credits the manager's card; the same booking twice is one slip.</summary>
    [Alias("Credit")]
    Task Credit(BookingCredit credit);

    /// <summary>PF-2: the manager signs the card's open slips.</summary>
    [Alias("SignCard")]
    Task<Result<IReadOnlyList<CardSlip>>> SignCard(Actor actor);

    /// <summary>WD-2: the manager phones in to ask for leave; before the sign-in deadline it excuses the day.</summary>
    [Alias("PhoneIn")]
    Task<Result<ManagerDay>> PhoneIn(Actor actor, string? reason);

    /// <summary>WD-1/WD-2/WD-7: reception or the department manager records the manager's sign-in at the designated place.</summary>
    [Alias("SignIn")]
    Task<Result<ManagerDay>> SignIn(Actor actor);

    /// <summary>WD-4: the manager asks for leave to dine with a customer from a time, at least the policy's notice ahead.</summary>
    [Alias("RequestMealLeave")]
    Task<Result<ManagerDay>> RequestMealLeave(Actor actor, DateTimeOffset? from);

    /// <summary>WD-4: reception or the department manager records the return from the meal.</summary>
    [Alias("ReturnFromMeal")]
    Task<Result<ManagerDay>> ReturnFromMeal(Actor actor);

    /// <summary>WD-2 (never came, no call), WD-3 (left early without approved leave) or WD-6 (bad mood at work): a day's absence, recorded by the department manager.</summary>
    [Alias("RecordAbsence")]
    Task<Result<ManagerDay>> RecordAbsence(Actor actor, string? rule, string? evidence);

    /// <summary>LG-1/WD-8/TG-3: the manager writes the day's log; its new customers are claimed in the chain's files.</summary>
    [Alias("SubmitLog")]
    Task<Result<DailyLog>> SubmitLog(Actor actor, DailyLogDraft draft);

    /// <summary>The manager's figures over business days [firstDay, lastDay] (reports, PF-3).</summary>
    [Alias("Report")]
    Task<Result<ManagerReport>> Report(DateOnly firstDay, DateOnly lastDay);

    /// <summary>
    /// WD-2: the shift closes a business day at its end. A manager who was expected, never signed in
    /// and did not phone in is absent (旷工): the day's credit is cancelled and the absence fine is
    /// recommended for the department manager to confirm. Closing the same day twice changes nothing.
    /// </summary>
    [Alias("CloseDay")]
    Task<ManagerDay> CloseDay(DateOnly businessDay, DateTimeOffset closedAt);

    /// <summary>
    /// DS-4, WD-2: null when the manager may place bookings now for that department, else why not. The
    /// department is checked against the manager's registered one: the record decides, never a token.
    /// </summary>
    [Alias("MayBook")]
    Task<Refusal?> MayBook(VenueKind bookerDepartment);
}
