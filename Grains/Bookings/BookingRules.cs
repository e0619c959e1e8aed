using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>Who may do what to a booking (BK-6, BK-8) and what a request must hold (BK-1).</summary>
public static class BookingRules
{
    public const string RequiredDetailsRule = "BK-1";
    public const string ReceptionOnlyRule = "BK-6";
    public const string NoEarlyOpeningRule = "BK-7";

    /// <summary>The header that names a booking request across retries, as the API spells it.</summary>
    public const string IdempotencyKeyField = "Idempotency-Key";

    /// <summary>Roles that run bookings: reception and those above it at the venue (BK-6).</summary>
    public static readonly string[] ReceptionRoles = [Roles.Reception, Roles.ReceptionSupervisor, Roles.GeneralManager];

    /// <summary>Roles that may read bookings at their venue; a manager reads only their own.</summary>
    public static readonly string[] ReadingRoles = [.. Roles.All];

    /// <summary>Roles that may place a booking request.</summary>
    public static readonly string[] PlacingRoles = [Roles.Manager, Roles.ApiClient, Roles.Reception, Roles.ReceptionSupervisor, Roles.GeneralManager];

    /// <summary>Whether the reader may read the venue's bookings at all.</summary>
    public static Refusal? MayRead(Actor reader, string venueId) => Access.Require(reader, venueId, ReceptionOnlyRule, ReadingRoles);

    /// <summary>
    /// Whether the reader sees every booking of the venue. A manager sees only the bookings they are
    /// the booker of, a partner system only those it placed; reception and those above see them all.
    /// </summary>
    public static bool SeesEveryBooking(Actor reader) => reader.Role is not (Roles.Manager or Roles.ApiClient);

    /// <summary>Whether the booking is the reader's own: a manager's as its booker, a partner's as its placer.</summary>
    public static bool IsOwnBooking(Actor reader, string? bookerBadge, string? placedBy) => reader.Role switch
    {
        Roles.Manager => reader.Badge is not null && bookerBadge == reader.Badge,
        Roles.ApiClient => placedBy is not null && placedBy == reader.Subject,
        _ => true,
    };

    /// <summary>Whether the reader may see (or, where their role allows, act on) this booking.</summary>
    public static Refusal? MayReadBookingOf(Actor reader, string? bookerBadge, string? placedBy) =>
        IsOwnBooking(reader, bookerBadge, placedBy)
            ? null
            : Refusal.Forbidden(reader.Role == Roles.Manager ? "A manager reads only their own bookings." : "A partner system reads and acts on only the bookings it placed.", ReceptionOnlyRule);

    /// <summary>
    /// Names the part of the board the reader may see: null for the whole board, else one key per
    /// manager badge or partner subject, so each viewer's filtered board has a stamp of its own.
    /// </summary>
    public static string? BoardViewer(Actor reader) => reader.Role switch
    {
        _ when SeesEveryBooking(reader) => null,
        Roles.Manager => "manager:" + reader.Badge,
        _ => "partner:" + reader.Subject,
    };

    /// <summary>BK-1: every detail present and well-formed, or every missing or bad one named.</summary>
    public static IReadOnlyList<FieldError> CheckDetails(BookingRequest request)
    {
        var errors = new List<FieldError>();
        Text(request.GuestName, "guestName", "the guest's full name", errors);
        if (string.IsNullOrWhiteSpace(request.GuestPhone))
        {
            errors.Add(new("guestPhone", "Required: the guest's phone number.", RequiredDetailsRule));
        }
        else if (request.GuestPhone.Length > Limits.Phone)
        {
            errors.Add(new("guestPhone", $"At most {Limits.Phone} characters.", RequiredDetailsRule));
        }
        else if (PhoneNumbers.Normalize(request.GuestPhone) is null)
        {
            errors.Add(new("guestPhone", $"'{request.GuestPhone}' is not a phone number (a Chinese number such as 13800138000, or +country code and number).", RequiredDetailsRule));
        }

        if (request.BookerDepartment is null)
        {
            errors.Add(new("bookerDepartment", "Required: the booker's department, ktv or disco.", RequiredDetailsRule));
        }

        Text(request.BookerName, "bookerName", "the booker's name", errors);
        Text(request.BookerBadge, "bookerBadge", "the booker's badge number (工牌号)", errors);
        if (request.PartySize is < 1 or > 200)
        {
            errors.Add(new("partySize", "Must be between 1 and 200.", RequiredDetailsRule));
        }

        Limits.CheckText(errors, "notes", request.Notes, Limits.Notes);
        Limits.CheckText(errors, "roomId", request.RoomId, Limits.Id);
        Limits.CheckText(errors, "roomType", request.RoomType, Limits.Id);

        return errors;
    }

