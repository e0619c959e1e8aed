using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Rooms;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Shifts;

[GenerateSerializer, Alias("clubgrains.ShiftState")]
public sealed class ShiftState : IDeadlineState
{
    [Id(0)] public Dictionary<string, ShiftReport> Reports { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<string> Expected { get; set; } = [];
    [Id(2)] public DateTimeOffset? SignInBy { get; set; }
    [Id(3)] public DateTimeOffset? ClosesAt { get; set; }
    [Id(4)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(5)] public DateTimeOffset? WakeUp { get; set; }
    [Id(6)] public List<Change> History { get; set; } = [];
}

/// <summary>
/// A department's shift on one business day. The first manager's report opens it: who is expected is
/// then the department's roster, and its close is armed for the business day's end (a grain timer and
/// the durable wake-up). At the close every expected manager settles the day with the shift; one who
/// never signed in nor phoned in is absent (WD-2). A read never opens a shift.
/// </summary>
public sealed class ShiftGrain : Grain, IShiftGrain, IRemindable
{
    private readonly IPersistentState<ShiftState> _state;
    private readonly TimeProvider _time;
    private DeadlineAlarm _alarm = null!;

    public ShiftGrain([PersistentState("shift", StorageNames.Club)] IPersistentState<ShiftState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    private ShiftState S => _state.State;

    private (string VenueId, VenueKind Department, DateOnly Day) Key => GrainKeys.ParseShift(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, _time, Close);
        if (S.ClosesAt is not null)
        {
            await Close();
        }
    }

    public async Task Report(ShiftReport report)
    {
        if (S.Reports.TryGetValue(report.Badge, out var known) && known.Sequence >= report.Sequence)
        {
            return;
        }

        if (S.ClosesAt is null)
        {
            await Open();
        }

        S.Reports[report.Badge] = report;
        if (!S.Expected.Contains(report.Badge, StringComparer.Ordinal))
        {
            S.Expected.Add(report.Badge);
        }

        await Save(changed: true);
    }

    public async Task<Result<ShiftView>> GetShift(Actor reader)
    {
        var (venueId, department, day) = Key;
        if (Access.Require(reader, venueId, ShiftRules.SignInRule, StaffRules.ShiftReaders) is { } denied)
        {
            return denied;
        }

        // An open shift holds its times and who is expected; one not opened yet shows what it would hold.
        DateTimeOffset signInBy, closesAt;
        IReadOnlyList<string> expected;
        if (S is { SignInBy: { } heldSignInBy, ClosesAt: { } heldClosesAt })
        {
            await Close();
            (signInBy, closesAt, expected) = (heldSignInBy, heldClosesAt, S.Expected);
        }
        else if (await GrainFactory.GetGrain<IVenueGrain>(venueId).GetSnapshot() is { Value: { } venue })
        {
            (signInBy, closesAt) = ShiftRules.Times(venue, day);
            expected = await Roster();
        }
        else
        {
            return Refusal.NotFound($"Venue '{venueId}' does not exist.");
        }

        var members = expected.Union(S.Reports.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(badge => S.Reports.TryGetValue(badge, out var r) ? new ShiftMember(badge, r.Name, r.Day, r.Log, r.ConductEntries, r.CardSlipsToSign) : new ShiftMember(badge, null, null, null, 0))
            .ToArray();
        var days = members.Select(m => m.Day).OfType<ManagerDay>().ToArray();
        return new ShiftView(
            venueId, department, day, signInBy, closesAt, members,
            members.Where(m => m.Day?.SignedInAt is null).Select(m => m.Badge).ToArray(),
            SignedIn: days.Count(d => d.SignedInAt is not null),
            Late: days.Count(d => d.Late),
            Absent: days.Count(d => d.CreditCancelledBy is not null && !d.Late),
            LogsIn: members.Count(m => m.Log is not null),
            Contacts: members.Sum(m => m.Log?.Contacts ?? 0),
            S.ClosedAt,
            S.History.ToArray(),
            CardSlipsToSign: members.Sum(m => m.CardSlipsToSign));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Close();

    private async Task Open()
    {
        var (venueId, department, day) = Key;
        var venue = (await GrainFactory.GetGrain<IVenueGrain>(venueId).GetSnapshot()).Value!;
        (S.SignInBy, S.ClosesAt) = ShiftRules.Times(venue, day);
        S.Expected = [.. await Roster()];
        S.History.Add(new Change(_time.GetUtcNow(), Actor.System,
            $"opened the {department.ToString().ToLowerInvariant()} shift of {day:yyyy-MM-dd}: {S.Expected.Count} manager(s) expected, sign-in by {S.SignInBy:O}", ShiftRules.SignInRule));
    }

    /// <summary>At the business day's end (applied once, stamped with that time), every expected manager settles the day.</summary>
    private async Task Close()
    {
        var closed = false;
        if (S.ClosesAt is { } closesAt && S.ClosedAt is null && _time.GetUtcNow() > closesAt)
        {
            var (venueId, _, day) = Key;
            foreach (var badge in S.Expected)
            {
                var settled = await GrainFactory.GetGrain<IManagerGrain>(GrainKeys.Manager(venueId, badge)).CloseDay(day, closesAt);
                S.Reports[badge] = S.Reports.TryGetValue(badge, out var known)
                    ? known with { Day = settled }
                    : new ShiftReport(badge, string.Empty, 0, settled, null, 0);
            }

            var noShows = S.Reports.Values.Where(r => r.Day.NoShow).Select(r => r.Badge).Order(StringComparer.Ordinal).ToArray();
            S.ClosedAt = closesAt;
            S.History.Add(new Change(closesAt, Actor.System, noShows.Length == 0
                ? "closed the shift: every expected manager signed in or was excused"
                : $"closed the shift: {string.Join(", ", noShows)} never signed in nor phoned in, a day's absence (旷工) each", StaffRules.LateRule));
            closed = true;
        }

        await Save(closed);
    }

    /// <summary>Arms the close (or disarms it once closed) and stores what changed.</summary>
    private Task Save(bool changed) => _alarm.ArmAndSave(_state, S.ClosedAt is null ? S.ClosesAt?.AddTicks(1) : null, changed);

    private async Task<IReadOnlyList<string>> Roster()
    {
        var (venueId, department, _) = Key;
        return await GrainFactory.GetGrain<IVenueRosterGrain>(venueId).Badges(department);
    }
}
