using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Events;
using ClubGrains.Shifts;
using ClubGrains.Telemetry;
using ClubGrains.Venues;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Staff;

/// <summary>
/// An account manager's record. The decisions are the rules' (<see cref="StaffRules"/> and its
/// families); the grain loads, asks them, persists and arms. Its commands are split by rule family:
/// the working day, messages, ledger, card, logs, and the deadlines, which are held in its state and
/// applied once, stamped with their own time, by the system actor.
/// </summary>
public sealed partial class ManagerGrain : Grain, IManagerGrain, IRemindable
{
    private readonly IPersistentState<ManagerState> _state;
    private readonly TimeProvider _time;
    private readonly ClubGrainsMetrics _metrics;
    private readonly ILogger<ManagerGrain> _logger;
    private DeadlineAlarm _alarm = null!;
    private FeedSource? _feed;

    public ManagerGrain([PersistentState("manager", StorageNames.Club)] IPersistentState<ManagerState> state, TimeProvider time, ClubGrainsMetrics metrics, ILogger<ManagerGrain> logger)
    {
        _state = state;
        _time = time;
        _metrics = metrics;
        _logger = logger;
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

        var checkedDraft = StaffRules.Register(Badge, draft, S.Profile);
        if (checkedDraft.Value is not { } registration)
        {
            return checkedDraft.Refusal!;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return StaffRules.VenueMissing(VenueId);
        }

        if (StaffRules.RunsDepartment(venue.Venue, registration.Department) is { } elsewhere)
        {
            return elsewhere;
        }

        var now = _time.GetUtcNow();
        if (S.Profile is null)
        {
            var clock = VenueClock.For(venue.Venue);
            S.NextAssessedMonth = LogRules.MonthOf(clock.BusinessDayOf(now));
            S.AssessmentAt = LogRules.AssessmentAt(S.NextAssessedMonth.Value, clock, venue.Policy.Logs);
            S.NewCustomersCheckAt = LogRules.NextNewCustomersCheck(now, clock, venue.Policy.Targets);
        }

        var (name, department, onProbation) = registration;
        S.Profile = S.Profile is null
            ? new ManagerProfile(VenueId, Badge, name, department, onProbation, ManagerStatus.Active, now)
            : S.Profile with { Name = name, Department = department, OnProbation = onProbation };
        Record(ManagerEvents.Registered, actor, now, $"registered {name} (badge {Badge}, {department.ToString().ToLowerInvariant()}, {(onProbation ? "on probation" : "regular")})", StaffRules.LedgerRule);
        await Save();
        await GrainFactory.GetGrain<IVenueRosterGrain>(VenueId).Enlist(Badge, department);
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

    /// <summary>
    /// The guard of every command on a registered manager's record: a missing record first, then who
    /// may give the command (<paramref name="permit"/>), then the command itself.
    /// </summary>
    private async Task<Result<T>> Command<T>(Actor actor, Permit permit, Func<ManagerProfile, Task<Result<T>>> act)
    {
        if (S.Profile is not { } profile)
        {
            return Missing();
        }

        if (StaffRules.MayCommand(actor, VenueId, Badge, permit) is { } denied)
        {
            return denied;
        }

        return await act(profile);
    }

    private async Task Save()
    {
        await _alarm.ArmAndSave(_state, StaffRules.NextDeadline(S));
        await TellFeed();
    }

    /// <summary>The venue's feed hears the record's new history entries once they are stored (see <see cref="FeedSource"/>).</summary>
    private Task TellFeed() =>
        (_feed ??= new FeedSource(VenueId, ManagerEvents.Source(Badge))).Tell(GrainFactory, _logger, S.History.Count, held => ManagerEvents.After(S, held));

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
        var conduct = LedgerRules.ConductOn(S.Ledger, businessDay, clock);
        var toSign = CardRules.ToSignOn(S.Card, businessDay);
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

    private void Record(string kind, Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        S.History.Add(new Change(at, actor.ForRecord(), what, rule, reason, Kind: kind));

    private Task<Result<VenueSnapshot>> Venue() => GrainFactory.GetGrain<IVenueGrain>(VenueId).GetSnapshot();

    private ManagerView View() => new(S.Profile!, S.Ledger.ToArray(), S.Messages.ToArray(), S.Card.ToArray(), S.History.ToArray(),
        S.Days.Values.OrderBy(d => d.BusinessDay).ToArray(), S.LateStreak, S.Logs.Values.OrderBy(l => l.BusinessDay).ToArray(), S.Months.ToArray());

    private Refusal Missing() => StaffRules.Missing(VenueId, Badge);
}
