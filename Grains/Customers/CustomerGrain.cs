using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Events;
using ClubGrains.Venues;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Customers;

[GenerateSerializer, Alias("clubgrains.CustomerState")]
public sealed class CustomerState : IDeadlineState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public string? VenueId { get; set; }
    [Id(2)] public string? ManagerBadge { get; set; }
    [Id(3)] public DateTimeOffset ClaimedAt { get; set; }
    [Id(4)] public bool Confirmed { get; set; }
    [Id(5)] public Actor? ConfirmedBy { get; set; }
    [Id(6)] public List<CustomerVisit> Visits { get; set; } = [];
    [Id(7)] public List<(string VenueId, string Text)> Feedback { get; set; } = [];
    [Id(8)] public List<Complaint> Complaints { get; set; } = [];
    [Id(9)] public List<Change> History { get; set; } = [];
    [Id(10)] public DateTimeOffset? WakeUp { get; set; }
}

/// <summary>
/// A customer file. The first manager to report the number claims it (TG-3), provisionally until the
/// department manager confirms (CR-1). Visits come from checkouts; each asks its booker to call back
/// within the venue's days (CR-4), and an overdue callback is flagged at its deadline.
/// </summary>
public sealed class CustomerGrain : Grain, ICustomerGrain, IRemindable
{
    private readonly IPersistentState<CustomerState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<CustomerGrain> _logger;
    private readonly Dictionary<string, FeedSource> _feeds = new(StringComparer.Ordinal);
    private DeadlineAlarm _alarm = null!;

    public CustomerGrain([PersistentState("customer", StorageNames.Club)] IPersistentState<CustomerState> state, TimeProvider time, ILogger<CustomerGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    private string Phone => this.GetPrimaryKeyString();

    private CustomerState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, _time, FlagOverdueCallbacks);
        await FlagOverdueCallbacks();