    /// <summary>BK-1, BK-6: a request with every detail, placed by whom it may be.</summary>
    public static Refusal? CheckPlacement(Actor actor, BookingRequest request)
    {
        var details = CheckDetails(request);
        return details.Count > 0 ? Refusal.Invalid(details, "The booking lacks required details (BK-1); nothing was stored.") : MayPlace(actor, request);
    }

    /// <summary>A booking request as placed (BK-1), with the first entry of its history; no room yet.</summary>
    public static Booking Requested(string id, string venueId, DateOnly businessDay, Actor actor, BookingRequest request, string currency, DateTimeOffset now) => new()
    {
        Id = id,
        VenueId = venueId,
        BusinessDay = businessDay,
        Status = BookingStatus.Requested,
        Source = SourceOf(actor),
        GuestName = request.GuestName!.Trim(),
        GuestPhone = request.GuestPhone!.Trim(),
        GuestPhoneNormalized = PhoneNumbers.Normalize(request.GuestPhone),
        PartySize = request.PartySize,
        Notes = request.Notes,
        BookerDepartment = request.BookerDepartment,
        BookerName = request.BookerName!.Trim(),
        BookerBadge = request.BookerBadge!.Trim(),
        RequestedRoomId = request.RoomId,
        RequestedRoomType = request.RoomType,
        Currency = currency,
        CreatedAt = now,
        PlacedBy = actor.Subject,
        History = [new Change(now, actor.ForRecord(), $"placed a booking for {request.GuestName!.Trim()} as {request.BookerName!.Trim()} (badge {request.BookerBadge!.Trim()})", RequiredDetailsRule, Kind: BookingEvents.Requested)],
    };

