namespace ClubGrains.Deadlines;

/// <summary>
/// The state of a grain that holds deadlines keeps the wake-up its <see cref="DeadlineAlarm"/> last
/// armed, so that an activation knows whether a durable reminder is already registered in time.
/// </summary>
public interface IDeadlineState
{
    DateTimeOffset? WakeUp { get; set; }
}