        // What the feeds may have missed before a crash reaches them now.
        await TellFeeds();
    }

    public async Task<Result<CustomerFile>> Claim(Actor actor, string venueId, string? name)
    {
        if (Access.Require(actor, venueId, CustomerRules.NewCustomerRule, Roles.Manager) is { } denied)
        {
            return denied;
        }

        if (CustomerRules.CheckName(name) is { } badName)
        {
            return badName;
        }

        if (S.ManagerBadge is not null)
        {
            return S.VenueId == venueId && S.ManagerBadge == actor.Badge
                ? await View(venueId)
                : Refusal.Conflict($"{Phone} is already registered{(S.VenueId == venueId ? $" by badge {S.ManagerBadge}" : " in the chain")}; a number is new only once.", CustomerRules.NewCustomerRule);
        }

        var now = _time.GetUtcNow();
        (S.Name, S.VenueId, S.ManagerBadge, S.ClaimedAt) = (name!.Trim(), venueId, actor.Badge, now);
        Record(CustomerEvents.Claimed, actor, now, venueId, $"reported {S.Name} as a new customer of badge {actor.Badge}; the file is provisional until the department manager confirms it", CustomerRules.NewCustomerRule);
        await Store();
        return await View(venueId);
    }

    public async Task<Result<CustomerFile>> Confirm(Actor actor, string venueId)
    {
        if (Access.Require(actor, venueId, CustomerRules.FileRule, Roles.DepartmentManager, Roles.GeneralManager) is { } denied)
        {
            return denied;
        }

        if (S.VenueId is null)
        {
            return Missing();
        }

        // The refusal does not say which venue keeps the file: that is the other venue's business.
        if (S.VenueId != venueId)
        {
            return Refusal.Forbidden("The customer file is kept by the venue that registered the number; its department manager confirms it.", CustomerRules.FileRule);
        }

        if (!S.Confirmed)
        {
            var now = _time.GetUtcNow();
            (S.Confirmed, S.ConfirmedBy) = (true, actor.ForRecord());
            Record(CustomerEvents.Confirmed, actor, now, S.VenueId, "confirmed the customer file", CustomerRules.FileRule);
            await Store();
        }

        return await View(S.VenueId);
    }

    public async Task<Result<CustomerFile>> GetFile(string venueId)
    {
        if (S.VenueId is null && S.Visits.Count == 0)
        {
            return Missing();
        }

        return await View(venueId);
    }

    public async Task RecordVisit(CustomerVisit visit)
    {
        if (S.Visits.Any(v => v.BookingId == visit.BookingId))
        {
            return;
        }

        S.Visits.Add(visit);
        Record(CustomerEvents.VisitRecorded, Actor.System, visit.At, visit.VenueId, visit.ManagerBadge is null
            ? $"visited {visit.VenueId} (booking {visit.BookingId}, a walk-in), spending {visit.Spend} {visit.Currency}"
            : $"visited {visit.VenueId} (booking {visit.BookingId}), spending {visit.Spend} {visit.Currency}; badge {visit.ManagerBadge} calls back by {visit.CallbackBy:O}", CustomerRules.CallbackRule);
        await Save();
    }

    public Task<Result<CustomerFile>> AddFeedback(Actor actor, string venueId, string? text) =>
        Note(actor, venueId, text, CustomerRules.FileRule, [Roles.Manager, Roles.DepartmentManager, Roles.GeneralManager, Roles.Reception], t =>
        {
            S.Feedback.Add((venueId, t));
            return "recorded the customer's feedback";
        });

    public Task<Result<CustomerFile>> RecordComplaint(Actor actor, string venueId, string? text) =>
        Note(actor, venueId, text, CustomerRules.ComplaintRule, [Roles.Manager, Roles.DepartmentManager, Roles.GeneralManager, Roles.Reception], t =>
        {
            S.Complaints.Add(new Complaint(Guid.CreateVersion7().ToString("N"), venueId, t, _time.GetUtcNow(), actor.ForRecord()));
            return "recorded a complaint for the department manager to handle";
        });

    public async Task<Result<CustomerFile>> ResolveComplaint(Actor actor, string venueId, string complaintId, string? resolution)
    {
        if (Access.Require(actor, venueId, CustomerRules.ComplaintRule, Roles.DepartmentManager, Roles.GeneralManager) is { } denied)
        {
            return denied;
        }

        // Another venue's complaint is not this venue's to see: not found, as if there were none.
        var index = S.Complaints.FindIndex(c => c.Id == complaintId && c.VenueId == venueId);
        if (index < 0)
        {
            return Refusal.NotFound($"No complaint '{complaintId}' for {Phone} at this venue.");
        }

        var complaint = S.Complaints[index];

        if (complaint.ResolvedAt is not null)
        {
            return Refusal.Conflict("The complaint is already resolved.", CustomerRules.ComplaintRule);
        }

        if (Limits.Check("resolution", resolution, Limits.Text, CustomerRules.ComplaintRule, "how the complaint was resolved") is { } badResolution)
        {
            return badResolution;
        }

        var now = _time.GetUtcNow();
        S.Complaints[index] = complaint with { ResolvedAt = now, ResolvedBy = actor.ForRecord(), Resolution = resolution!.Trim() };
        Record(CustomerEvents.ComplaintResolved, actor, now, venueId, "resolved the complaint", CustomerRules.ComplaintRule, resolution.Trim());
        await Store();
        return await View(complaint.VenueId);
    }

    public async Task<Result<CustomerFile>> RecordCallback(Actor actor, string venueId, string bookingId)
    {
        if (Access.Require(actor, venueId, CustomerRules.CallbackRule, Roles.Manager) is { } denied)
        {
            return denied;
        }

        var index = S.Visits.FindIndex(v => v.BookingId == bookingId && v.VenueId == venueId);
        if (index < 0)
        {
            return Refusal.NotFound($"{Phone} has no visit of booking '{bookingId}' at this venue.");
        }

        var visit = S.Visits[index];

        if (actor.Badge != visit.ManagerBadge)
        {
            return Refusal.Forbidden($"The callback is badge {visit.ManagerBadge}'s to make.", CustomerRules.CallbackRule);
        }

        if (visit.CalledBackAt is not null)
        {
            return Refusal.Conflict("The callback is already recorded.", CustomerRules.CallbackRule);
        }

        var now = _time.GetUtcNow();
        S.Visits[index] = visit with { CalledBackAt = now };
        Record(CustomerEvents.CalledBack, actor, now, visit.VenueId, now <= visit.CallbackBy ? "called the customer back (回访), in time" : "called the customer back (回访), after the deadline", CustomerRules.CallbackRule);
        await Save();
        return await View(visit.VenueId);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => FlagOverdueCallbacks();

    private async Task FlagOverdueCallbacks()
    {
        var now = _time.GetUtcNow();
        var changed = false;
        for (var i = 0; i < S.Visits.Count; i++)
        {
            var visit = S.Visits[i];
            if (visit.ManagerBadge is not null && visit.CalledBackAt is null && !visit.CallbackOverdue && now > visit.CallbackBy)
            {
                S.Visits[i] = visit with { CallbackOverdue = true };
                Record(CustomerEvents.CallbackOverdue, Actor.System, visit.CallbackBy, visit.VenueId, $"no callback by {visit.CallbackBy:O} after the visit to {visit.VenueId} (booking {visit.BookingId}): overdue, flagged to the department manager", CustomerRules.CallbackRule);
                changed = true;
            }
        }

        await _alarm.ArmAndSave(_state, NextCallback(), changed);
    }

    private async Task Save()
    {
        await _alarm.ArmAndSave(_state, NextCallback());
        await TellFeeds();
    }

    private async Task Store()
    {
        await _state.WriteOrReloadAsync(this);
        await TellFeeds();
    }

    /// <summary>
    /// Each venue's feed hears the file's new history entries of that venue once they are stored (see
    /// <see cref="FeedSource"/>); the file is one record across the chain, its entries each of one venue.
    /// </summary>
    private async Task TellFeeds()
    {
        if (S.VenueId is not { } claimedAt)
        {
            return;
        }

        foreach (var venue in S.History.Select(h => h.VenueId ?? claimedAt).Distinct(StringComparer.Ordinal))
        {
            var entries = CustomerEvents.Of(S, venue);
            var feed = _feeds.TryGetValue(venue, out var known) ? known : _feeds[venue] = new FeedSource(venue, CustomerEvents.Source(Phone));
            await feed.Tell(GrainFactory, _logger, entries.Count, held => CustomerEvents.After(S, Phone, entries, held));
        }
    }

    private DateTimeOffset? NextCallback() =>
        S.Visits.Where(v => v.ManagerBadge is not null && v.CalledBackAt is null && !v.CallbackOverdue).Select(v => (DateTimeOffset?)v.CallbackBy).Min()?.AddTicks(1);

    private async Task<Result<CustomerFile>> Note(Actor actor, string venueId, string? text, string rule, string[] roles, Func<string, string> add)
    {
        if (Access.Require(actor, venueId, rule, roles) is { } denied)
        {
            return denied;
        }

        if (Limits.Check("text", text, Limits.Text, rule, "the customer's words") is { } badText)
        {
            return badText;
        }

        // Each note is also a history entry of this venue's, made by a person: those of the last 24 hours are counted.
        var since = _time.GetUtcNow().AddDays(-1);
        if (S.History.Count(h => h.VenueId == venueId && !h.Actor.IsSystem && h.At > since) >= Limits.CustomerNotesPerDay)
        {
            return Refusal.Conflict($"{Limits.CustomerNotesPerDay} notes on this customer were recorded at this venue within the last 24 hours; no more can be recorded now.", rule);
        }

        var what = add(text!.Trim());
        Record(rule == CustomerRules.ComplaintRule ? CustomerEvents.ComplaintRecorded : CustomerEvents.FeedbackRecorded, actor, _time.GetUtcNow(), venueId, what, rule, text.Trim());
        await Store();
        return await View(venueId);
    }

    /// <summary>
    /// The file as one venue may see it; another venue's visits, notes and history stay with that
    /// venue. History entries are matched by the venue recorded with them; entries stored before the
    /// venue was recorded are shown to no venue, since which venue they concern is not known.
    /// </summary>
    private async Task<Result<CustomerFile>> View(string venueId)
    {
        var policy = (await GrainFactory.GetGrain<IVenueGrain>(venueId).GetPolicy()).Value ?? VenuePolicy.Default;
        var visits = S.Visits.Where(v => v.VenueId == venueId).ToArray();
        var sameVenue = S.VenueId == venueId;
        var elsewhere = S.VenueId is null ? "(not registered yet)" : "(registered at another venue)";
        return new CustomerFile(
            Phone,
            sameVenue ? S.Name! : elsewhere,
            sameVenue ? venueId : elsewhere,
            sameVenue ? S.ManagerBadge! : elsewhere,
            S.ClaimedAt,
            S.Confirmed,
            sameVenue ? S.ConfirmedBy : null,
            visits,
            S.Feedback.Where(f => f.VenueId == venueId).Select(f => f.Text).ToArray(),
            S.Complaints.Where(c => c.VenueId == venueId).ToArray(),
            CustomerRules.IsBigCustomer(visits, _time.GetUtcNow(), policy.Customers),
            S.History.Where(h => h.VenueId == venueId).ToArray());
    }

    private Refusal Missing() => Refusal.NotFound($"No customer file for {Phone}.");

    private void Record(string kind, Actor actor, DateTimeOffset at, string venueId, string what, string rule, string? reason = null) =>
        S.History.Add(new Change(at, actor.ForRecord(), what, rule, reason, venueId, kind));
}
