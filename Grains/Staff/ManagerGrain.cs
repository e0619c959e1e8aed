using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Rooms;
using ClubGrains.Shifts;
using ClubGrains.Telemetry;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

[GenerateSerializer, Alias("clubgrains.ManagerState")]
public sealed class ManagerState : IDeadlineState
{
    [Id(0)] public ManagerProfile? Profile { get; set; }
    [Id(1)] public List<LedgerEntry> Ledger { get; set; } = [];
    [Id(2)] public List<ManagerMessage> Messages { get; set; } = [];
    [Id(3)] public List<CardSlip> Card { get; set; } = [];
    [Id(4)] public List<Change> History { get; set; } = [];
    [Id(5)] public DateTimeOffset? WakeUp { get; set; }
    [Id(6)] public HashSet<string> Operations { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public Dictionary<DateOnly, ManagerDay> Days { get; set; } = [];
    [Id(8)] public int LateStreak { get; set; }
    [Id(9)] public Dictionary<DateOnly, DailyLog> Logs { get; set; } = [];
    [Id(10)] public List<DateOnly> EmptyLogDays { get; set; } = [];
    [Id(11)] public List<(DateOnly Day, string Phone)> NewCustomers { get; set; } = [];
    [Id(12)] public List<MonthResult> Months { get; set; } = [];
    [Id(13)] public int MissedMonthsInRow { get; set; }
    [Id(14)] public DateOnly? NextAssessedMonth { get; set; }
    [Id(15)] public DateTimeOffset? AssessmentAt { get; set; }
    [Id(16)] public DateTimeOffset? NewCustomersCheckAt { get; set; }
}

/// <summary>
/// An account manager's record. Reply deadlines (WD-5) and card signing deadlines (PF-2) are held
/// in its state and applied once, stamped with their own time, by the system actor.
/// </summary>
public sealed class ManagerGrain : Grain, IManagerGrain, IRemindable
{
    private readonly IPersistentState<ManagerState> _state;
    private readonly TimeProvider _time;
    private readonly ClubGrainsMetrics _metrics;
    private DeadlineAlarm _alarm = null!;

    public ManagerGrain([PersistentState("manager", StorageNames.Club)] IPersistentState<ManagerState> state, TimeProvider time, ClubGrainsMetrics metrics)
    {
        _state = state;
        _time = time;
        _metrics = metrics;
    }

    private string VenueId => GrainKeys.ParseManager(this.GetPrimaryKeyString()).VenueId;

    private string Badge => GrainKeys.ParseManager(this.GetPrimaryKeyString()).Badge;

