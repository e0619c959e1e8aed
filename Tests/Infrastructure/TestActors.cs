
namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// Who tests read as when they call grains from outside the silo. Not the system actor: the silo
/// refuses it from any caller but a grain (SystemActorGuard).
/// </summary>
public static class TestActors
{
    /// <summary>An operator granted every venue: reads whatever the rules let an operator read.</summary>
    public static Actor Auditor { get; } = new("auditor", Roles.Operator, "Auditor", Venues: [Actor.AllVenues]);
}
