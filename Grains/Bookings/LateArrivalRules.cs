using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>
/// A guest who arrives after the booking stopped holding a room: after the automatic release
/// (BK-4: reception's check decides), after the booker's cancellation (BK-5: recorded once, a
/// walk-in from then on), or during an outage before the deadline (the release is undone).
/// </summary>
public static class LateArrivalRules
{
    public const string Rule = "BK-4";

    /// <summary>Cancelled at the booker's request, not released by an override.</summary>
    public static bool IsAfterBookersCancellation(Booking booking) =>
        booking.Status == BookingStatus.Cancelled && !booking.History.Any(h => h.Rule == OverrideRules.Rule);

    /// <summary>BK-5: the arrival is recorded once, with what reception checked.</summary>
    public static Refusal? CheckAfterCancellation(Booking booking, LateArrivalCheck check)
    {
        if (booking.ArrivedAfterCancellationAt is { } arrived)
        {
            return Refusal.Conflict($"The guest's arrival after the booker's cancellation is already recorded, at {arrived:O}: seat the party as a walk-in.", CancellationRules.BookersRequestRule);
        }

        var errors = new List<FieldError>();
        Limits.CheckText(errors, "reason", check.Reason, Limits.Reason, CancellationRules.BookersRequestRule, "what reception checked of the arriving guest");
        CheckArrivingGuest(errors, check);
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>A retry of a mismatch already recorded: the recommendation is delivered again (the ledger takes it once).</summary>
    public static bool IsFineRetry(Booking booking, LateArrivalCheck check) =>
        booking.Status == BookingStatus.Void && booking.Fine is not null && check.DetailsMatch == false;

    /// <summary>BK-4: a released booking; reception says whether the details match, why, and where a match sits.</summary>
    public static Refusal? CheckAfterRelease(Booking booking, LateArrivalCheck check)
    {
        if (booking.Status != BookingStatus.Released)
        {
            return BookingRules.WrongStatus(booking, "record a late arrival for", Rule);
        }

        var errors = new List<FieldError>();
        if (check.DetailsMatch is null)
        {
            errors.Add(new("detailsMatch", "Required: whether the arriving guest's details match the booking (核实).", Rule));
        }

        Limits.CheckText(errors, "reason", check.Reason, Limits.Reason, Rule, "what reception checked and why it decided so");
        CheckArrivingGuest(errors, check);
        if (check.DetailsMatch == true && string.IsNullOrWhiteSpace(check.RoomId))
        {
            errors.Add(new("roomId", "Required: the free room to seat the guest in.", Rule));
        }

        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>What reception checked, beside what was booked: the evidence of the decision.</summary>
    public static string Evidence(Booking booking, LateArrivalCheck check) =>
        $"{check.Reason!.Trim()} (booked: {booking.GuestName}, {booking.GuestPhone}; arriving: {check.ArrivingGuestName ?? "not given"}, " +
        $"{check.ArrivingGuestPhone ?? "not given"}{(check.ArrivingGuestPhone is { } phone && PhoneNumbers.Normalize(phone) is { } normalized ? normalized == booking.GuestPhoneNormalized ? ", same phone" : ", another phone" : string.Empty)})";

    /// <summary>A mismatch is cheating: the policy's fine, recommended on the booker for the department manager to confirm (DS-4).</summary>
    public static FineRecommendation Fine(Booking booking, BookingPolicy policy, DateTimeOffset now, Actor actor, string evidence) =>
        new(Rule, booking.BookerBadge!, policy.CheatingFine, booking.Currency, now, actor.ForRecord(), evidence);

    /// <summary>The ledger's operation id of the booking's fine, so a retry records it once.</summary>
    public static string FineOperation(string bookingId) => $"{Rule}:{bookingId}";

    /// <summary>Only a release applied after an outage is undone, by an arrival between the assignment and the deadline.</summary>
    public static Refusal? CheckOutageArrival(Booking booking, DateTimeOffset arrivedAt, string? reason)
    {
        if (booking.Status != BookingStatus.Released || !booking.ReleasedAfterOutage)
        {
            return Refusal.Conflict("Only a release applied after an outage can be undone by an arrival recorded with its real time.");
        }

        var errors = new List<FieldError>();
        if (arrivedAt > booking.ReleasedAt || arrivedAt < booking.AssignedAt)
        {
            errors.Add(new("arrivedAt", $"The guest must have arrived between the assignment ({booking.AssignedAt:O}) and the deadline ({booking.ReleasedAt:O}).", booking.HoldRule));
        }

        Limits.CheckText(errors, "reason", reason, Limits.Reason, booking.HoldRule, "how reception knows when the guest arrived");
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    private static void CheckArrivingGuest(List<FieldError> errors, LateArrivalCheck check)
    {
        Limits.CheckText(errors, "arrivingGuestName", check.ArrivingGuestName, Limits.Name);
        Limits.CheckText(errors, "arrivingGuestPhone", check.ArrivingGuestPhone, Limits.Phone);
        Limits.CheckText(errors, "roomId", check.RoomId, Limits.Id);
    }
}