    private ManagerState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, _time, ApplyDeadlines);
        if (S.Profile is not null)
        {
            await ApplyDeadlines();
        }
    }

    public async Task<Result<ManagerView>> Register(Actor actor, ManagerDraft draft)
    {
        if (Access.Require(actor, VenueId, StaffRules.LedgerRule, StaffRules.Supervisors) is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (!VenueRules.IsValidId(Badge.ToLowerInvariant()))
        {
            errors.Add(new("badge", "A badge number of 1–40 letters, digits or dashes."));
        }

        var name = draft.Name?.Trim() ?? S.Profile?.Name;
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add(new("name", "Required, at most 100 characters."));
        }
        else if (Limits.HasControlCharacters(name))
        {
            errors.Add(new("name", "Must not hold control characters (NUL, line breaks, tabs…)."));
        }

        var department = draft.Department ?? S.Profile?.Department;
        if (department is null)
        {
            errors.Add(new("department", "Required: ktv or disco."));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return Refusal.NotFound($"Venue '{VenueId}' does not exist.");
        }

        if (!venue.Venue.Kinds.Contains(department!.Value))
        {
            return Refusal.Invalid([new FieldError("department", $"The venue does not run {department.Value.ToString().ToLowerInvariant()}.")]);
        }

        var now = _time.GetUtcNow();
        if (S.Profile is null)
        {
            var clock = VenueClock.For(venue.Venue);
            var today = clock.BusinessDayOf(now);
            S.NextAssessedMonth = new DateOnly(today.Year, today.Month, 1);
            S.AssessmentAt = StaffRules.AssessmentAt(S.NextAssessedMonth.Value, clock, venue.Policy.Logs);
            S.NewCustomersCheckAt = StaffRules.NextNewCustomersCheck(now, clock, venue.Policy.Targets);
        }

        var onProbation = draft.OnProbation ?? S.Profile?.OnProbation ?? true;
        S.Profile = S.Profile is null
            ? new ManagerProfile(VenueId, Badge, name!, department.Value, onProbation, ManagerStatus.Active, now)
            : S.Profile with { Name = name!, Department = department.Value, OnProbation = onProbation };
        Record(actor, now, $"registered {name} (badge {Badge}, {department.Value.ToString().ToLowerInvariant()}, {(onProbation ? "on probation" : "regular")})", StaffRules.LedgerRule);
        await Save();
        await GrainFactory.GetGrain<IVenueRosterGrain>(VenueId).Enlist(Badge, department.Value);
        return View();
    }

    public async Task<Result<ManagerView>> GetManager(Actor reader)
    {
        if (StaffRules.MayRead(reader, VenueId, Badge) is { } denied)
        {
            return denied;
        }

        if (S.Profile is null)
        {
            return Missing();
        }

        await ApplyDeadlines();
        return View();
    }

    public async Task<Result<ManagerMessage>> SendMessage(Actor actor, string? text)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.ReplyRule, StaffRules.Supervisors) is { } denied)
        {
            return denied;
        }

        if (Limits.Check("text", text, Limits.Text, StaffRules.ReplyRule, "the message") is { } badText)
        {
            return badText;
        }

        if (RecentCount(S.Messages.Select(m => m.SentAt)) >= Limits.PerManagerPerDay)
        {
            return Refusal.Conflict($"Manager {Badge} was sent {Limits.PerManagerPerDay} messages within the last 24 hours; no more can be sent now.", StaffRules.ReplyRule);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return Refusal.NotFound($"Venue '{VenueId}' does not exist.");
        }

        var now = _time.GetUtcNow();
        var message = new ManagerMessage(Guid.CreateVersion7().ToString("N"), actor.ForRecord(), text!.Trim(), now, StaffRules.ReplyBy(now, venue.Policy.Workday));
        S.Messages.Add(message);
        Record(actor, now, $"sent a message; reply due by {message.ReplyBy:O}", StaffRules.ReplyRule);
        await Save();
        return message;
    }

    public async Task<Result<ManagerMessage>> Reply(Actor actor, string messageId, string? text, DateTimeOffset? repliedAt, string? reason)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (OwnBadge(actor, "reply to another manager's message") is { } denied)
        {
            return denied;
        }

        await ApplyDeadlines();
        var index = S.Messages.FindIndex(m => m.Id == messageId);
        if (index < 0)
        {
            return Refusal.NotFound($"Manager {Badge} has no message '{messageId}'.");
        }

        var message = S.Messages[index];
        if (message.RepliedAt is not null)
        {
            return Refusal.Conflict("This message was already answered.", StaffRules.ReplyRule);
        }

        var bounds = new List<FieldError>();
        Limits.CheckText(bounds, "text", text, Limits.Text, StaffRules.ReplyRule);
        Limits.CheckText(bounds, "reason", reason, Limits.Reason, StaffRules.ReplyRule);
        if (bounds.Count > 0)
        {
            return Refusal.Invalid(bounds);
        }

        var now = _time.GetUtcNow();
        if (repliedAt is { } real)
        {
            // A reply that really happened while the service was down: it undoes the fine applied after the outage.
            var fine = S.Ledger.FindIndex(e => e.Id == FineId(message.Id));
            var errors = new List<FieldError>();
            if (!message.Missed || fine < 0 || !S.Ledger[fine].AfterOutage)
            {
                errors.Add(new("repliedAt", "Only a deadline applied after an outage can be answered with a past time.", StaffRules.ReplyRule));
            }
            else if (real < message.SentAt || real > message.ReplyBy)
            {
                errors.Add(new("repliedAt", $"Must be between the message ({message.SentAt:O}) and its deadline ({message.ReplyBy:O}).", StaffRules.ReplyRule));
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                errors.Add(new("reason", "Required: how the reply during the outage is known.", StaffRules.ReplyRule));
            }

            if (errors.Count > 0)
            {
                return Refusal.Invalid(errors);
            }

            S.Ledger[fine] = S.Ledger[fine] with { Status = LedgerStatus.Rejected, DecidedBy = actor.ForRecord(), DecidedAt = now };
            S.Messages[index] = message with { RepliedAt = real, Reply = text?.Trim(), Missed = false };
            Record(actor, now, $"recorded a reply given at {real:O}, during the outage: the fine for the missed deadline is withdrawn", StaffRules.ReplyRule, reason);
        }
        else
        {
            if (message.Missed)
            {
                return Refusal.Conflict($"The reply was due by {message.ReplyBy:O}; the deadline was missed.", StaffRules.ReplyRule);
            }

            S.Messages[index] = message with { RepliedAt = now, Reply = text?.Trim() };
            Record(actor, now, "replied to the department manager's message, on time", StaffRules.ReplyRule);
        }

        await Save();
        return S.Messages[index];
    }

    public async Task<Result<ManagerMessage>> RaiseObjection(Actor actor, string messageId, string? objection)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (OwnBadge(actor, "object on another manager's behalf") is { } denied)
        {
            return denied;
        }

        var index = S.Messages.FindIndex(m => m.Id == messageId);
        if (index < 0)
        {
            return Refusal.NotFound($"Manager {Badge} has no message '{messageId}'.");
        }

        if (Limits.Check("objection", objection, Limits.Text, StaffRules.ObeyFirstRule, "the objection") is { } badObjection)
        {
            return badObjection;
        }

        if (S.Messages[index].ObjectedAt is { } objected)
        {
            return Refusal.Conflict($"An objection to this instruction was already raised, at {objected:O}.", StaffRules.ObeyFirstRule);
        }

        if (S.Messages[index].RepliedAt is null)
        {
            return Refusal.Conflict("Carry the instruction out first (answer it); objections are raised afterwards.", StaffRules.ObeyFirstRule);
        }

        var now = _time.GetUtcNow();
        S.Messages[index] = S.Messages[index] with { Objection = objection!.Trim(), ObjectedAt = now };
        Record(actor, now, "raised an objection to an instruction already carried out", StaffRules.ObeyFirstRule, objection.Trim());
        await Save();
        return S.Messages[index];
    }

    public async Task<Result<LedgerEntry>> RecordViolation(Actor actor, ViolationDraft draft)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.LedgerRule, StaffRules.Supervisors) is { } denied)
        {
            return denied;
        }

        if (Limits.Check("evidence", draft.Evidence, Limits.Text, StaffRules.LedgerRule, "what happened, and how it is known") is { } badEvidence)
        {
            return badEvidence;
        }

        if (RecentCount(S.Ledger.Where(e => !e.RecordedBy.IsSystem).Select(e => e.At)) >= Limits.PerManagerPerDay)
        {
            return Refusal.Conflict($"{Limits.PerManagerPerDay} entries were recorded in manager {Badge}'s ledger within the last 24 hours; no more can be recorded now.", StaffRules.LedgerRule);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return Refusal.NotFound($"Venue '{VenueId}' does not exist.");
        }

        var decided = StaffRules.Violation(draft, S.Ledger, venue.Policy.Discipline, venue.Venue.Currency);
        if (decided.Value is not { } decision)
        {
            return decided.Refusal!;
        }

        var now = _time.GetUtcNow();
        var entry = new LedgerEntry(Guid.CreateVersion7().ToString("N"), decision.Kind, decision.Rule, decision.Amount, venue.Venue.Currency, now, actor.ForRecord(), draft.Evidence!.Trim(), decision.Status);
        S.Ledger.Add(entry);
        Record(actor, now, decision.What, decision.Rule, draft.Evidence.Trim());
        var clock = VenueClock.For(venue.Venue);
        await SaveDay(clock.BusinessDayOf(now), clock);
        if (entry.Kind == LedgerKind.Fine)
        {
            _metrics.Fined(VenueId, entry.Rule, entry.Amount!.Value);
        }

        return entry;
    }

    public async Task<Result<LedgerEntry>> Decide(Actor actor, string entryId, bool confirm, string? reason)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.LedgerRule, StaffRules.Supervisors) is { } denied)
        {
            return denied;
        }

        var index = S.Ledger.FindIndex(e => e.Id == entryId);
        if (index < 0)
        {
            return Refusal.NotFound($"Manager {Badge}'s ledger has no entry '{entryId}'.");
        }

        var entry = S.Ledger[index];
        if (entry.Status != LedgerStatus.Recommended)
        {
            return Refusal.Conflict($"The entry is {entry.Status.ToString().ToLowerInvariant()}, not a recommendation.", StaffRules.LedgerRule);
        }

        if (Limits.Check("reason", reason, Limits.Reason, StaffRules.LedgerRule) is { } badReason)
        {
            return badReason;
        }

        var now = _time.GetUtcNow();
        var decided = entry with { Status = confirm ? LedgerStatus.Confirmed : LedgerStatus.Rejected, DecidedBy = actor.ForRecord(), DecidedAt = now };
        S.Ledger[index] = decided;
        if (confirm && entry.Kind != LedgerKind.Fine)
        {
            S.Profile = S.Profile with { Status = entry.Kind == LedgerKind.Suspension ? ManagerStatus.Suspended : ManagerStatus.Dismissed };
        }

        Record(actor, now, $"{(confirm ? "confirmed" : "rejected")} the recommended {entry.Kind.ToString().ToLowerInvariant()} ({entry.Rule})", StaffRules.LedgerRule, reason);
        await Save();
        if (confirm && entry.Kind == LedgerKind.Fine)
        {
            _metrics.Fined(VenueId, entry.Rule, entry.Amount!.Value);
        }

        return decided;
    }

    public async Task RecommendFine(FineRequest fine)
    {
        if (S.Profile is null || !S.Operations.Add(fine.OperationId))
        {
            return;
        }

        S.Ledger.Add(new LedgerEntry(fine.OperationId, LedgerKind.Fine, fine.Rule, fine.Amount, fine.Currency, fine.At, fine.RecordedBy, fine.Evidence, LedgerStatus.Recommended));
        Record(fine.RecordedBy, fine.At, $"recommended a fine of {fine.Amount} {fine.Currency} for the department manager to confirm", fine.Rule, fine.Evidence);
        await Save();
    }

    public async Task Credit(BookingCredit credit)
    {
        if (S.Profile is null || !S.Operations.Add("credit:" + credit.BookingId))
        {
            return;
        }

        var venue = (await Venue()).Value!;
        var signBy = StaffRules.SignBy(credit.BusinessDay, VenueClock.For(venue.Venue), venue.Policy.Logs);
        var cancelledBy = S.Days.TryGetValue(credit.BusinessDay, out var day) ? day.CreditCancelledBy : null;
        S.Card.Add(new CardSlip(credit.BookingId, credit.BusinessDay, credit.GuestName, credit.RoomId, credit.Spend, credit.CheckedOutAt, signBy, Void: cancelledBy is not null));
        Record(Actor.System, credit.CheckedOutAt, cancelledBy is null
            ? $"credited booking {credit.BookingId} ({credit.Spend} {venue.Venue.Currency}); the slip is to be signed by {signBy:O}"
            : $"booking {credit.BookingId} checked out, but the day's credit is cancelled ({cancelledBy}): no credit", cancelledBy ?? StaffRules.CreditRule);
        await SaveDay(credit.BusinessDay, VenueClock.For(venue.Venue));
    }

    public async Task<Result<IReadOnlyList<CardSlip>>> SignCard(Actor actor)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (OwnBadge(actor, "sign another manager's card") is { } denied)
        {
            return denied;
        }

        await ApplyDeadlines();
        var now = _time.GetUtcNow();
        var open = S.Card.Select((slip, i) => (slip, i)).Where(x => x.slip.SignedAt is null && !x.slip.Void).ToArray();
        if (open.Length == 0)
        {
            return Refusal.Conflict("The card has no slip to sign.", StaffRules.CardRule);
        }

        foreach (var (slip, i) in open)
        {
            S.Card[i] = slip with { SignedAt = now };
        }

        Record(actor, now, $"signed {open.Length} slip(s) of the performance card", StaffRules.CardRule);
        await Save();
        var clock = VenueClock.For((await Venue()).Value!.Venue);
        foreach (var day in open.Select(x => x.slip.BusinessDay).Distinct())
        {
            ReportToShift(day, clock);
        }

        return Result.Ok<IReadOnlyList<CardSlip>>(S.Card.ToArray());
    }

    public async Task<ManagerDay> CloseDay(DateOnly businessDay, DateTimeOffset closedAt)
    {
        var day = DayOf(businessDay);
        if (S.Profile is null)
        {
            return day;
        }

        var venue = (await Venue()).Value!;
        var clock = VenueClock.For(venue.Venue);
        var signInBy = clock.InstantOf(businessDay, venue.Policy.Workday.SignInBy);
        if (!StaffRules.IsNoShow(S.Profile, day, signInBy))
        {
            return day;
        }

        var fine = venue.Policy.Workday.AbsenceFine;
        S.Days[businessDay] = day with { NoShow = true };
        S.Ledger.Add(new LedgerEntry($"no-show:{businessDay:yyyy-MM-dd}", LedgerKind.Fine, StaffRules.LateRule, fine, venue.Venue.Currency, closedAt, Actor.System,
            $"never signed in on business day {businessDay:yyyy-MM-dd} and did not phone in before {clock.ToLocal(signInBy):HH:mm}", LedgerStatus.Recommended));
        Record(Actor.System, closedAt,
            $"never signed in and did not phone in: a day's absence (旷工), the day's credit is cancelled; a fine of {fine} {venue.Venue.Currency} is recommended for the department manager to confirm",
            StaffRules.LateRule);
        CancelDayCredit(businessDay, StaffRules.LateRule, closedAt);
        await Save();
        return S.Days[businessDay];
    }

    public async Task<Refusal?> MayBook(VenueKind bookerDepartment)
    {
        var standing = S.Profile switch
        {
            null => Refusal.Invalid([new FieldError("bookerBadge", $"No account manager with badge {Badge} works at venue '{VenueId}'.", "BK-1")]),
            { Department: var registered } when registered != bookerDepartment =>
                Refusal.Invalid([new FieldError("bookerDepartment", $"Manager {Badge} works in the {registered.ToString().ToLowerInvariant()} department, not {bookerDepartment.ToString().ToLowerInvariant()}.", "BK-1")]),
            { Status: ManagerStatus.Suspended } => Refusal.Forbidden($"Manager {Badge} is suspended and cannot book.", StaffRules.LedgerRule),
            { Status: ManagerStatus.Dismissed } => Refusal.Forbidden($"Manager {Badge} is dismissed and cannot book.", StaffRules.LedgerRule),
            _ => null,
        };
        if (standing is not null)
        {
            return standing;
        }

        await ApplyDeadlines();
        var venue = (await Venue()).Value!;
        var today = VenueClock.For(venue.Venue).BusinessDayOf(_time.GetUtcNow());
        return S.Days.TryGetValue(today, out var day) && day.CreditCancelledBy is { } rule
            ? Refusal.Forbidden($"Manager {Badge} has no booking rights today: {(day.Late ? "signed in late without having phoned in" : "absent")} ({rule}); existing bookings stand, without credit.", rule)
            : null;
    }

    public async Task<Result<ManagerDay>> PhoneIn(Actor actor, string? reason)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        var refused = actor.Role == Roles.Manager
            ? OwnBadge(actor, "phone in for another manager")
            : Access.Require(actor, VenueId, StaffRules.LateRule, StaffRules.Recorders);
        if (refused is not null)
        {
            return refused;
        }

        if (Limits.Check("reason", reason, Limits.Reason, StaffRules.LateRule) is { } badReason)
        {
            return badReason;
        }

        var (venue, clock, today, now) = await Today();
        if (DayOf(today).PhonedInAt is { } phoned)
        {
            return Refusal.Conflict($"Manager {Badge} already phoned in today, at {phoned:O}.", StaffRules.LateRule);
        }

        var signInBy = clock.InstantOf(today, venue.Policy.Workday.SignInBy);
        var day = DayOf(today) with { PhonedInAt = now, LeaveReason = reason?.Trim() };
        S.Days[today] = day;
        Record(actor, now, now <= signInBy
            ? "phoned in to ask for leave before the sign-in deadline: the day is excused"
            : "phoned in after the sign-in deadline: it does not excuse lateness", StaffRules.LateRule, reason);
        await SaveDay(today, clock);
        return day;
    }

    public async Task<Result<ManagerDay>> SignIn(Actor actor)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.LateRule, StaffRules.Recorders) is { } denied)
        {
            return denied;
        }

        var (venue, clock, today, now) = await Today();
        var day = DayOf(today);
        if (day.SignedInAt is not null)
        {
            return Refusal.Conflict($"Manager {Badge} already signed in at {day.SignedInAt:O}.", "WD-1");
        }

        var policy = venue.Policy.Workday;
        var signInBy = clock.InstantOf(today, policy.SignInBy);
        day = day with { LogDueBy = S.Logs.ContainsKey(today) ? null : StaffRules.EndOf(today, clock) };
        if (now <= signInBy || day.Excused(signInBy))
        {
            S.Days[today] = day with { SignedInAt = now };
            S.LateStreak = now <= signInBy ? 0 : S.LateStreak;
            Record(actor, now, now <= signInBy ? "signed in on time" : "signed in after the deadline, excused: phoned in beforehand", "WD-1");
        }
        else
        {
            S.Days[today] = day with { SignedInAt = now, Late = true };
            S.LateStreak++;
            S.Ledger.Add(new LedgerEntry($"late:{today:yyyy-MM-dd}", LedgerKind.Fine, StaffRules.LateRule, policy.LateFine, venue.Venue.Currency, now, Actor.System,
                $"signed in at {clock.ToLocal(now):HH:mm:ss}, after {policy.SignInBy:HH:mm}, without having phoned in", LedgerStatus.Confirmed));
            Record(actor, now, $"signed in late without having phoned in: fined {policy.LateFine} {venue.Venue.Currency}; no new bookings, no credit and no day's pay today", StaffRules.LateRule);
            CancelDayCredit(today, StaffRules.LateRule, now);
            _metrics.SignedInLate(VenueId, S.Profile.Department, now - signInBy);
            _metrics.Fined(VenueId, StaffRules.LateRule, policy.LateFine);
            if (S.LateStreak == policy.LateStreakForReview)
            {
                Record(Actor.System, now, $"{S.LateStreak} late sign-ins in a row: escalated to the department manager for review", StaffRules.ReviewRule);
            }
        }

        await SaveDay(today, clock);
        return S.Days[today];
    }

    public async Task<Result<ManagerDay>> RequestMealLeave(Actor actor, DateTimeOffset? from)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (OwnBadge(actor, "ask for another manager's leave") is { } denied)
        {
            return denied;
        }

        var (venue, clock, today, now) = await Today();
        if (DayOf(today) is { MealFrom: { } asked, MealReturnedAt: null })
        {
            return Refusal.Conflict($"Leave for a meal from {clock.ToLocal(asked):HH:mm} is already asked for; the return is recorded first.", StaffRules.MealRule);
        }

        var policy = venue.Policy.Workday;
        if (from is not { } start || start - now < TimeSpan.FromMinutes(policy.MealLeaveNoticeMinutes))
        {
            return Refusal.Invalid([new FieldError("from", $"Ask at least {policy.MealLeaveNoticeMinutes} minutes before the meal.", StaffRules.MealRule)]);
        }

        var returnBy = clock.InstantOf(today, policy.MealReturnBy);
        if (start >= returnBy)
        {
            return Refusal.Invalid([new FieldError("from", $"The meal must start before the return deadline {policy.MealReturnBy:HH:mm}.", StaffRules.MealRule)]);
        }

        var day = DayOf(today) with { MealFrom = start, MealReturnBy = returnBy, MealReturnedAt = null };
        S.Days[today] = day;
        Record(actor, now, $"asked for leave to dine with a customer from {clock.ToLocal(start):HH:mm}; back by {clock.ToLocal(returnBy):HH:mm}", StaffRules.MealRule);
        await SaveDay(today, clock);
        return day;
    }

    public async Task<Result<ManagerDay>> ReturnFromMeal(Actor actor)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.MealRule, StaffRules.Recorders) is { } denied)
        {
            return denied;
        }

        await ApplyDeadlines();
        var (_, clock, today, now) = await Today();
        if (!S.Days.TryGetValue(today, out var day) || day.MealFrom is null || day.MealReturnedAt is not null)
        {
            return Refusal.Conflict($"Manager {Badge} is not away at a meal.", StaffRules.MealRule);
        }

        S.Days[today] = day with { MealReturnedAt = now };
        Record(actor, now, day.MealOverrun ? "back from the meal after the deadline (already counted as absence)" : "back from the meal in time", StaffRules.MealRule);
        await SaveDay(today, clock);
        return S.Days[today];
    }

    public async Task<Result<ManagerDay>> RecordAbsence(Actor actor, string? rule, string? evidence)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (Access.Require(actor, VenueId, StaffRules.LedgerRule, StaffRules.Supervisors) is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (rule is not (StaffRules.LateRule or StaffRules.EarlyLeaveRule or StaffRules.MoodRule))
        {
            errors.Add(new("rule", "WD-2 (did not come, without having phoned in), WD-3 (left early without approved leave) or WD-6 (bad mood at work)."));
        }

        Limits.CheckText(errors, "evidence", evidence, Limits.Text, rule, "what happened, and how it is known");

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var (venue, clock, today, now) = await Today();
        if (S.Ledger.Any(e => e.Id == $"absent:{rule}:{today:yyyy-MM-dd}"))
        {
            return Refusal.Conflict($"This absence ({rule}) is already recorded for {today:yyyy-MM-dd}.", rule);
        }

        S.Days[today] = DayOf(today) with { LeftEarlyAt = rule == StaffRules.EarlyLeaveRule ? now : DayOf(today).LeftEarlyAt };
        var fine = venue.Policy.Workday.AbsenceFine;
        S.Ledger.Add(new LedgerEntry($"absent:{rule}:{today:yyyy-MM-dd}", LedgerKind.Fine, rule!, fine, venue.Venue.Currency, now, actor.ForRecord(), evidence!.Trim(), LedgerStatus.Confirmed));
        var what = rule switch
        {
            StaffRules.LateRule => "did not come and did not phone in",
            StaffRules.EarlyLeaveRule => "left early without approved leave",
            _ => "showed a bad mood at work",
        };
        Record(actor, now, $"{what}: a day's absence (旷工), fined {fine} {venue.Venue.Currency}; the day's credit is cancelled", rule!, evidence);
        CancelDayCredit(today, rule!, now);
        _metrics.Fined(VenueId, rule!, fine);
        await SaveDay(today, clock);
        return S.Days[today];
    }

    public async Task<Result<DailyLog>> SubmitLog(Actor actor, DailyLogDraft draft)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        if (OwnBadge(actor, "write another manager's daily log") is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (draft.Contacts is < 0 or > 1000)
        {
            errors.Add(new("contacts", "Between 0 and 1000.", StaffRules.ContactsRule));
        }

        if (draft.Gifts is { } gifts && (gifts.FruitPlates < 0 || gifts.Snacks < 0 || gifts.Tickets < 0))
        {
            errors.Add(new("gifts", "Counts of fruit plates, snacks and tickets are zero or more.", StaffRules.LogRule));
        }

        foreach (var (customer, i) in (draft.NewCustomers ?? []).Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(customer.Name) || Rooms.PhoneNumbers.Normalize(customer.Phone) is null)
            {
                errors.Add(new($"newCustomers[{i}]", "Each new customer needs a name and a phone number.", StaffRules.LogRule));
            }
        }

        if ((draft.Bookings ?? []).Any(b => string.IsNullOrWhiteSpace(b.Customer) || b.Spend is not { } spend || Limits.CheckAmount(spend) is not null))
        {
            errors.Add(new("bookings", $"Each booking names the customer and what they spent: {Limits.AmountRange()}.", StaffRules.LogRule));
        }

        Limits.CheckCount(errors, "bookings", draft.Bookings, Limits.LogItems, StaffRules.LogRule);
        Limits.CheckCount(errors, "newCustomers", draft.NewCustomers, Limits.LogItems, StaffRules.LogRule);
        Limits.CheckCount(errors, "feedback", draft.Feedback, Limits.LogItems, StaffRules.LogRule);
        foreach (var (booking, i) in (draft.Bookings ?? []).Select((b, i) => (b, i)))
        {
            Limits.CheckText(errors, $"bookings[{i}].customer", booking.Customer, Limits.Name, StaffRules.LogRule);
        }

        foreach (var (customer, i) in (draft.NewCustomers ?? []).Select((c, i) => (c, i)))
        {
            Limits.CheckText(errors, $"newCustomers[{i}].name", customer.Name, Limits.Name, StaffRules.LogRule);
            Limits.CheckText(errors, $"newCustomers[{i}].phone", customer.Phone, Limits.Phone, StaffRules.LogRule);
        }

        foreach (var (line, i) in (draft.Feedback ?? []).Select((f, i) => (f, i)))
        {
            Limits.CheckText(errors, $"feedback[{i}]", line, Limits.Notes, StaffRules.LogRule);
        }

        Limits.CheckText(errors, "specialEvents", draft.SpecialEvents, Limits.Text, StaffRules.LogRule);

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var (venue, clock, today, now) = await Today();
        if (S.Logs.ContainsKey(today))
        {
            return Refusal.Conflict($"The daily log of {today:yyyy-MM-dd} is already written.", StaffRules.LogRule);
        }

        var claimed = new List<string>();
        var refused = new List<string>();
        foreach (var customer in draft.NewCustomers ?? [])
        {
            var phone = Rooms.PhoneNumbers.Normalize(customer.Phone)!;
            var claim = await GrainFactory.GetGrain<Customers.ICustomerGrain>(phone).Claim(actor, VenueId, customer.Name);
            if (claim.Succeeded)
            {
                claimed.Add(phone);
                if (!S.NewCustomers.Any(c => c.Phone == phone))
                {
                    S.NewCustomers.Add((today, phone));
                }
            }
            else
            {
                refused.Add($"{phone}: {claim.Refusal!.Message}");
            }
        }

        var missing = StaffRules.MissingParts(draft);
        var tooFew = (draft.Contacts ?? 0) < venue.Policy.Workday.MinDailyContacts;
        var log = new DailyLog(today, now, draft, missing, tooFew, claimed, refused);
        S.Logs[today] = log;
        Record(actor, now, $"wrote the daily log of {today:yyyy-MM-dd}{(missing.Count > 0 ? $"; missing {string.Join(", ", missing)} (flagged)" : string.Empty)}{(tooFew ? $"; {draft.Contacts ?? 0} contacts, fewer than {venue.Policy.Workday.MinDailyContacts} (WD-8, flagged)" : string.Empty)}", StaffRules.LogRule);
        await SaveDay(today, clock);
        return log;
    }

    public async Task<Result<ManagerReport>> Report(DateOnly firstDay, DateOnly lastDay)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        await ApplyDeadlines();
        bool In(DateOnly d) => d >= firstDay && d <= lastDay;
        var venue = (await Venue()).Value!;
        var clock = VenueClock.For(venue.Venue);
        var logs = S.Logs.Values.Where(l => In(l.BusinessDay)).ToArray();
        var counted = S.Card.Where(c => In(c.BusinessDay) && c.SignedAt is not null && !c.Void).ToArray();
        var ledger = S.Ledger.Where(e => In(clock.BusinessDayOf(e.At)) && e.Status != LedgerStatus.Rejected).ToArray();
        var flags = logs.SelectMany(l => l.MissingParts.Select(p => $"{l.BusinessDay:yyyy-MM-dd}: daily log without {p} (LG-1)"))
            .Concat(logs.Where(l => l.TooFewContacts).Select(l => $"{l.BusinessDay:yyyy-MM-dd}: fewer than {venue.Policy.Workday.MinDailyContacts} customer contacts (WD-8)"))
            .Concat(S.EmptyLogDays.Where(In).Select(d => $"{d:yyyy-MM-dd}: no daily log (LG-2)"))
            .Concat(S.History.Where(h => In(clock.BusinessDayOf(h.At)) && (h.Rule == StaffRules.ReviewRule || (h.Rule == StaffRules.NewCustomersRule && h.What.Contains("flagged", StringComparison.Ordinal))))
                .Select(h => $"{clock.BusinessDayOf(h.At):yyyy-MM-dd}: {h.What} ({h.Rule})"))
            .ToArray();
        return new ManagerReport(
            Badge, S.Profile.Name, S.Profile.Department,
            S.Days.Values.Count(d => In(d.BusinessDay) && d.SignedInAt is not null),
            S.Days.Values.Count(d => In(d.BusinessDay) && d.Late),
            counted.Length,
            counted.Sum(c => c.Spend),
            S.NewCustomers.Count(c => In(c.Day)),
            logs.Sum(l => l.Content.Gifts?.FruitPlates ?? 0),
            logs.Sum(l => l.Content.Gifts?.Snacks ?? 0),
            logs.Sum(l => l.Content.Gifts?.Tickets ?? 0),
            ledger.Length,
            ledger.Where(e => e.Kind == LedgerKind.Fine && e.Status == LedgerStatus.Confirmed).Sum(e => e.Amount ?? 0),
            flags,
            logs.SelectMany(l => l.Content.Feedback ?? []).ToArray(),
            S.Months.LastOrDefault(m => m.Year == lastDay.Year && m.Month == lastDay.Month));
    }

    /// <summary>PF-1: a cancelled day credits nothing: its slips are void, and later ones arrive void.</summary>
    private void CancelDayCredit(DateOnly day, string rule, DateTimeOffset at)
    {
        if (S.Days[day].CreditCancelledBy is null)
        {
            S.Days[day] = S.Days[day] with { CreditCancelledBy = rule };
        }

        for (var i = 0; i < S.Card.Count; i++)
        {
            if (S.Card[i].BusinessDay == day && !S.Card[i].Void)
            {
                S.Card[i] = S.Card[i] with { Void = true };
                Record(Actor.System, at, $"the slip of booking {S.Card[i].BookingId} is void: the day's credit is cancelled", rule);
            }
        }
    }

    /// <summary>Saves a change to a business day's record and tells that day's shift.</summary>
    private async Task SaveDay(DateOnly businessDay, VenueClock clock)
    {
        await Save();
        ReportToShift(businessDay, clock);
    }

    /// <summary>
    /// Tells the department's shift how this manager's day stands. One-way: the shift calls back at its
    /// close, so waiting here could deadlock; the history's length orders the reports.
    /// </summary>
    private void ReportToShift(DateOnly businessDay, VenueClock clock)
    {
        var log = S.Logs.TryGetValue(businessDay, out var written)
            ? new ShiftLog(written.WrittenAt, written.Content.Contacts ?? 0, written.TooFewContacts, written.MissingParts)
            : null;
        var conduct = S.Ledger.Count(e => e.Rule is StaffRules.MoodRule or StaffRules.QuarrelRule or StaffRules.TipRule && clock.BusinessDayOf(e.At) == businessDay);
        var toSign = S.Card.Count(c => c.BusinessDay == businessDay && c.SignedAt is null && !c.Void);
        GrainFactory.GetGrain<IShiftGrain>(GrainKeys.Shift(VenueId, S.Profile!.Department, businessDay))
            .Report(new ShiftReport(Badge, S.Profile.Name, S.History.Count, DayOf(businessDay), log, conduct, toSign));
    }

    private ManagerDay DayOf(DateOnly day) => S.Days.TryGetValue(day, out var known) ? known : new ManagerDay(day);

    private async Task<(VenueSnapshot Venue, VenueClock Clock, DateOnly Today, DateTimeOffset Now)> Today()
    {
        var venue = (await Venue()).Value!;
        var clock = VenueClock.For(venue.Venue);
        var now = _time.GetUtcNow();
        return (venue, clock, clock.BusinessDayOf(now), now);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ApplyDeadlines();

    /// <summary>Applies every passed deadline once, stamped with its own time by the system actor.</summary>
    private async Task ApplyDeadlines()
    {
        if (S.Profile is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var changed = false;
        var shiftDays = new HashSet<DateOnly>();
        VenueSnapshot? venue = null;
        for (var i = 0; i < S.Messages.Count; i++)
        {
            var message = S.Messages[i];
            if (message.RepliedAt is not null || message.Missed || now <= message.ReplyBy)
            {
                continue;
            }

            venue ??= (await Venue()).Value!;
            var afterOutage = now - message.ReplyBy > DeadlineAlarm.OutageThreshold;
            var fine = venue.Policy.Workday.LeavingPostFine;
            S.Messages[i] = message with { Missed = true };
            S.Ledger.Add(new LedgerEntry(FineId(message.Id), LedgerKind.Fine, StaffRules.ReplyRule, fine, venue.Venue.Currency, message.ReplyBy, Actor.System,
                $"no reply by {message.ReplyBy:O} to the message sent at {message.SentAt:O}: leaving the post (离岗)",
                afterOutage ? LedgerStatus.Recommended : LedgerStatus.Confirmed, AfterOutage: afterOutage));
            Record(Actor.System, message.ReplyBy,
                afterOutage
                    ? $"missed the reply deadline: a fine of {fine} {venue.Venue.Currency} is recommended (applied after an outage; a reply during the outage can still be recorded)"
                    : $"missed the reply deadline: leaving the post, fined {fine} {venue.Venue.Currency}",
                StaffRules.ReplyRule);
            _metrics.ReplyMissed(VenueId, S.Profile.Department);
            if (!afterOutage)
            {
                _metrics.Fined(VenueId, StaffRules.ReplyRule, fine);
            }

            if (StaffRules.SuspensionDue(S.Messages, message.ReplyBy, VenueClock.For(venue.Venue), venue.Policy.Workday))
            {
                S.Ledger.Add(new LedgerEntry("suspend:" + message.Id, LedgerKind.Suspension, StaffRules.ReplyRule, null, venue.Venue.Currency, message.ReplyBy, Actor.System,
                    $"{venue.Policy.Workday.MissedRepliesForSuspension} missed replies this month", LedgerStatus.Recommended));
                Record(Actor.System, message.ReplyBy, "missed replies reached the month's limit: suspension recommended for the department manager to confirm", StaffRules.ReplyRule);
            }

            changed = true;
        }

        foreach (var day in S.Days.Values.Where(d => d.MealReturnBy is { } by && d.MealReturnedAt is null && now > by && !d.MealOverrun).ToArray())
        {
            Record(Actor.System, day.MealReturnBy!.Value, "not back from the meal with a customer by the deadline: a day's absence (旷工); the day's credit is cancelled", StaffRules.MealRule);
            S.Days[day.BusinessDay] = day with { MealOverrun = true };
            CancelDayCredit(day.BusinessDay, StaffRules.MealRule, day.MealReturnBy.Value);
            shiftDays.Add(day.BusinessDay);
            changed = true;
        }

        foreach (var day in S.Days.Values.Where(d => d.LogDueBy is { } due && now > due && !d.LogMissing && !S.Logs.ContainsKey(d.BusinessDay)).OrderBy(d => d.BusinessDay).ToArray())
        {
            venue ??= (await Venue()).Value!;
            S.Days[day.BusinessDay] = day with { LogMissing = true };
            S.EmptyLogDays.Add(day.BusinessDay);
            shiftDays.Add(day.BusinessDay);
            var inMonth = S.EmptyLogDays.Count(d => d.Year == day.BusinessDay.Year && d.Month == day.BusinessDay.Month);
            Record(Actor.System, day.LogDueBy!.Value, $"no daily log for business day {day.BusinessDay:yyyy-MM-dd} ({inMonth} this month)", StaffRules.EmptyLogRule);
            if (inMonth == venue.Policy.Logs.EmptyLogDaysForFine)
            {
                var fine = venue.Policy.Logs.EmptyLogFine;
                S.Ledger.Add(new LedgerEntry($"empty-logs:{day.BusinessDay:yyyy-MM}", LedgerKind.Fine, StaffRules.EmptyLogRule, fine, venue.Venue.Currency, day.LogDueBy.Value, Actor.System,
                    $"{inMonth} business days without a daily log in {day.BusinessDay:yyyy-MM}", LedgerStatus.Confirmed));
                Record(Actor.System, day.LogDueBy.Value, $"{inMonth} empty daily logs this month: fined {fine} {venue.Venue.Currency}", StaffRules.EmptyLogRule);
                _metrics.Fined(VenueId, StaffRules.EmptyLogRule, fine);
            }

            changed = true;
        }

        if (S.NewCustomersCheckAt is { } check && now > check)
        {
            venue ??= (await Venue()).Value!;
            var clock = VenueClock.For(venue.Venue);
            var month = clock.BusinessDayOf(check.AddTicks(-1));
            var reported = S.NewCustomers.Count(c => c.Day.Year == month.Year && c.Day.Month == month.Month && c.Day <= month);
            var needed = venue.Policy.Targets.NewCustomersMin;
            Record(Actor.System, check, reported >= needed
                ? $"{reported} new customers reported by the {month.Day}th: the month's minimum of {needed} is met"
                : $"only {reported} new customers reported by the {month.Day}th (minimum {needed}): flagged to the department manager", StaffRules.NewCustomersRule);
            S.NewCustomersCheckAt = StaffRules.NextNewCustomersCheck(check.AddTicks(1), clock, venue.Policy.Targets);
            changed = true;
        }

        while (S.AssessmentAt is { } assessAt && now > assessAt && S.NextAssessedMonth is { } monthStart)
        {
            venue ??= (await Venue()).Value!;
            var clock = VenueClock.For(venue.Venue);
            var newCustomers = S.NewCustomers.Count(c => c.Day.Year == monthStart.Year && c.Day.Month == monthStart.Month);
            var result = StaffRules.Assess(monthStart, S.Card, S.Profile.Department, S.Profile.OnProbation, newCustomers, venue.Policy.Targets);
            S.Months.Add(result);
            S.MissedMonthsInRow = result.Met ? 0 : S.MissedMonthsInRow + 1;
            Record(Actor.System, assessAt, $"{monthStart:yyyy-MM} assessed: {result.Revenue} {venue.Venue.Currency} of {result.RevenueQuota}{(result.RoomQuota is { } rq ? $", {result.Rooms} of {rq} rooms" : string.Empty)} — {(result.Met ? "quota met" : "below quota")}{(result.OnProbation ? " (on probation: assessed, not dismissed)" : string.Empty)}", StaffRules.QuotaRule);
            if (!result.Met && !result.OnProbation && S.MissedMonthsInRow == venue.Policy.Targets.MissedMonthsForDismissal)
            {
                S.Ledger.Add(new LedgerEntry($"quota:{monthStart:yyyy-MM}", LedgerKind.Dismissal, StaffRules.QuotaRule, null, venue.Venue.Currency, assessAt, Actor.System,
                    $"{S.MissedMonthsInRow} consecutive months below quota", LedgerStatus.Recommended));
                Record(Actor.System, assessAt, $"{S.MissedMonthsInRow} consecutive months below quota: dismissal recommended for the department manager to confirm", StaffRules.QuotaRule);
            }

            S.NextAssessedMonth = monthStart.AddMonths(1);
            S.AssessmentAt = StaffRules.AssessmentAt(S.NextAssessedMonth.Value, clock, venue.Policy.Logs);
            changed = true;
        }

        for (var i = 0; i < S.Card.Count; i++)
        {
            var slip = S.Card[i];
            if (slip.SignedAt is null && !slip.Void && now > slip.SignBy)
            {
                S.Card[i] = slip with { Void = true };
                Record(Actor.System, slip.SignBy, $"the slip of booking {slip.BookingId} was not signed in time: void, the booking does not count", StaffRules.CardRule);
                shiftDays.Add(slip.BusinessDay);
                changed = true;
            }
        }

        await _alarm.ArmAndSave(_state, NextDeadline(), changed);

        if (shiftDays.Count > 0)
        {
            venue ??= (await Venue()).Value!;
            foreach (var day in shiftDays)
            {
                ReportToShift(day, VenueClock.For(venue.Venue));
            }
        }
    }

    private Task Save() => _alarm.ArmAndSave(_state, NextDeadline());

    /// <summary>Just after the earliest open deadline: a reply or a signature at the deadline is on time.</summary>
    private DateTimeOffset? NextDeadline() =>
        S.Messages.Where(m => m.RepliedAt is null && !m.Missed).Select(m => (DateTimeOffset?)m.ReplyBy)
            .Concat(S.Card.Where(c => c.SignedAt is null && !c.Void).Select(c => (DateTimeOffset?)c.SignBy))
            .Concat(S.Days.Values.Where(d => d.MealReturnBy is not null && d.MealReturnedAt is null && !d.MealOverrun).Select(d => d.MealReturnBy))
            .Concat(S.Days.Values.Where(d => d.LogDueBy is not null && !d.LogMissing && !S.Logs.ContainsKey(d.BusinessDay)).Select(d => d.LogDueBy))
            .Append(S.NewCustomersCheckAt)
            .Append(S.AssessmentAt)
            .Min()?.AddTicks(1);

    private Refusal? OwnBadge(Actor actor, string what)
    {
        if (Access.Require(actor, VenueId, StaffRules.LedgerRule, Roles.Manager) is { } denied)
        {
            return denied;
        }

        return actor.Badge == Badge ? null : Refusal.Forbidden($"A manager may not {what} (badge {Badge}, not {actor.Badge ?? "none"}).", StaffRules.LedgerRule);
    }

    private static string FineId(string messageId) => "missed:" + messageId;

    private void Record(Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        S.History.Add(new Change(at, actor.ForRecord(), what, rule, reason));

    private Task<Result<VenueSnapshot>> Venue() => GrainFactory.GetGrain<IVenueGrain>(VenueId).GetSnapshot();

    private ManagerView View() => new(S.Profile!, S.Ledger.ToArray(), S.Messages.ToArray(), S.Card.ToArray(), S.History.ToArray(),
        S.Days.Values.OrderBy(d => d.BusinessDay).ToArray(), S.LateStreak, S.Logs.Values.OrderBy(l => l.BusinessDay).ToArray(), S.Months.ToArray());

    private Refusal Missing() => Refusal.NotFound($"Venue '{VenueId}' has no account manager with badge {Badge}.");

    /// <summary>How many of these instants fall within the last 24 hours: the per-day bounds of <see cref="Limits"/>.</summary>
    private int RecentCount(IEnumerable<DateTimeOffset> instants)
    {
        var since = _time.GetUtcNow().AddDays(-1);
        return instants.Count(at => at > since);
    }
}
