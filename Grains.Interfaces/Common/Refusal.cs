namespace ClubGrains.Common;

/// <summary>Why a command was refused; the API maps the kind to an HTTP status.</summary>
public enum RefusalKind
{
    Invalid = 0,
    Forbidden = 1,
    NotFound = 2,
    Conflict = 3,
}

/// <summary>One field that failed validation, named as the API spells it (camelCase path).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Rule = null);

/// <summary>
/// A domain refusal: a rule ID where a house rule decided, a message for people, and for invalid input
/// every field that failed.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Refusal")]
public sealed record Refusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Rule = null,
    [property: Id(3)] IReadOnlyList<FieldError>? Fields = null)
{
    public static Refusal Invalid(IReadOnlyList<FieldError> fields, string message = "The request has invalid fields.") =>
        new(RefusalKind.Invalid, message, fields.Select(f => f.Rule).FirstOrDefault(r => r is not null), fields);

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message, string? rule = null) => new(RefusalKind.Conflict, message, rule);

    public static Refusal Forbidden(string message, string? rule = null) => new(RefusalKind.Forbidden, message, rule);
}

/// <summary>The answer of a grain command: a value, or a refusal — never both.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Result`1")]
public sealed record Result<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>
/// A history entry: what changed, who did it, when, and under which rule. <see cref="VenueId"/> names
/// the venue the entry belongs to where one record serves several venues (a customer file), so each
/// venue is shown its own entries; entries stored before it was recorded have none. <see cref="Kind"/>
/// is the event type the change is published as in the venue's feed (e.g. <c>booking.seated</c>);
/// entries stored before kinds were recorded have none.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Change")]
public sealed record Change(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string What,
    [property: Id(3)] string? Rule = null,
    [property: Id(4)] string? Reason = null,
    [property: Id(5)] string? VenueId = null,
    [property: Id(6)] string? Kind = null);

public static class Result
{
    /// <summary>A value; for interface-typed values, which C# does not convert implicitly.</summary>
    public static Result<T> Ok<T>(T value) => new(value, null);
}
