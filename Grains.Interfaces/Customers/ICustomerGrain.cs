using ClubGrains.Common;

namespace ClubGrains.Customers;

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
