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

/// <summary>
/// A customer of the chain, keyed by normalised phone number (+8613800138000): who registered the
/// number first (TG-3: it cannot be claimed as new twice), visits and spend, feedback, complaints
/// and callbacks (CR-1 to CR-4).
/// </summary>
[Alias("clubgrains.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>TG-3/CR-1: a manager reports a new customer; the first report claims the number, provisionally.</summary>
    [Alias("Claim")]
    Task<Result<CustomerFile>> Claim(Actor actor, string venueId, string? name);

    /// <summary>CR-1: the department manager of the venue that registered the number confirms the file.</summary>
    [Alias("Confirm")]
    Task<Result<CustomerFile>> Confirm(Actor actor, string venueId);

    /// <summary>The file as one venue sees it: its own visits, feedback and complaints, and who claimed the number.</summary>
    [Alias("GetFile")]
    Task<Result<CustomerFile>> GetFile(string venueId);

    /// <summary>A checked-out booking of this customer's (idempotent by booking); the manager must call back (CR-4).</summary>
    [Alias("RecordVisit")]
    Task RecordVisit(CustomerVisit visit);

    [Alias("AddFeedback")]
    Task<Result<CustomerFile>> AddFeedback(Actor actor, string venueId, string? text);

    [Alias("RecordComplaint")]
    Task<Result<CustomerFile>> RecordComplaint(Actor actor, string venueId, string? text);

    [Alias("ResolveComplaint")]
    Task<Result<CustomerFile>> ResolveComplaint(Actor actor, string venueId, string complaintId, string? resolution);

    /// <summary>CR-4: the customer's manager records the callback after a visit.</summary>
    [Alias("RecordCallback")]
    Task<Result<CustomerFile>> RecordCallback(Actor actor, string venueId, string bookingId);
}
