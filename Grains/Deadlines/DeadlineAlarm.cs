using ClubGrains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Timers;

namespace ClubGrains.Deadlines;

/// <summary>
/// Wakes a grain at its earliest pending deadline: a precise grain timer while the grain is active,
/// and one durable reminder per grain so the deadline still takes effect after a crash, a restart or
/// a deactivation. The grain keeps its deadlines (and the wake-up this returns) in its own state,
/// decides what is due, and stamps each effect with the deadline's own time.
/// A grain timer can fire a little before its due time (its clock counts whole milliseconds, and not
/// on the wall clock the grain reads): the grain then finds nothing due and arms again for the time
/// left, so every caller must decide what is due and what comes next from one reading of the clock.
/// A wake that fails is logged and tried again soon, not left to the reminder's next tick.
/// </summary>
public sealed partial class DeadlineAlarm
{
    /// <summary>The one reminder a grain with deadlines registers.</summary>
    public const string ReminderName = "deadline";

    /// <summary>
    /// An effect applied this long after its deadline was held up by an outage (a crash, a restart,
    /// storage down), not by ordinary scheduling; it is marked so.
    /// </summary>
    public static readonly TimeSpan OutageThreshold = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The furthest ahead the alarm is set. Orleans refuses a grain timer due more than about 49.7
    /// days ahead (a uint of milliseconds), and deadlines such as month ends can lie further than
    /// that; a far deadline is woken for at this interval, finds nothing due and is armed again.
    /// </summary>
    public static readonly TimeSpan MaximumArmAhead = TimeSpan.FromDays(7);

    private readonly IGrainBase _grain;
    private readonly TimeProvider _time;
    private readonly Func<Task> _onDue;
    private readonly IReminderRegistry _reminders;
    private readonly TimeSpan _reminderPeriod;
    private readonly ILogger _logger;
    private IGrainTimer? _timer;
    private int _failures;

    public DeadlineAlarm(IGrainBase grain, TimeProvider time, Func<Task> onDue)
    {
        ArgumentNullException.ThrowIfNull(grain);
        if (grain is not IRemindable)
        {
            throw new ArgumentException($"{grain.GetType().Name} must implement IRemindable to hold durable deadlines.", nameof(grain));
        }

        _grain = grain;
        _time = time;
        _onDue = onDue;
        var services = grain.GrainContext.ActivationServices;
        _reminders = services.GetRequiredService<IReminderRegistry>();
        _reminderPeriod = services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<DeadlineAlarm>();
    }

    /// <summary>After a failed wake, the next try comes after 1 s, doubling to 30 s while it keeps failing.</summary>
    public static TimeSpan RetryAfterFailure(int failures) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(5, Math.Max(0, failures - 1))));

    /// <summary>
    /// Arms the alarm for <paramref name="earliest"/> (null: no deadline pending).
    /// <paramref name="wakeUp"/> is the durable wake-up the grain's state last recorded; the result is
    /// the one to record now. The reminder is only written when the wake-up must move earlier or go,
    /// or is behind us while the deadline is more than a reminder period away.
    /// </summary>
    public async Task<DateTimeOffset?> Arm(DateTimeOffset? earliest, DateTimeOffset? wakeUp)
    {
        _timer?.Dispose();
        _timer = null;
        var now = _time.GetUtcNow();
        var grainId = _grain.GrainContext.GrainId;

        if (earliest is not { } due)
        {
            if (wakeUp is not null && await _reminders.GetReminder(grainId, ReminderName) is { } reminder)
            {
                await _reminders.UnregisterReminder(grainId, reminder);
            }

            return null;
        }

        // Whole milliseconds, rounded up: the timer truncates, which would make it fire early every time.
        // At most MaximumArmAhead ahead (a grain timer or reminder reaches about 49.7 days): a far deadline
        // wakes then, finds nothing due and arms again.
        var dueIn = TimeSpan.FromMilliseconds(Math.Ceiling(Min(Max(due - now, TimeSpan.Zero), MaximumArmAhead).TotalMilliseconds));
        var wakesAt = now + dueIn;
        StartTimer(dueIn);

        // A reminder that fires no later than this wake-up, and is not already behind us, will wake the
        // grain in time. One behind us needs no rewrite either while the wake-up is within a reminder
        // period: the timer fires it while the process is up (an activation with a wake that close is
        // not collected as idle), and after a crash the start-up wake (OverdueDeadlines, which wakes every
        // reminder behind us) or the reminder's next tick brings it. At 21:00 this saves a reminder write
        // per release reported while a venue-day's retries are seconds apart.
        if (wakeUp is { } registered && registered <= wakesAt && (registered > now || wakesAt - now <= _reminderPeriod))
        {
            return registered;
        }

        await _reminders.RegisterOrUpdateReminder(grainId, ReminderName, dueIn, _reminderPeriod);
        return wakesAt;
    }

    /// <summary>
    /// The save of a grain that holds deadlines: arms for <paramref name="earliest"/> and writes the
    /// state when it <paramref name="changed"/> or the wake-up to record moved.
    /// </summary>
    public async Task ArmAndSave<TState>(IPersistentState<TState> state, DateTimeOffset? earliest, bool changed = true)
        where TState : IDeadlineState
    {
        var wakeUp = await Arm(earliest, state.State.WakeUp);
        if (changed || wakeUp != state.State.WakeUp)
        {
            state.State.WakeUp = wakeUp;
            await state.WriteOrReloadAsync(_grain);
        }
    }

    private void StartTimer(TimeSpan dueIn) =>
        _timer = _grain.RegisterGrainTimer(
            static (alarm, _) => alarm.Fire(),
            this,
            new GrainTimerCreationOptions { DueTime = dueIn, Period = Timeout.InfiniteTimeSpan, Interleave = false });

    /// <summary>
    /// The timer's wake. A failure (storage or a grain call refused for a moment) would otherwise wait for
    /// the reminder's next tick, a minute or more: it is logged and the wake tried again shortly.
    /// </summary>
    private async Task Fire()
    {
        try
        {
            await _onDue();
            _failures = 0;
        }
        catch (Exception exception)
        {
            _failures++;
            var retry = RetryAfterFailure(_failures);
            LogWakeFailed(_logger, exception, _grain.GrainContext.GrainId, _failures, retry.TotalSeconds);
            _timer?.Dispose();
            StartTimer(retry);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deadline wake of {GrainId} failed ({Failures} in a row); trying again in {RetrySeconds} s")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, GrainId grainId, int failures, double retrySeconds);

    /// <summary>How late an effect is applied after its deadline; beyond a tolerance it was an outage.</summary>
    public TimeSpan LatenessOf(DateTimeOffset due) => Max(_time.GetUtcNow() - due, TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
