using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Staff;

namespace ClubGrains.Api.Staff;

/// <summary>Body of <c>POST managers/{badge}/messages/{id}/reply</c>; <c>repliedAt</c> and <c>reason</c> only for a reply given during an outage.</summary>
public sealed record ReplyBody(string? Text, DateTimeOffset? RepliedAt, string? Reason);

/// <summary>Body of <c>POST managers/{badge}/messages/{id}/objection</c> (DS-3).</summary>
public sealed record ObjectionBody(string? Objection);

/// <summary>Body of <c>POST managers/{badge}/messages</c>.</summary>
public sealed record MessageBody(string? Text);

/// <summary>Body of <c>POST managers/{badge}/phone-in</c> (WD-2).</summary>
public sealed record PhoneInBody(string? Reason);

/// <summary>Body of <c>POST managers/{badge}/meal-leave</c> (WD-4).</summary>
public sealed record MealLeaveBody(DateTimeOffset? From);

/// <summary>Body of <c>POST managers/{badge}/absences</c> (WD-3, WD-6).</summary>
public sealed record AbsenceBody(string? Rule, string? Evidence);

/// <summary>Body of <c>POST managers/{badge}/ledger/{entryId}/decision</c> (DS-4).</summary>
public sealed record DecisionBody(bool? Confirm, string? Reason);

/// <summary>Account managers: their record, messages and replies (WD-5), ledger (DS-1, DS-2, DS-4) and card (PF-1, PF-2).</summary>
internal static partial class ManagerEndpoints
{
    private static readonly string[] Supervisors = StaffRules.Supervisors;
    private static readonly string[] Readers = StaffRules.RecordReaders;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial System.Text.RegularExpressions.Regex BadgePattern();

