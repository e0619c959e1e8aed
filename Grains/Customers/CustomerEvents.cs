using System.Text.Json;
using ClubGrains.Common;
using ClubGrains.Events;

namespace ClubGrains.Customers;

/// <summary>
/// A customer file as a source of the feeds (<c>customer/{phone}</c>): the file is one record across
/// the chain, so each venue's feed gets the entries of that venue, numbered in their order there. The
/// manager who claimed the file sees its events at their venue.
/// </summary>
public static class CustomerEvents
{
    public const string Claimed = "customer.claimed";
    public const string Confirmed = "customer.confirmed";
    public const string VisitRecorded = "customer.visit_recorded";
    public const string FeedbackRecorded = "customer.feedback_recorded";
    public const string ComplaintRecorded = "customer.complaint_recorded";
    public const string ComplaintResolved = "customer.complaint_resolved";
    public const string CalledBack = "customer.called_back";
    public const string CallbackOverdue = "customer.callback_overdue";

    /// <summary>An entry stored before kinds were recorded.</summary>
    public const string Changed = "customer.changed";

    public static string Source(string phone) => "customer/" + phone;

    /// <summary>The file's history entries of a venue; entries stored before venues were recorded with them are the claiming venue's.</summary>
    public static IReadOnlyList<Change> Of(CustomerState file, string venueId) =>
        [.. file.History.Where(h => (h.VenueId ?? file.VenueId) == venueId)];

    public static IReadOnlyList<SourceEvent> After(CustomerState file, string phone, IReadOnlyList<Change> entries, int held)
    {
        var claimingVenue = entries.Count > 0 && (entries[0].VenueId ?? file.VenueId) == file.VenueId;
        var data = JsonSerializer.Serialize(new { phone, name = file.Name, managerBadge = file.ManagerBadge, confirmed = file.Confirmed, visits = file.Visits.Count });
        return FeedSource.Events(entries, held, Changed, phone, claimingVenue ? file.ManagerBadge : null, null, data);
    }
}