    /// <summary>A walk-in names the free room to seat the party in; the guest's details are optional and bounded.</summary>
    public static Refusal? CheckWalkIn(WalkInRequest request)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            errors.Add(new("roomId", "Required: the free room or table to seat the party in."));
        }

        Limits.CheckText(errors, "roomId", request.RoomId, Limits.Id);
        Limits.CheckText(errors, "guestName", request.GuestName, Limits.Name);
        if (request.GuestPhone is { Length: > Limits.Phone })
        {
            errors.Add(new("guestPhone", $"At most {Limits.Phone} characters."));
        }
        else if (request.GuestPhone is not null && PhoneNumbers.Normalize(request.GuestPhone) is null)
        {
            errors.Add(new("guestPhone", $"'{request.GuestPhone}' is not a phone number."));
        }

        if (request.PartySize is < 1 or > 200)
        {
            errors.Add(new("partySize", "Must be between 1 and 200."));
        }

        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    public static string WalkInGuest(WalkInRequest request) => string.IsNullOrWhiteSpace(request.GuestName) ? "walk-in" : request.GuestName.Trim();

    /// <summary>
    /// Who may place this request: a manager only as their own badge (their department is the one their
    /// record holds, checked by the manager grain, whatever the token says); a partner
    /// system on any manager's behalf; reception and above for any booker.
    /// </summary>
    public static Refusal? MayPlace(Actor actor, BookingRequest request)
    {
        if (actor.Role != Roles.Manager)
        {
            return null;
        }

        if (actor.Badge is null || !string.Equals(actor.Badge, request.BookerBadge?.Trim(), StringComparison.Ordinal))
        {
            return Refusal.Forbidden($"A manager books only as their own badge ({actor.Badge ?? "none in the token"}), not as '{request.BookerBadge}'.", ReceptionOnlyRule);
        }

        return null;
    }

    /// <summary>
    /// Whether a retry under a booking's idempotency key asks for that same booking. A key reused for
    /// another request is refused rather than answered with the first booking, so a partner never
    /// believes a second booking was placed when it was not.
    /// </summary>
    public static Refusal? CheckRetry(Booking placed, BookingRequest request)
    {
        var same = placed.GuestName == request.GuestName?.Trim()
            && placed.GuestPhoneNormalized == PhoneNumbers.Normalize(request.GuestPhone)
            && placed.BookerDepartment == request.BookerDepartment
            && placed.BookerName == request.BookerName?.Trim()
            && placed.BookerBadge == request.BookerBadge?.Trim()
            && placed.RequestedRoomId == request.RoomId
            && placed.RequestedRoomType == request.RoomType
            && placed.PartySize == request.PartySize
            && placed.Notes == request.Notes;
        return same
            ? null
            : new Refusal(RefusalKind.Conflict, $"This Idempotency-Key already placed booking {placed.Id} with other details; send a new key for a new booking.", null,
                [new FieldError(IdempotencyKeyField, "Already used for a different booking request.")]);
    }

    /// <summary>A walk-in party's record (BK-5's arrival after a cancellation too): seated from the start, no booker, no credit.</summary>
    public static Booking WalkIn(string id, string venueId, DateOnly businessDay, RoomDefinition room, string guest, DateTimeOffset seatedAt, string currency, string? placedBy, Change first) => new()
    {
        Id = id,
        VenueId = venueId,
        BusinessDay = businessDay,
        Status = BookingStatus.Seated,
        Source = BookingSource.WalkIn,
        GuestName = guest,
        RoomId = room.Id,
        RoomKind = room.Kind,
        SeatedAt = seatedAt,
        Currency = currency,
        Credit = CreditStatus.None,
        CreatedAt = seatedAt,
        PlacedBy = placedBy,
        History = [first],
    };

    public static BookingSource SourceOf(Actor actor) => actor.Role switch
    {
        Roles.Manager => BookingSource.Booker,
        Roles.ApiClient => BookingSource.PartnerSystem,
        _ => BookingSource.Reception,
    };

    /// <summary>Whether the actor's placement also assigns a room: reception's own act, or the policy's automatic assignment.</summary>
    public static bool AssignsOnPlacement(Actor actor, BookingPolicy policy) =>
        ReceptionRoles.Contains(actor.Role) || policy.AutomaticAssignment;

    public static Refusal NotFound(string venueId, string bookingId) => Refusal.NotFound($"Venue '{venueId}' has no booking '{bookingId}'.");

    public static Refusal VenueMissing(string venueId) => Refusal.NotFound($"Venue '{venueId}' does not exist.");

    public static Refusal UnknownRoom(string venueId, string roomId, string field = "roomId") =>
        Refusal.Invalid([new FieldError(field, $"Venue '{venueId}' has no room '{roomId}'.")]);

    public static Refusal WrongStatus(Booking booking, string what, string rule) =>
        Refusal.Conflict($"Cannot {what} a booking that is {booking.Status.ToString().ToLowerInvariant()}.", rule);

    /// <summary>Every command appends to the history, which is bounded: a full one takes no further step.</summary>
    public static Refusal? HistoryFull(Booking booking) =>
        booking.History.Count >= Limits.BookingHistory
            ? Refusal.Conflict($"The booking's history is full ({Limits.BookingHistory} entries); no further change can be recorded on it.", ReceptionOnlyRule)
            : null;

    private static void Text(string? value, string field, string what, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, $"Required: {what}.", RequiredDetailsRule));
        }
        else if (Limits.HasControlCharacters(value))
        {
            errors.Add(new(field, "Must not hold control characters (NUL, line breaks, tabs…).", RequiredDetailsRule));
        }
        else
        {
            Limits.CheckText(errors, field, value, Limits.Name, RequiredDetailsRule);
        }
    }
}
