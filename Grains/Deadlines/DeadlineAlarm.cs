using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Timers;

namespace ClubGrains.Deadlines;

/// <summary>
/// Wakes a grain at its earliest pending deadline: a precise grain timer while the grain is active,
/// and one durable reminder per grain so the deadline still takes effect after a crash, a restart or
/// a deactivation. The grain keeps its deadlines (and the wake-up this returns) in its own state,
/// decides what is due, and stamps each effect with the deadline's own time.
/// </summary>
public sealed class DeadlineAlarm
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
    private IGrainTimer? _timer;

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
    }

    /// <summary>
    /// Arms the alarm for <paramref name="earliest"/> (null: no deadline pending).
    /// <paramref name="wakeUp"/> is the durable wake-up the grain's state last recorded; the result is
    /// the one to record now. The reminder is only written when the wake-up must move earlier or go.
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

        var dueIn = Min(Max(due - now, TimeSpan.Zero), MaximumArmAhead);
        var wakesAt = now + dueIn;
        _timer = _grain.RegisterGrainTimer(
            static (alarm, _) => alarm._onDue(),
            this,
            new GrainTimerCreationOptions { DueTime = dueIn, Period = Timeout.InfiniteTimeSpan, Interleave = false });

        // A reminder that fires no later than this wake-up, and is not already behind us, will wake the grain in time.
        if (wakeUp is { } registered && registered <= wakesAt && registered > now)
        {
            return registered;
        }

        await _reminders.RegisterOrUpdateReminder(grainId, ReminderName, dueIn, _reminderPeriod);
        return wakesAt;
    }

    /// <summary>How late an effect is applied after its deadline; beyond a tolerance it was an outage.</summary>
    public TimeSpan LatenessOf(DateTimeOffset due) => Max(_time.GetUtcNow() - due, TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
