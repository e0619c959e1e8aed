using ClubGrains.Common;

namespace ClubGrains.Customers;

/// <summary>A visit: a checked-out booking of the customer's, with its spend.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.CustomerVisit")]
public sealed record CustomerVisit(
    [property: Id(0)] string VenueId,
    [property: Id(1)] string BookingId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] decimal Spend,
    [property: Id(4)] string Currency,
    [property: Id(5)] string? ManagerBadge,
    [property: Id(6)] DateTimeOffset CallbackBy,
    [property: Id(7)] DateTimeOffset? CalledBackAt = null,
    [property: Id(8)] bool CallbackOverdue = false);

/// <summary>CR-3: a complaint, handled by the department manager and tracked until resolved.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Complaint")]
public sealed record Complaint(
    [property: Id(0)] string Id,
    [property: Id(1)] string VenueId,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Actor RecordedBy,
    [property: Id(5)] DateTimeOffset? ResolvedAt = null,
    [property: Id(6)] Actor? ResolvedBy = null,
    [property: Id(7)] string? Resolution = null);

/// <summary>CR-1: the customer file, chain-wide, keyed by the normalised phone number.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.CustomerFile")]
public sealed record CustomerFile(
    [property: Id(0)] string Phone,
    [property: Id(1)] string Name,
    [property: Id(2)] string VenueId,
    [property: Id(3)] string ManagerBadge,
    [property: Id(4)] DateTimeOffset ClaimedAt,
    [property: Id(5)] bool Confirmed,
    [property: Id(6)] Actor? ConfirmedBy,
    [property: Id(7)] IReadOnlyList<CustomerVisit> Visits,
    [property: Id(8)] IReadOnlyList<string> Feedback,
    [property: Id(9)] IReadOnlyList<Complaint> Complaints,
    [property: Id(10)] bool BigCustomer,
    [property: Id(11)] IReadOnlyList<Change> History);

/// <summary>What a manager reports of a new customer (LG-1 part 3, TG-3).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.NewCustomer")]
public sealed record NewCustomer(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? Phone = null);
