using System.Collections.Concurrent;
using ClubGrains.Deadlines;

namespace ClubGrains.Tests.Deadlines;

/// <summary>A grain with deadlines and nothing else, to prove <see cref="DeadlineAlarm"/> on its own.</summary>
[Alias("clubgrains.tests.IDeadlineProbeGrain")]
public interface IDeadlineProbeGrain : IGrainWithStringKey
{
    [Alias("Schedule")]
    Task Schedule(string name, DateTimeOffset due);

    [Alias("Fired")]
    Task<IReadOnlyList<FiredDeadline>> Fired();
}

[GenerateSerializer, Immutable, Alias("clubgrains.tests.FiredDeadline")]
public sealed record FiredDeadline(
    [property: Id(0)] string Grain,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset Due,
    [property: Id(3)] DateTimeOffset AppliedAt,
    [property: Id(4)] string WokenBy);

[GenerateSerializer, Alias("clubgrains.tests.DeadlineProbeState")]
public sealed class DeadlineProbeState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> Pending { get; set; } = [];
    [Id(1)] public List<FiredDeadline> Fired { get; set; } = [];
    [Id(2)] public DateTimeOffset? WakeUp { get; set; }
}

public sealed class DeadlineProbeGrain : Grain, IDeadlineProbeGrain, IRemindable
{
    /// <summary>What every probe applied, seen by tests without calling a grain.</summary>
    public static ConcurrentQueue<FiredDeadline> Applied { get; } = new();

    private readonly IPersistentState<DeadlineProbeState> _state;
    private readonly TimeProvider _time;
    private DeadlineAlarm? _alarm;
    private string _wokenBy = "activation";

    public DeadlineProbeGrain([PersistentState("probe", StorageNames.Club)] IPersistentState<DeadlineProbeState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, _time, () => ApplyDue("timer"));
        await ApplyDue("activation");
    }

    public async Task Schedule(string name, DateTimeOffset due)
    {
        _state.State.Pending[name] = due;
        await Rearm();
    }

    public Task<IReadOnlyList<FiredDeadline>> Fired() => Task.FromResult<IReadOnlyList<FiredDeadline>>(_state.State.Fired.ToArray());

    public Task ReceiveReminder(string reminderName, TickStatus status) => ApplyDue("reminder");

    private async Task ApplyDue(string wokenBy)
    {
        _wokenBy = wokenBy;
        var now = _time.GetUtcNow();
        var due = _state.State.Pending.Where(p => p.Value <= now).ToArray();
        foreach (var (name, at) in due)
        {
            _state.State.Pending.Remove(name);
            var fired = new FiredDeadline(this.GetPrimaryKeyString(), name, at, now, _wokenBy);
            _state.State.Fired.Add(fired);
            Applied.Enqueue(fired);
        }

        await Rearm();
    }

    private async Task Rearm()
    {
        var earliest = _state.State.Pending.Count == 0 ? (DateTimeOffset?)null : _state.State.Pending.Values.Min();
        _state.State.WakeUp = await _alarm!.Arm(earliest, _state.State.WakeUp);
        await _state.WriteStateAsync();
    }
}
