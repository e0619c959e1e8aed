using Microsoft.Extensions.Logging;

namespace ClubGrains.Deadlines;

/// <summary>
/// Once the silo is active, wakes every grain whose durable deadline wake-up fell due while no silo
/// was running. The reminder service does not replay ticks missed while the process was down: it
/// waits for the next one of the period, so a hold whose deadline passed during an outage would be
/// released about a minute after the restart. Each grain decides for itself what is due (a wake with
/// nothing due only arms again), so waking one twice, from every silo starting at once, is harmless.
/// </summary>
internal sealed partial class OverdueDeadlines(
    IReminderTable reminders,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<OverdueDeadlines> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int Concurrency = 8;
    private readonly CancellationTokenSource _stopping = new();
    private Task _waking = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OverdueDeadlines), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        // In the background: the silo is ready at once, and the wakes go while it serves.
        _waking = Task.Run(() => WakeOverdue(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _waking.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WakeOverdue(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow().UtcDateTime;

            // A range whose start is its end is the whole ring: every row of the service.
            var overdue = (await reminders.ReadRows(0, 0, cancellationToken)).Reminders
                .Where(r => r.ReminderName == DeadlineAlarm.ReminderName && r.StartAt <= now)
                .ToArray();
            if (overdue.Length == 0)
            {
                return;
            }

            LogWaking(logger, overdue.Length);
            var failed = 0;
            await Parallel.ForEachAsync(overdue, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (row, token) =>
            {
                try
                {
                    await grains.GetGrain<IRemindable>(row.GrainId).ReceiveReminder(row.ReminderName, new TickStatus(row.StartAt, row.Period, now), token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Its reminder still wakes it at the next period.
                    Interlocked.Increment(ref failed);
                    LogWakeFailed(logger, exception, row.GrainId);
                }
            });
            LogWoken(logger, overdue.Length - failed, overdue.Length);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogReadFailed(logger, exception);
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Waking {Count} grains whose deadline wake-up fell due while no silo was running")]
    private static partial void LogWaking(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Woken} of {Count} grains with overdue deadlines")]
    private static partial void LogWoken(ILogger logger, int woken, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake {GrainId} for its overdue deadline; its reminder's next tick will")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the reminder table for overdue deadlines; they come at their reminders' next tick")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
