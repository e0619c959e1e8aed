namespace ClubGrains.Common;

/// <summary>
/// Who performs a command: every grain command carries one, grains check its role and venue grants
/// again, and every recorded change names it (without its grants, see <see cref="ForRecord"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Actor")]
public sealed record Actor(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Role,
    [property: Id(2)] string? DisplayName = null,
    [property: Id(3)] string? Badge = null,
    [property: Id(4)] IReadOnlyList<string>? Venues = null,
    [property: Id(5)] string? Department = null)
{
    public const string SystemSubject = "system";

    /// <summary>The grant of every venue; only operators may hold it.</summary>
    public const string AllVenues = "*";

    /// <summary>The actor of automatic steps (deadlines, projections).</summary>
    public static Actor System { get; } = new(SystemSubject, Roles.System, "ClubGrains");

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSystem => Role == Roles.System;

    /// <summary>Whether the actor's grants cover a venue.</summary>
    public bool MayActAt(string venueId) =>
        IsSystem
        || (Venues is { } venues && (venues.Contains(venueId) || (Role == Roles.Operator && venues.Contains(AllVenues))));

    public bool HasRole(params string[] roles) => IsSystem || roles.Contains(Role);

    /// <summary>The actor as history records it: who, in which role, with which badge.</summary>
    public Actor ForRecord() => Venues is null && Department is null ? this : this with { Venues = null, Department = null };
}

/// <summary>The roles of the rulebook's "People and roles" table, plus the system actor.</summary>
public static class Roles
{
    public const string GeneralManager = "gm";
    public const string ReceptionSupervisor = "reception-supervisor";
    public const string Reception = "reception";
    public const string DepartmentManager = "dept-manager";
    public const string Manager = "manager";
    public const string Operator = "operator";
    public const string ApiClient = "api-client";
    public const string System = "system";

    public static IReadOnlyList<string> All { get; } =
    [
        GeneralManager, ReceptionSupervisor, Reception, DepartmentManager, Manager, Operator, ApiClient,
    ];
}
