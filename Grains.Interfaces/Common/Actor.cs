namespace ClubGrains.Common;

/// <summary>
/// Who performs a command: every grain command carries one, and every recorded change names it.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Actor")]
public sealed record Actor(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Role,
    [property: Id(2)] string? DisplayName = null,
    [property: Id(3)] string? Badge = null)
{
    public const string SystemSubject = "system";

    /// <summary>The actor of automatic steps (deadlines, projections).</summary>
    public static Actor System { get; } = new(SystemSubject, Roles.System, "ClubGrains");

    public bool IsSystem => Role == Roles.System;
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