    public static IEndpointRouteBuilder MapManagerEndpoints(this IEndpointRouteBuilder routes)
    {
        var manager = routes.MapGroup("/venues/{venueId}/managers/{badge}").WithTags("Account managers");
        manager.MapPut("/", Register).RequireVenueRoles(Supervisors).Describe("registerManager", StaffRules.LedgerRule,
            "Registers an account manager by badge (工牌号), or changes their name, department or probation.")
            .Produces<ManagerView>().ProducesValidationProblem();
        manager.MapGet("/", Read).RequireVenueRoles(Readers).Describe("getManager", StaffRules.LedgerRule,
            "The manager's profile, ledger, messages, performance card and history (a manager: only their own).")
            .Produces<ManagerView>().ProducesProblem(StatusCodes.Status404NotFound);
        manager.MapPost("/messages", Message).RequireVenueRoles(Supervisors).Describe("messageManager", StaffRules.ReplyRule,
            "WD-5: messages the manager, who must reply within the policy's minutes or be fined for leaving the post.")
            .Produces<ManagerMessage>().ProducesValidationProblem();
        manager.MapPost("/messages/{messageId}/reply", Reply).RequireVenueRoles(Roles.Manager).Describe("replyToMessage", StaffRules.LedgerRule,
            "WD-5: the manager replies (only to their own messages); a reply given during an outage is recorded with its real time and a reason.")
            .Produces<ManagerMessage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/messages/{messageId}/objection", RaiseObjection).RequireVenueRoles(Roles.Manager).Describe("objectToMessage", StaffRules.LedgerRule,
            "DS-3: obey first, complain after: an objection to an instruction, only once it was answered.")
            .Produces<ManagerMessage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/violations", RecordViolation).RequireVenueRoles(Supervisors).Describe("recordViolation", StaffRules.LedgerRule,
            "DS-1 (quarrel or fight: a fine in the policy's range, or serious: dismissal recommended) or DS-2 (asking for tips: 5×, 10×, then dismissal recommended).")
            .Produces<LedgerEntry>().ProducesValidationProblem();
        manager.MapPost("/ledger/{entryId}/decision", Decide).RequireVenueRoles(Supervisors).Describe("decideLedgerEntry", StaffRules.LedgerRule,
            "DS-4: confirms or rejects a recommended fine, suspension or dismissal; a confirmed suspension or dismissal stops the manager booking.")
            .Produces<LedgerEntry>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/phone-in", PhoneIn).RequireVenueRoles([.. StaffRules.Recorders, Roles.Manager]).Describe("phoneIn", StaffRules.LateRule,
            "WD-2: the manager phones in to ask for leave (the manager themself, or reception or the department manager taking the call); before 18:00 it excuses the day.")
            .Produces<ManagerDay>();
        manager.MapPost("/sign-in", SignIn).RequireVenueRoles(StaffRules.Recorders).Describe("signIn", StaffRules.LateRule,
            "WD-1/WD-2/WD-7: records the sign-in at the designated place. After the deadline without having phoned in: fined, no new bookings, no credit and no day's pay; seven late in a row go to review.")
            .Produces<ManagerDay>().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/meal-leave", MealLeave).RequireVenueRoles(Roles.Manager).Describe("takeMealLeave", StaffRules.LedgerRule,
            "WD-4: the manager asks, at least an hour ahead, for leave to dine with a customer; not back by 20:30 counts as absence and cancels the day's credit.")
            .Produces<ManagerDay>().ProducesValidationProblem();
        manager.MapPost("/meal-return", MealReturn).RequireVenueRoles(StaffRules.Recorders).Describe("returnFromMeal", StaffRules.MealRule,
            "WD-4: records the manager's return from the meal.")
            .Produces<ManagerDay>().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/absences", RecordAbsence).RequireVenueRoles(Supervisors).Describe("recordAbsence", StaffRules.LedgerRule,
            "WD-2 (did not come, without having phoned in), WD-3 (left early without approved leave) or WD-6 (bad mood at work): a day's absence, fined the absence fine, and the day's credit cancelled.")
            .Produces<ManagerDay>().ProducesValidationProblem();
        manager.MapPost("/log", SubmitLog).RequireVenueRoles(Roles.Manager).Describe("submitDailyLog", StaffRules.LedgerRule,
            "LG-1/WD-8/TG-3: the manager's daily log (bookings with spend, gifts, new customers, feedback, special events, contacts); new customers are claimed in the chain's files; missing parts and too few contacts are flagged.")
            .Produces<DailyLog>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        manager.MapPost("/card/sign", SignCard).RequireVenueRoles(Roles.Manager).Describe("signCard", StaffRules.LedgerRule,
            "PF-2: the manager signs their performance card's open slips (only their own card).")
            .Produces<IReadOnlyList<CardSlip>>().ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static Task<IResult> Register(string venueId, string badge, ManagerDraft draft, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.Register(Actors.From(http.User), draft));

    private static Task<IResult> Read(string venueId, string badge, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.GetManager(Actors.From(http.User)));

    private static Task<IResult> Message(string venueId, string badge, MessageBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.SendMessage(Actors.From(http.User), body.Text));

    private static Task<IResult> Reply(string venueId, string badge, string messageId, ReplyBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.Reply(Actors.From(http.User), messageId, body.Text, body.RepliedAt, body.Reason));

    private static Task<IResult> RaiseObjection(string venueId, string badge, string messageId, ObjectionBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.RaiseObjection(Actors.From(http.User), messageId, body.Objection));

    private static Task<IResult> RecordViolation(string venueId, string badge, ViolationDraft draft, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.RecordViolation(Actors.From(http.User), draft));

    private static Task<IResult> Decide(string venueId, string badge, string entryId, DecisionBody body, IGrainFactory grains, HttpContext http) =>
        body.Confirm is null
            ? Task.FromResult(Refusal.Invalid([new FieldError("confirm", "Required: true to confirm, false to reject.")]).ToProblem())
            : Run(venueId, badge, grains, g => g.Decide(Actors.From(http.User), entryId, body.Confirm.Value, body.Reason));

    private static Task<IResult> PhoneIn(string venueId, string badge, PhoneInBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.PhoneIn(Actors.From(http.User), body.Reason));

    private static Task<IResult> SignIn(string venueId, string badge, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.SignIn(Actors.From(http.User)));

    private static Task<IResult> MealLeave(string venueId, string badge, MealLeaveBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.RequestMealLeave(Actors.From(http.User), body.From));

    private static Task<IResult> MealReturn(string venueId, string badge, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.ReturnFromMeal(Actors.From(http.User)));

    private static Task<IResult> RecordAbsence(string venueId, string badge, AbsenceBody body, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.RecordAbsence(Actors.From(http.User), body.Rule, body.Evidence));

    private static Task<IResult> SubmitLog(string venueId, string badge, DailyLogDraft draft, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.SubmitLog(Actors.From(http.User), draft));

    private static Task<IResult> SignCard(string venueId, string badge, IGrainFactory grains, HttpContext http) =>
        Run(venueId, badge, grains, g => g.SignCard(Actors.From(http.User)));

    /// <summary>The operation's id, the house rule a role refusal names, and its summary in the OpenAPI document.</summary>
    private static async Task<IResult> Run<T>(string venueId, string badge, IGrainFactory grains, Func<IManagerGrain, Task<Result<T>>> act) =>
        BadgePattern().IsMatch(badge)
            ? (await act(grains.GetGrain<IManagerGrain>(GrainKeys.Manager(venueId, badge)))).ToHttp(v => TypedResults.Ok(v))
            : Refusal.NotFound($"Venue '{venueId}' has no account manager with badge '{badge}'.").ToProblem();
}
